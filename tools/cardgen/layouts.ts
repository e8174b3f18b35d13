import type { CardSide, DataSplit, NidCardKind, NidField } from './card-types';
import type { Rng } from './prng';

/**
 * Layout families of generated NID cards. A family is a set of ranges (where the photo sits, where rows start, how
 * far apart they are, how big labels and values are, whether a value stands in a column or right after its label);
 * every card draws its own numbers from them, and every row is jittered. The reader shares none of this: it must
 * find labels and values by their content.
 */

type Range = readonly [number, number];

export interface LayoutFamily {
  name: string;
  split: DataSplit;
  /** Values in a column of their own, or right after their label. */
  arrangement: 'columns' | 'inline';
  /** Fractions of the card's width (x, widths) and height (y, sizes). */
  photoLeft: Range;
  photoWidth: Range;
  photoTop: Range;
  /** Between the photo's right edge and the labels. */
  textGap: Range;
  /** Baseline of the first front row. */
  firstRow: Range;
  pitch: Range;
  rowJitter: number;
  labelSize: Range;
  valueSize: Range;
  /** `columns`: where values start, from the labels' left edge. */
  valueColumn: Range;
  /** `inline`: the space after a label, in ems of the value's size. */
  inlineGap: Range;
  /** Chance that a label ends with a colon. */
  colon: number;
  labels: Partial<Record<NidField, readonly string[]>> & { nidSmart: readonly string[]; nidOld: readonly string[] };
  /** Back: the address value on the label's line, or on the lines below it. */
  addressBelowLabel: number;
  /** Back: birth place on the blood group's row (else a row of its own). */
  birthPlaceBesideBloodGroup: number;
  /** Back: the issue date printed in Bengali digits. */
  bengaliDigitIssueDate: number;
  /** The NID printed in groups (`863 705 1672`). */
  groupedNid: number;
  /** Back: the long address form (house, village, post office, upazila, district). */
  longAddress: number;
  /** The MRZ's top edge (smart backs) and the barcode's (old backs). */
  zoneTop: Range;
}

const BASE_LABELS = {
  nameBn: ['নাম'],
  nameEn: ['Name'],
  fatherName: ['পিতা'],
  motherName: ['মাতা'],
  dateOfBirth: ['Date of Birth'],
  address: ['ঠিকানা'],
  bloodGroup: ['রক্তের গ্রুপ / Blood Group'],
  birthPlace: ['জন্মস্থান'],
  issueDate: ['প্রদানের তারিখ'],
  nidSmart: ['ID NO'],
  nidOld: ['NID No.'],
} as const;

