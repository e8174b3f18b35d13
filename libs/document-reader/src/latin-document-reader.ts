import type { CV } from '@techstark/opencv-js';
import { cropImage, rotate180, toJpeg } from './card-image';
import { emptyField } from './field-values';
import { decodeImage, type RgbImage } from './image-input';
import { datesInOrder, interpretFront } from './drivers-licence-reader';
import {
  GENERIC_LABELS,
  ISO_LICENCE_LABELS,
  latinValues,
  PAN_LABELS,
  parseDocumentNumber,
  parseLatinDate,
  parseLatinName,
  parseSex,
  VEHICLE_LABELS,
  type LatinField,
  type LatinLabels,
} from './latin-fields';
import { readRows, type RowRead } from './line-ocr';
import { locateDocument } from './locate-document';
import type { OcrPool } from './ocr-pool';
import { findTextLayout, type TextLayout } from './text-lines';
import type { LatinDocumentField, LatinDocumentKind, LatinDocumentReadResult, MrzDocumentReadResult, ReaderLog, ReadField, ReadProblem } from './types';

/** ID-1 (85.6 x 54 mm): PAN cards, licences, most ID cards. Registration certificates of other sizes are found by their text. */
const CARD_ASPECT = 85.6 / 53.98;
const CARD_WIDTH = 1012;
const FIELDS: LatinDocumentField[] = [
  'documentNumber',
  'surname',
  'givenNames',
  'fullName',
  'fatherName',
  'nationality',
  'dateOfBirth',
  'expiryDate',
  'issueDate',
  'sex',
];
/** Word confidence (0-100) a labelled date or sex must reach to be accepted; its label and its plausibility check it too. */
const DATE_CONFIDENCE = 70;
/** A PAN number is accepted on its structure, its holder's initial and this confidence: it has no public check digit. */
const PAN_CONFIDENCE = 80;

const LABELS: Record<LatinDocumentKind, LatinLabels> = {
  pancard: PAN_LABELS,
  vehicle_registration: VEHICLE_LABELS,
  drivers_license: ISO_LICENCE_LABELS,
  universal: GENERIC_LABELS,
};

export interface LatinDocumentReaderDeps {
  cv: CV;
  pool: OcrPool;
  /** A universal document with a machine-readable zone is read by it. */
  readMrzDocument: (input: { kind: 'id_card' | 'passport'; front: Buffer; back?: Buffer; crop: boolean }) => Promise<MrzDocumentReadResult>;
  log?: ReaderLog;
}

type Found = { value: string | null; raw: string; confidence: number; labelled: boolean };
type Values = Partial<Record<LatinField, Found>>;

const elapsed = (start: bigint): number => Number((process.hrtime.bigint() - start) / 1_000_000n);

const AS_LETTER: Record<string, string> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '6': 'G', '8': 'B' };
const AS_DIGIT: Record<string, string> = { O: '0', Q: '0', D: '0', I: '1', L: '1', Z: '2', S: '5', G: '6', B: '8' };
/** The fourth letter of a PAN: the holder's kind (P person, C company, H Hindu undivided family, F firm, A, T, B, L, J, G). */
const PAN_HOLDER_KINDS = 'PCHFATBLJG';

/**
 * A PAN (`ABCPE1234F`: five letters, four digits, a letter) in what was read: letters and digits that OCR confuses are
 * put back by position. Null unless the fourth letter is a holder kind.
 */
export function parsePanNumber(raw: string): string | null {
  const compact = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  for (let i = 0; i + 10 <= compact.length; i++) {
    const chunk = compact.slice(i, i + 10);
    const fixed = [...chunk].map((ch, k) => (k < 5 || k === 9 ? (AS_LETTER[ch] ?? ch) : (AS_DIGIT[ch] ?? ch))).join('');
    if (/^[A-Z]{5}\d{4}[A-Z]$/.test(fixed) && PAN_HOLDER_KINDS.includes(fixed[3] as string)) return fixed;
  }
  return null;
}

/** For a person's PAN (fourth letter P), the fifth is the initial of their surname, printed last in the name. */
export function panMatchesName(pan: string, fullName: string | null | undefined): boolean {
  if (pan[3] !== 'P') return true;
  const surname = fullName?.trim().split(/\s+/).pop();
  return surname !== undefined && surname[0] === pan[4];
}

