import type { CV } from '@techstark/opencv-js';
import { parse as parseAamva } from 'aamva-parser';
import { cropImage, rotate180, toJpeg } from './card-image';
import { emptyField } from './field-values';
import { decodeImage, type RgbImage } from './image-input';
import {
  latinValues,
  LICENCE_LABELS,
  matchLabel,
  parseDocumentNumber,
  parseLatinDate,
  parseLatinName,
  parseSex,
  type LatinField,
  type LatinLabels,
} from './latin-fields';
import { readRows, type RowRead } from './line-ocr';
import { locateDocument } from './locate-document';
import type { OcrPool } from './ocr-pool';
import type { Pdf417Decoder } from './pdf417';
import { findTextLayout, type TextLayout } from './text-lines';
import type { DriversLicenceField, DriversLicenceReadResult, ReaderLog, ReadField, ReadProblem } from './types';

/** ID-1 (85.6 x 54 mm), the size of every US and Canadian licence. */
const CARD_ASPECT = 85.6 / 53.98;
const CARD_WIDTH = 1012;
const FIELDS: DriversLicenceField[] = ['documentNumber', 'surname', 'givenNames', 'dateOfBirth', 'expiryDate', 'issueDate', 'sex', 'issuingState', 'address'];
/**
 * Word confidence (0-100) a value read from the front must reach to be accepted without the barcode. The number and
 * the names carry no check of their own on the front, so without the barcode they are never accepted (the agent
 * confirms them): measured in `npm run bench:ocr` (held-out front-only licences), accepting them on confidence let
 * misreads through. Dates are checked by their order, the sex by its one letter.
 */
const FRONT_CONFIDENCE: Partial<Record<LatinField, number>> = {
  documentNumber: Infinity,
  surname: Infinity,
  givenNames: Infinity,
  dateOfBirth: 70,
  expiryDate: 70,
  issueDate: 70,
  sex: 70,
};
/** PDF417 carries Reed-Solomon error correction: what decodes is what was printed. */
const BARCODE_CONFIDENCE = 99;

export interface DriversLicenceReaderDeps {
  cv: CV;
  pool: OcrPool;
  pdf417: Pdf417Decoder;
  log?: ReaderLog;
}

const elapsed = (start: bigint): number => Number((process.hrtime.bigint() - start) / 1_000_000n);
const pad = (n: number) => String(n).padStart(2, '0');
/** aamva-parser builds dates with the local-time constructor. */
const localIso = (date: Date | null | undefined): string | null =>
  date && !Number.isNaN(date.getTime()) ? `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` : null;

interface BarcodeRead {
  fields: Partial<Record<DriversLicenceField, string>>;
  country: string | null;
  version: string | null;
}