export const LAYOUT_FAMILIES: readonly LayoutFamily[] = [
  {
    name: 'columns',
    split: 'tuning',
    arrangement: 'columns',
    photoLeft: [0.025, 0.045],
    photoWidth: [0.2, 0.23],
    photoTop: [0.24, 0.28],
    textGap: [0.025, 0.045],
    firstRow: [0.28, 0.32],
    pitch: [0.095, 0.105],
    rowJitter: 0.008,
    labelSize: [0.036, 0.042],
    valueSize: [0.048, 0.056],
    valueColumn: [0.11, 0.14],
    inlineGap: [0.4, 0.6],
    colon: 0.9,
    labels: { ...BASE_LABELS, nidSmart: ['ID NO', 'NID No'], nidOld: ['NID No.', 'NID No'] },
    addressBelowLabel: 0.1,
    birthPlaceBesideBloodGroup: 0.8,
    bengaliDigitIssueDate: 0.1,
    groupedNid: 0,
    longAddress: 0.3,
    zoneTop: [0.64, 0.68],
  },
  {
    name: 'inline',
    split: 'tuning',
    arrangement: 'inline',
    photoLeft: [0.02, 0.04],
    photoWidth: [0.2, 0.24],
    photoTop: [0.26, 0.31],
    textGap: [0.02, 0.04],
    firstRow: [0.33, 0.38],
    pitch: [0.088, 0.098],
    rowJitter: 0.01,
    labelSize: [0.038, 0.046],
    valueSize: [0.046, 0.056],
    valueColumn: [0.1, 0.1],
    inlineGap: [0.3, 0.8],
    colon: 0.8,
    labels: {
      ...BASE_LABELS,
      dateOfBirth: ['Date of Birth', 'জন্ম তারিখ'],
      bloodGroup: ['রক্তের গ্রুপ / Blood Group', 'রক্তের গ্রুপ'],
      nidSmart: ['ID NO', 'ID No'],
      nidOld: ['NID No.', 'NID No'],
    },
    addressBelowLabel: 0.3,
    birthPlaceBesideBloodGroup: 0.3,
    bengaliDigitIssueDate: 0.3,
    groupedNid: 0.2,
    longAddress: 0.5,
    zoneTop: [0.63, 0.69],
  },
  {
    name: 'compact',
    split: 'tuning',
    arrangement: 'columns',
    photoLeft: [0.03, 0.06],
    photoWidth: [0.17, 0.2],
    photoTop: [0.25, 0.3],
    textGap: [0.03, 0.06],
    firstRow: [0.3, 0.35],
    pitch: [0.08, 0.09],
    rowJitter: 0.008,
    labelSize: [0.03, 0.036],
    valueSize: [0.04, 0.047],
    valueColumn: [0.09, 0.12],
    inlineGap: [0.4, 0.6],
    colon: 1,
    labels: { ...BASE_LABELS, bloodGroup: ['রক্তের গ্রুপ / Blood Group', 'Blood Group'], nidSmart: ['ID NO'], nidOld: ['NID No.'] },
    addressBelowLabel: 0.6,
    birthPlaceBesideBloodGroup: 0.5,
    bengaliDigitIssueDate: 0.2,
    groupedNid: 0,
    longAddress: 0.6,
    zoneTop: [0.62, 0.66],
  },
  {
    name: 'lowered',
    split: 'heldout',
    arrangement: 'inline',
    photoLeft: [0.02, 0.035],
    photoWidth: [0.22, 0.25],
    photoTop: [0.3, 0.34],
    textGap: [0.015, 0.03],
    firstRow: [0.36, 0.41],
    pitch: [0.083, 0.093],
    rowJitter: 0.012,
    labelSize: [0.04, 0.047],
    valueSize: [0.05, 0.06],
    valueColumn: [0.1, 0.1],
    inlineGap: [0.2, 0.5],
    colon: 0.6,
    labels: { ...BASE_LABELS, dateOfBirth: ['Date of Birth', 'জন্ম তারিখ'], nidSmart: ['ID NO', 'NID No'], nidOld: ['NID No.', 'ID NO'] },
    addressBelowLabel: 0.5,
    birthPlaceBesideBloodGroup: 0.4,
    bengaliDigitIssueDate: 0.3,
    groupedNid: 0.3,
    longAddress: 0.5,
    zoneTop: [0.65, 0.7],
  },
  {
    name: 'wide',
    split: 'heldout',
    arrangement: 'columns',
    photoLeft: [0.03, 0.05],
    photoWidth: [0.19, 0.22],
    photoTop: [0.23, 0.27],
    textGap: [0.04, 0.07],
    firstRow: [0.29, 0.33],
    pitch: [0.092, 0.1],
    rowJitter: 0.01,
    labelSize: [0.04, 0.046],
    valueSize: [0.046, 0.054],
    valueColumn: [0.15, 0.19],
    inlineGap: [0.4, 0.6],
    colon: 0.9,
    labels: { ...BASE_LABELS, bloodGroup: ['রক্তের গ্রুপ / Blood Group', 'রক্তের গ্রুপ', 'Blood Group'], nidSmart: ['ID NO'], nidOld: ['NID No.', 'NID No'] },
    addressBelowLabel: 0.2,
    birthPlaceBesideBloodGroup: 0.6,
    bengaliDigitIssueDate: 0.4,
    groupedNid: 0.2,
    longAddress: 0.4,
    zoneTop: [0.63, 0.67],
  },
];

