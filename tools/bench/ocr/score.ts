import { canonicalText, levenshtein } from '@ekyc/field-matching';
import type { DataSplit } from '../../cardgen/card-types';
import { normaliseFieldValue } from '../../cardgen/formats';
import type { CardVariant } from '../../cardgen/variants';

/** NID cards, passports, and the foreign documents of the two-step contract (`drivers_license_front`: a licence sent without its back). */
export type DocumentKind =
  | 'nid_smart'
  | 'nid_old'
  | 'passport'
  | 'drivers_license'
  | 'drivers_license_front'
  | 'id_card'
  | 'residence_permit'
  | 'visa'
  | 'aadhaar'
  | 'pancard'
  | 'vehicle_registration'
  | 'drivers_license_iso'
  | 'universal';

/** What was printed on one document, field by field, exactly as printed. */
export interface Expected {
  id: string;
  split: DataSplit;
  kind: DocumentKind;
  variant: CardVariant;
  fields: Record<string, string>;
}

export interface ObservedField {
  value: string | null;
  accepted: boolean;
}

/** What the reader (or the service) gave for it. */
export interface Observed {
  fields: Record<string, ObservedField>;
  /** Step 1 asked for another photo (the service's retry, or the same rule applied in process). */
  refused: boolean;
  refusal?: string;
  /** Front and back, end to end. */
  ms: number;
  error?: string;
}

/** English names are compared with case and spacing folded: `MD.JASIM UDDIN` is `Md. Jasim Uddin`. */
const fold = (field: string, value: string): string => {
  const text =
    field === 'nameEn' || field === 'surname' || field === 'givenNames' ? canonicalText(value).toUpperCase().replace(/\s+/g, '') : canonicalText(value);
  return normaliseFieldValue(field as Parameters<typeof normaliseFieldValue>[0], text);
};

export const sameValue = (field: string, read: string | null, printed: string): boolean => read !== null && fold(field, read) === fold(field, printed);

interface FieldTally {
  cards: number;
  exact: number;
  distance: number;
  length: number;
}

export interface GroupScore {
  cards: number;
  refused: number;
  errors: number;
  accepted: number;
  acceptedRight: number;
  fields: Map<string, FieldTally>;
  ms: number[];
}

export const emptyGroup = (): GroupScore => ({ cards: 0, refused: 0, errors: 0, accepted: 0, acceptedRight: 0, fields: new Map(), ms: [] });

export function addRead(group: GroupScore, expected: Expected, observed: Observed): void {
  group.cards++;
  if (observed.refused) group.refused++;
  if (observed.error) group.errors++;
  group.ms.push(observed.ms);
  for (const [field, printed] of Object.entries(expected.fields)) {
    const read = observed.fields[field] ?? { value: null, accepted: false };
    const tally = group.fields.get(field) ?? { cards: 0, exact: 0, distance: 0, length: 0 };
    const right = sameValue(field, read.value, printed);
    tally.cards++;
    if (right) tally.exact++;
    tally.distance += levenshtein(read.value === null ? '' : fold(field, read.value), fold(field, printed));
    tally.length += [...fold(field, printed)].length;
    group.fields.set(field, tally);
    if (read.accepted) {
      group.accepted++;
      if (right) group.acceptedRight++;
    }
  }
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export const exactRate = (g: GroupScore, field: string): number | null => {
  const t = g.fields.get(field);
  return t && t.cards > 0 ? t.exact / t.cards : null;
};
export const cer = (g: GroupScore, field: string): number | null => {
  const t = g.fields.get(field);
  return t && t.length > 0 ? t.distance / t.length : null;
};
export const precision = (g: GroupScore): number | null => (g.accepted === 0 ? null : g.acceptedRight / g.accepted);

/** The targets, checked on the held-out set. */
export const TARGETS: { name: string; value: (g: GroupScore) => number | null; kind: 'min' | 'max'; target: number; format: 'pct' | 'ms' }[] = [
  { name: 'NID number exact', value: (g) => exactRate(g, 'nidNumber'), kind: 'min', target: 0.99, format: 'pct' },
  { name: 'date of birth exact', value: (g) => exactRate(g, 'dateOfBirth'), kind: 'min', target: 0.99, format: 'pct' },
  { name: 'English name exact', value: (g) => exactRate(g, 'nameEn'), kind: 'min', target: 0.97, format: 'pct' },
  { name: 'Bengali name CER', value: (g) => cer(g, 'nameBn'), kind: 'max', target: 0.02, format: 'pct' },
  { name: "father's name CER", value: (g) => cer(g, 'fatherName'), kind: 'max', target: 0.03, format: 'pct' },
  { name: "mother's name CER", value: (g) => cer(g, 'motherName'), kind: 'max', target: 0.03, format: 'pct' },
  { name: 'address CER', value: (g) => cer(g, 'address'), kind: 'max', target: 0.05, format: 'pct' },
  { name: 'refused', value: (g) => (g.cards === 0 ? null : g.refused / g.cards), kind: 'max', target: 0.01, format: 'pct' },
  { name: 'accepted precision', value: precision, kind: 'min', target: 0.995, format: 'pct' },
  { name: 'card p50', value: (g) => percentile(g.ms, 50), kind: 'max', target: 1000, format: 'ms' },
  { name: 'card p95', value: (g) => percentile(g.ms, 95), kind: 'max', target: 2000, format: 'ms' },
];

export const formatValue = (value: number | null, format: 'pct' | 'ms'): string =>
  value === null || Number.isNaN(value) ? 'n/a' : format === 'ms' ? `${Math.round(value)} ms` : `${(100 * value).toFixed(1)}%`;

export const meets = (t: (typeof TARGETS)[number], value: number | null): boolean | null =>
  value === null || Number.isNaN(value) ? null : t.kind === 'min' ? value >= t.target : value <= t.target;