/** The AAMVA subfile of a licence's PDF417: null unless it has the header and the three elements every version carries. */
export function readAamva(text: string): BarcodeRead | null {
  if (!text.startsWith('@') || !/ANSI ?\d{6}|AAMVA\d{6}/.test(text.slice(0, 40))) return null;
  let parsed: ReturnType<typeof parseAamva>;
  try {
    parsed = parseAamva(text);
  } catch {
    return null;
  }
  const number = parsed.driversLicenseId?.trim();
  const surname = parsed.lastName?.trim();
  const birth = localIso(parsed.dateOfBirth);
  if (!number || !surname || !birth) return null;
  const given = [parsed.firstName, parsed.middleName]
    .map((n) => n?.trim() ?? '')
    .filter((n) => n !== '' && n.toUpperCase() !== 'NONE')
    .join(' ');
  const street = [parsed.streetAddress, parsed.streetAddressSupplement].filter(Boolean).join(', ');
  const address = [street, parsed.city, [parsed.state, parsed.postalCode?.trim().slice(0, 5)].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const sex = parsed.gender === 'Male' ? 'M' : parsed.gender === 'Female' ? 'F' : undefined;
  return {
    fields: {
      documentNumber: number,
      surname: surname.toUpperCase(),
      givenNames: given.toUpperCase() || undefined,
      dateOfBirth: birth,
      expiryDate: localIso(parsed.expirationDate) ?? undefined,
      issueDate: localIso(parsed.issueDate) ?? undefined,
      sex,
      issuingState: parsed.state?.trim() || undefined,
      address: address || undefined,
    },
    country: parsed.countryCode?.trim() || null,
    version: parsed.version ?? null,
  };
}

interface FrontRead {
  image: RgbImage;
  layout: TextLayout;
  values: Partial<Record<LatinField, { value: string | null; raw: string; confidence: number; labelled: boolean }>>;
  labels: number;
}

/**
 * The front's fields by their labels; dates by label, or, for dates without one, in the order every licence has them:
 * birth before issue before expiry.
 */
export function interpretFront(reads: readonly RowRead[], monthFirst: boolean, labels: LatinLabels = LICENCE_LABELS): FrontRead['values'] {
  const values: FrontRead['values'] = {};
  for (const v of latinValues(reads, labels)) {
    if (values[v.field]) continue;
    const value =
      v.field === 'documentNumber'
        ? parseDocumentNumber(v.raw)
        : v.field === 'surname' || v.field === 'givenNames'
          ? parseLatinName(v.raw)
          : v.field === 'sex'
            ? parseSex(v.raw)
            : parseLatinDate(v.raw, monthFirst);
    values[v.field] = { value, raw: v.raw, confidence: v.confidence, labelled: true };
  }
  // Dates whose label was lost: every licence has birth before issue before expiry, so the unlabelled dates fill the
  // missing ones in that order. They are unlabelled, so the agent confirms them.
  const missing = (['dateOfBirth', 'issueDate', 'expiryDate'] as const).filter((f) => !values[f]);
  if (missing.length > 0) {
    const taken = new Set(Object.values(values).map((v) => v?.raw));
    const loose = reads
      .flatMap((read) => read.words.map((w) => ({ raw: w.text, confidence: w.confidence, value: parseLatinDate(w.text, monthFirst) })))
      .filter((d): d is { raw: string; confidence: number; value: string } => d.value !== null && !taken.has(d.raw));
    const known = (['dateOfBirth', 'issueDate', 'expiryDate'] as const).map((f) => values[f]?.value ?? null);
    const ordered = [...loose].sort((a, b) => a.value.localeCompare(b.value));
    for (const field of missing) {
      const slot = (['dateOfBirth', 'issueDate', 'expiryDate'] as const).indexOf(field);
      const before =
        known
          .slice(0, slot)
          .filter((d): d is string => d !== null)
          .pop() ?? '';
      const after = known.slice(slot + 1).find((d): d is string => d !== null) ?? '9999';
      const pick = ordered.find((d) => d.value > before && d.value < after);
      if (!pick) continue;
      values[field] = { value: pick.value, raw: pick.raw, confidence: pick.confidence, labelled: false };
      known[slot] = pick.value;
      ordered.splice(ordered.indexOf(pick), 1);
    }
  }
  // Licences number their fields (1 family name, 2 given names) in figures too small to survive as a label: the two
  // rows of letters alone after the number and expiry and before the birth date are the names, in that order. They
  // are unlabelled, so the agent confirms them.
  if (!values.surname || !values.givenNames) {
    const rows = reads.map((read) => read.words.filter((w) => w.text.trim() !== ''));
    const letters = rows
      .map((words, index) => ({ index, words }))
      .filter(
        ({ words }) =>
          words.length > 0 &&
          words.length <= 4 &&
          words.every((w) => /^[A-Za-z'-]{2,}[,]?$/.test(w.text)) &&
          matchLabel(
            words.map((w) => w.text),
            labels,
          ) === null,
      );
    const names = letters.slice(0, 2);
    const guess = (field: 'surname' | 'givenNames', row: (typeof letters)[number] | undefined) => {
      if (values[field] || !row) return;
      const raw = row.words.map((w) => w.text).join(' ');
      values[field] = { value: parseLatinName(raw), raw, confidence: Math.min(...row.words.map((w) => w.confidence)), labelled: false };
    };
    if (names.length === 2) {
      guess('surname', names[0]);
      guess('givenNames', names[1]);
    }
  }
  return values;
}

/** Birth in the past and before issue, issue before expiry: a date that breaks the order is not accepted. */
export function datesInOrder(values: FrontRead['values'], today: string): Set<LatinField> {
  const bad = new Set<LatinField>();
  const birth = values.dateOfBirth?.value;
  const issue = values.issueDate?.value;
  const expiry = values.expiryDate?.value;
  if (birth && (birth >= today || (issue && birth >= issue) || (expiry && birth >= expiry))) bad.add('dateOfBirth');
  if (issue && (issue > today || (expiry && issue >= expiry))) bad.add('issueDate');
  if (expiry && issue && expiry <= issue) bad.add('expiryDate');
  return bad;
}

export function createDriversLicenceReader(deps: DriversLicenceReaderDeps) {
  const { cv, pool, pdf417, log } = deps;

  async function readFront(image: RgbImage, monthFirst: boolean): Promise<FrontRead> {
    const layout = await findTextLayout(cv, image, { portrait: true });
    const reads = await readRows(pool, layout.gray, layout.rows, 'eng');
    const values = interpretFront(reads, monthFirst);
    return { image, layout, values, labels: Object.keys(values).length };
  }

  /** The front as found; read the other way round too when fewer than half its labels turn up. */
  async function front(bytes: Buffer, crop: boolean, monthFirst: boolean): Promise<FrontRead | { error: ReadProblem }> {
    const decoded = await decodeImage(bytes, 'front');
    if (!decoded.ok) return { error: { code: decoded.error.code, side: 'front', message: decoded.error.message } };
    const located = await locateDocument(cv, decoded.value, { crop, aspect: CARD_ASPECT, width: CARD_WIDTH });
    const first = await readFront(located.image, monthFirst);
    if (first.labels >= 4) return first;
    const turned = await readFront(rotate180(located.image), monthFirst);
    return turned.labels > first.labels ? turned : first;
  }

  /** The PDF417 anywhere on the back photo, then on the card found in it, turned and rescaled. */
  async function barcode(bytes: Buffer, crop: boolean): Promise<{ text: string | null; image: RgbImage | null; error?: ReadProblem }> {
    const decoded = await decodeImage(bytes, 'back');
    if (!decoded.ok) return { text: null, image: null, error: { code: decoded.error.code, side: 'back', message: decoded.error.message } };
    const located = await locateDocument(cv, decoded.value, { crop, aspect: CARD_ASPECT, width: CARD_WIDTH });
    const quick = await pdf417.decode(decoded.value, { thorough: false });
    if (quick) return { text: quick, image: located.image };
    return { text: await pdf417.decode(located.image, { thorough: true }), image: located.image };
  }

  return async function readDriversLicence(input: { front: Buffer; back?: Buffer; crop: boolean; issuingCountry?: string }): Promise<DriversLicenceReadResult> {
    const start = process.hrtime.bigint();
    const problems: ReadProblem[] = [];
    const monthFirst = (input.issuingCountry ?? 'USA') === 'USA';
    const [frontRead, backRead] = await Promise.all([
      front(input.front, input.crop, monthFirst),
      input.back ? barcode(input.back, input.crop) : Promise.resolve(null),
    ]);
    const fields = Object.fromEntries(FIELDS.map((f) => [f, emptyField('ocr')])) as Record<DriversLicenceField, ReadField>;
    const today = new Date().toISOString().slice(0, 10);

    if ('error' in frontRead) problems.push(frontRead.error);
    else {
      const bad = datesInOrder(frontRead.values, today);
      for (const [field, v] of Object.entries(frontRead.values) as Array<[LatinField, NonNullable<FrontRead['values'][LatinField]>]>) {
        if (!(FIELDS as readonly string[]).includes(field)) continue;
        const accepted = v.value !== null && v.labelled && v.confidence >= (FRONT_CONFIDENCE[field] ?? Infinity) && !bad.has(field);
        fields[field as DriversLicenceField] = { value: v.value, raw: v.raw, confidence: Math.round(v.confidence), accepted, source: 'ocr' };
      }
      if (frontRead.labels === 0) problems.push({ code: 'NO_TEXT', side: 'front', message: 'no labelled field was found on the front' });
    }

    let found: BarcodeRead | null = null;
    if (backRead?.error) problems.push(backRead.error);
    else if (backRead) {
      found = backRead.text ? readAamva(backRead.text) : null;
      if (!backRead.text) problems.push({ code: 'BARCODE_UNREADABLE', side: 'back', message: 'no PDF417 barcode could be decoded on the back' });
      else if (!found) problems.push({ code: 'BARCODE_INVALID', side: 'back', message: 'the barcode does not hold an AAMVA licence record' });
    }
    const agrees: Partial<Record<DriversLicenceField, boolean>> = {};
    if (found) {
      for (const field of FIELDS) {
        const value = found.fields[field];
        if (!value) continue;
        const printed = fields[field].value;
        if (printed !== null) agrees[field] = printed === value;
        fields[field] = { value, raw: value, confidence: BARCODE_CONFIDENCE, accepted: true, source: 'barcode' };
      }
      const disagreeing = Object.entries(agrees)
        .filter(([, same]) => !same)
        .map(([f]) => f);
      if (disagreeing.length > 0)
        problems.push({ code: 'BARCODE_MISMATCH', side: 'front', message: `the front and the barcode differ in ${disagreeing.join(', ')}` });
    }

    const frontImage = 'error' in frontRead ? null : frontRead;
    const [frontJpeg, backJpeg, photo] = await Promise.all([
      frontImage ? toJpeg(frontImage.image) : Buffer.alloc(0),
      backRead?.image ? toJpeg(backRead.image) : null,
      frontImage?.layout.photo ? cropImage(frontImage.image, frontImage.layout.photo).then((p) => toJpeg(p)) : null,
    ]);
    const ms = elapsed(start);
    log?.info({ ms, barcode: found !== null, labels: frontImage?.labels ?? 0 }, "driver's licence read");
    return {
      fields,
      barcode: { found: found !== null, country: found?.country ?? null, version: found?.version ?? null, agrees },
      front: frontJpeg,
      back: backJpeg,
      photo,
      problems,
      timings: { frontMs: ms },
    };
  };
}