/** The values of a document's labels, parsed by what each field is. */
function labelledValues(reads: readonly RowRead[], labels: LatinLabels, monthFirst: boolean, kind: LatinDocumentKind): Values {
  const values: Values = {};
  for (const v of latinValues(reads, labels)) {
    if (values[v.field]) continue;
    const value =
      v.field === 'documentNumber'
        ? kind === 'pancard'
          ? parsePanNumber(v.raw)
          : kind === 'vehicle_registration'
            ? parseRegistrationMark(v.raw)
            : parseDocumentNumber(v.raw)
        : v.field === 'sex'
          ? parseSex(v.raw)
          : v.field === 'nationality'
            ? /^[A-Z]{3}$/.test(v.raw.trim().toUpperCase())
              ? v.raw.trim().toUpperCase()
              : parseLatinName(v.raw)
            : v.field === 'dateOfBirth' || v.field === 'issueDate' || v.field === 'expiryDate'
              ? parseLatinDate(v.raw, monthFirst)
              : parseLatinName(v.raw);
    values[v.field] = { value, raw: v.raw, confidence: v.confidence, labelled: true };
  }
  if (kind === 'pancard') unlabelledPanValues(reads, values);
  return values;
}

/** Rows OCR found nothing sure in (guilloche, a signature's strokes): in the way when fields are taken by their order. */
const withoutSpecks = (reads: readonly RowRead[]) => reads.filter((r) => r.words.some((w) => w.confidence >= 40 && /[A-Za-z0-9]{2,}/.test(w.text)));
const rowText = (read: RowRead) => read.words.map((w) => w.text).join(' ');
const rowConfidence = (read: RowRead) => Math.min(...read.words.map((w) => w.confidence));
/** The words of a row that are letters (a name's), leaving out a field figure or speck OCR read before them (`~ GARCIA`). */
const letterWords = (read: RowRead) => read.words.filter((w) => /^[A-Za-z'-]{2,}$/.test(w.text));
/** A row of one to five words of letters, and at most one short speck: a name, unless it is one of the card's headings. */
const nameRow = (read: RowRead, headings: RegExp) => {
  const words = letterWords(read);
  const others = read.words.filter((w) => w.text.trim() !== '' && !words.includes(w));
  return words.length >= 1 && words.length <= 5 && others.length <= 1 && others.every((w) => w.text.length <= 2) && !headings.test(rowText(read).toUpperCase());
};
/** A name taken from its row by the order of the rows: unlabelled. */
const nameOf = (read: RowRead): Found => {
  const words = letterWords(read);
  const raw = words.map((w) => w.text).join(' ');
  return { value: parseLatinName(raw), raw, confidence: Math.min(...words.map((w) => w.confidence)), labelled: false };
};
const PAN_HEADINGS = /INCOME|TAX|DEPARTMENT|GOVT|INDIA|PERMANENT|ACCOUNT|NUMBER|CARD|SIGNATURE|NAME|FATHER|BIRTH/;

/**
 * The older PAN card prints the name, the father's name and the birth date unlabelled, in that order, and the number
 * under a label that may be in Hindi alone: what its labels did not give is taken by that order, unlabelled (so the
 * agent confirms the names and the date).
 */
function unlabelledPanValues(all: readonly RowRead[], values: Values): void {
  const reads = withoutSpecks(all);
  if (!values.documentNumber?.value) {
    for (const read of reads) {
      const number = parsePanNumber(read.words.map((w) => w.text).join(''));
      if (number) {
        values.documentNumber = { value: number, raw: rowText(read), confidence: rowConfidence(read), labelled: false };
        break;
      }
    }
  }
  if (!values.fullName) {
    const names = reads.filter((r) => nameRow(r, PAN_HEADINGS));
    const [name, father] = names;
    if (name) values.fullName = nameOf(name);
    if (father && !values.fatherName) values.fatherName = nameOf(father);
  }
  if (!values.dateOfBirth) {
    for (const read of reads) {
      const date = parseLatinDate(rowText(read), false);
      if (date) {
        values.dateOfBirth = { value: date, raw: rowText(read), confidence: rowConfidence(read), labelled: false };
        break;
      }
    }
  }
}

/**
 * ISO 18013 licences print their field figures (1., 2., 3., 5.) too small to survive as labels: the two rows of
 * letters just above the birth date's row are the surname and the given names, and the number is the first code after
 * the dates (4a, 4b) that is not a date. Taken unlabelled, for the agent to confirm.
 */
function unlabelledLicenceValues(all: readonly RowRead[], values: Values): void {
  const reads = withoutSpecks(all);
  const rowOf = (found: Found | undefined) => (found ? reads.findIndex((r) => rowText(r).includes(found.raw)) : -1);
  const birthRow = rowOf(values.dateOfBirth);
  const [surname, given] = [reads[birthRow - 2], reads[birthRow - 1]];
  const heading = /LICEN[CS]E|DRIVING|PERMIT/;
  if (
    birthRow >= 2 &&
    surname &&
    given &&
    (!values.surname?.labelled || !values.givenNames?.labelled) &&
    nameRow(surname, heading) &&
    nameRow(given, heading)
  ) {
    values.surname = nameOf(surname);
    values.givenNames = nameOf(given);
  }
  if (values.documentNumber?.value) return;
  const lastDate = Math.max(rowOf(values.issueDate), rowOf(values.expiryDate));
  for (const read of reads.slice(Math.max(0, lastDate + 1))) {
    const code = read.words.find(
      (w) => parseLatinDate(w.text, false) === null && /\d/.test(w.text) && parseDocumentNumber(w.text) !== null && !/^4[A-Da-d]\.?$/.test(w.text),
    );
    if (code) {
      values.documentNumber = { value: parseDocumentNumber(code.text), raw: code.text, confidence: code.confidence, labelled: false };
      return;
    }
  }
}

/** A registration mark as its letters and digits (`MH 12 AB 1234` → `MH12AB1234`): 4 to 12 of them, with a digit. */
export function parseRegistrationMark(raw: string): string | null {
  const mark = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return mark.length >= 4 && mark.length <= 12 && /\d/.test(mark) && /[A-Z]/.test(mark) ? mark : null;
}

/**
 * Whether a value may be accepted without a person: dates and the sex when labelled, read surely and plausible; a PAN
 * when its structure, its holder's initial and its confidence agree. Names and other numbers carry no check of
 * their own on a printed document, so the agent confirms them.
 */
function acceptable(kind: LatinDocumentKind, field: LatinField, found: Found, values: Values, bad: Set<LatinField>): boolean {
  if (found.value === null || bad.has(field)) return false;
  if (field === 'dateOfBirth' || field === 'issueDate' || field === 'expiryDate' || field === 'sex')
    return found.labelled && found.confidence >= DATE_CONFIDENCE;
  if (field === 'documentNumber' && kind === 'pancard') return found.confidence >= PAN_CONFIDENCE && panMatchesName(found.value, values.fullName?.value);
  return false;
}

const looksLikeZone = (reads: readonly RowRead[]) =>
  reads.some(
    (r) =>
      (
        r.words
          .map((w) => w.text)
          .join('')
          .match(/</g) ?? []
      ).length >= 5,
  );

export function createLatinDocumentReader(deps: LatinDocumentReaderDeps) {
  const { cv, pool, log } = deps;

  async function readSide(
    image: RgbImage,
    kind: LatinDocumentKind,
    monthFirst: boolean,
  ): Promise<{ image: RgbImage; layout: TextLayout; reads: RowRead[]; values: Values; labels: number }> {
    const layout = await findTextLayout(cv, image, { portrait: true });
    const reads = await readRows(pool, layout.gray, layout.rows, 'eng');
    // Licences number their fields; without a label the dates and names still stand in their order (interpretFront).
    const values: Values =
      kind === 'drivers_license' ? interpretFront(reads, monthFirst, ISO_LICENCE_LABELS) : labelledValues(reads, LABELS[kind], monthFirst, kind);
    if (kind === 'drivers_license') unlabelledLicenceValues(reads, values);
    return { image, layout, reads, values, labels: Object.values(values).filter((v) => v?.labelled).length };
  }

  return async function readLatinDocument(input: {
    kind: LatinDocumentKind;
    front: Buffer;
    back?: Buffer;
    crop: boolean;
    issuingCountry?: string;
  }): Promise<LatinDocumentReadResult> {
    const start = process.hrtime.bigint();
    const { kind } = input;
    const problems: ReadProblem[] = [];
    const fields = Object.fromEntries(FIELDS.map((f) => [f, emptyField('ocr')])) as Record<LatinDocumentField, ReadField>;
    const monthFirst = input.issuingCountry === 'USA';
    const decoded = await decodeImage(input.front, 'front');
    if (!decoded.ok) {
      problems.push({ code: decoded.error.code, side: 'front', message: decoded.error.message });
      return { kind, fields, source: 'labels', labels: 0, front: Buffer.alloc(0), back: null, photo: null, problems, timings: { frontMs: elapsed(start) } };
    }
    const located = await locateDocument(cv, decoded.value, { crop: input.crop, aspect: CARD_ASPECT, width: CARD_WIDTH });
    let side = await readSide(located.image, kind, monthFirst);
    if (side.labels < 2) {
      // Upside down, perhaps: read it the other way round and keep the reading with more labels.
      const turned = await readSide(rotate180(located.image), kind, monthFirst);
      if (turned.labels > side.labels) side = turned;
    }

    // A universal document with a machine-readable zone (on this side, or an ID card's back): its zone is checked data.
    const incomplete = !side.values.documentNumber?.value || !side.values.dateOfBirth?.value;
    if (kind === 'universal' && (looksLikeZone(side.reads) || input.back || incomplete)) {
      const zone = await deps.readMrzDocument({
        kind: side.reads.some((r) => r.words.map((w) => w.text).join('').length >= 40 && looksLikeZone([r])) ? 'passport' : 'id_card',
        front: input.front,
        back: input.back,
        crop: input.crop,
      });
      if (zone.mrz.found && zone.mrz.valid) {
        for (const field of ['documentNumber', 'surname', 'givenNames', 'nationality', 'dateOfBirth', 'expiryDate', 'sex'] as const) {
          // Two misreads can cancel in a check digit: a zone value the print contradicts is left for a person.
          const printed = side.values[field]?.value;
          const value = zone.fields[field].value?.replace(/\s+/g, ' ').trim() || null;
          const contradicted = printed != null && value !== null && printed !== value;
          if (contradicted)
            zone.problems.push({ code: 'ZONE_MISMATCH', side: 'front', message: `the printed ${field} differs from the machine-readable zone` });
          fields[field] = { ...zone.fields[field], value, accepted: zone.fields[field].accepted && !contradicted };
        }
        const ms = elapsed(start);
        log?.info({ ms, kind, source: 'mrz' }, 'document read');
        return {
          kind,
          fields,
          source: 'mrz',
          labels: side.labels,
          front: zone.image,
          back: zone.back,
          photo: zone.photo,
          problems: zone.problems,
          timings: { frontMs: ms },
        };
      }
    }

    const bad = datesInOrder(side.values, new Date().toISOString().slice(0, 10));
    for (const [field, found] of Object.entries(side.values) as Array<[LatinField, Found]>) {
      fields[field] = {
        value: found.value,
        raw: found.raw,
        confidence: Math.round(found.confidence),
        accepted: acceptable(kind, field, found, side.values, bad),
        source: 'ocr',
      };
    }
    if (kind === 'pancard' && fields.documentNumber.value && fields.fullName.value && !panMatchesName(fields.documentNumber.value, fields.fullName.value)) {
      problems.push({ code: 'NUMBER_NAME_MISMATCH', side: 'front', message: "the PAN's fifth letter is not the initial of the holder's surname" });
    }
    if (side.labels === 0 && !side.values.documentNumber)
      problems.push({ code: 'NO_TEXT', side: 'front', message: 'no labelled field was found on the document' });

    const backImage = input.back ? await decodeImage(input.back, 'back') : null;
    if (backImage && !backImage.ok) problems.push({ code: backImage.error.code, side: 'back', message: backImage.error.message });
    const [front, back, photo] = await Promise.all([
      toJpeg(side.image),
      backImage?.ok ? toJpeg(backImage.value) : null,
      side.layout.photo ? cropImage(side.image, side.layout.photo).then((p) => toJpeg(p)) : null,
    ]);
    const ms = elapsed(start);
    log?.info({ ms, kind, source: 'labels', labels: side.labels }, 'document read');
    return { kind, fields, source: 'labels', labels: side.labels, front, back, photo, problems, timings: { frontMs: ms } };
  };
}