/** The family the e2e tests, the face benchmark and a card without a style use. */
export const REFERENCE_LAYOUT = 'columns';

export function layoutFamily(name: string): LayoutFamily {
  const found = LAYOUT_FAMILIES.find((f) => f.name === name);
  if (!found) throw new Error(`unknown layout family "${name}"; choose from ${LAYOUT_FAMILIES.map((f) => f.name).join(', ')}`);
  return found;
}

export const familiesOf = (split: DataSplit): LayoutFamily[] => LAYOUT_FAMILIES.filter((f) => f.split === split);

/** One card's numbers, drawn from its family. Positions are fractions of the card's width (x) and height (y). */
export interface CardGeometry {
  family: LayoutFamily;
  photo: { left: number; top: number; width: number; height: number };
  textLeft: number;
  rows: number[];
  labelSize: number;
  valueSize: number;
  valueColumn: number;
  inlineGap: number;
  colon: boolean;
  labels: Record<NidField, string>;
  addressBelowLabel: boolean;
  birthPlaceBesideBloodGroup: boolean;
  bengaliDigitIssueDate: boolean;
  groupedNid: boolean;
  longAddress: boolean;
  zoneTop: number;
  /** Back rows: where the first field row (the address) sits. */
  backFirstRow: number;
  backPitch: number;
}

const draw = (rng: Rng, [min, max]: Range) => rng.range(min, max);
const chance = (rng: Rng, p: number) => rng.next() < p;

/** Draws one card's geometry from the family; W/H is the card's aspect, for a photo of passport proportions. */
export function drawGeometry(family: LayoutFamily, kind: NidCardKind, side: CardSide, rng: Rng, aspect: number): CardGeometry {
  const photoWidth = draw(rng, family.photoWidth);
  const photo = { left: draw(rng, family.photoLeft), top: draw(rng, family.photoTop), width: photoWidth, height: (photoWidth * aspect) / 0.8 };
  const first = draw(rng, family.firstRow);
  const pitch = draw(rng, family.pitch);
  const rows = Array.from({ length: 6 }, (_, i) => first + i * pitch + rng.range(-family.rowJitter, family.rowJitter));
  const labels = {} as Record<NidField, string>;
  for (const field of ['nameBn', 'nameEn', 'fatherName', 'motherName', 'dateOfBirth', 'address', 'bloodGroup', 'birthPlace', 'issueDate'] as const) {
    labels[field] = rng.pick(family.labels[field] ?? BASE_LABELS[field]);
  }
  labels.nidNumber = rng.pick(kind === 'nid_smart' ? family.labels.nidSmart : family.labels.nidOld);
  const geometry: CardGeometry = {
    family,
    photo,
    textLeft: photo.left + photo.width + draw(rng, family.textGap),
    rows,
    labelSize: draw(rng, family.labelSize),
    valueSize: draw(rng, family.valueSize),
    valueColumn: draw(rng, family.valueColumn),
    inlineGap: draw(rng, family.inlineGap),
    colon: chance(rng, family.colon),
    labels,
    addressBelowLabel: chance(rng, family.addressBelowLabel),
    birthPlaceBesideBloodGroup: chance(rng, family.birthPlaceBesideBloodGroup),
    bengaliDigitIssueDate: chance(rng, family.bengaliDigitIssueDate),
    groupedNid: chance(rng, family.groupedNid),
    longAddress: chance(rng, family.longAddress),
    zoneTop: draw(rng, family.zoneTop),
    backFirstRow: side === 'back' ? rng.range(kind === 'nid_smart' ? 0.25 : 0.2, kind === 'nid_smart' ? 0.29 : 0.26) : 0,
    backPitch: rng.range(0.075, 0.09),
  };
  return geometry;
}
