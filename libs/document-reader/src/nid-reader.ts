import type { CV } from '@techstark/opencv-js';
import { levenshteinSimilarity, normaliseNid } from '@ekyc/field-matching';
import { parseNidBarcodePayload } from './barcode-payload';
import { cropImage, rotate180, toJpeg } from './card-image';
import { combineReadings, emptyField, interpretField, latinJobFor, LATIN_FIELDS, type FieldContext, type ValueText } from './field-values';
import { decodeImage, type RgbImage } from './image-input';
import { labelledValues, valueText, type LabelledValue } from './labelled-values';
import { readBox, readRows, type PlacedWord, type RowRead } from './line-ocr';
import { locateDocument, type LocateMethod } from './locate-document';
import { mrzRows, readMrzRow } from './mrz-rows';
import { checkDigit, CHECKED_MRZ_CONFIDENCE, cleanMrzLine, mrzDateToIso, repairMrzLines } from './mrz-text';
import { NID_FIELDS, NID_SIDE_FIELDS, type CardSide, type NidCardKind, type NidField } from './nid-fields';
import type { OcrPool } from './ocr-pool';
import type { Pdf417Decoder } from './pdf417';
import { findTextLayout, type TextLayout, type TextRow } from './text-lines';
import type { BarcodePayload, NidReadResult, ReadField, ReaderLog, ReadNidCardInput, ReadProblem } from './types';

export interface NidReaderDeps {
  cv: CV;
  pool: OcrPool;
  pdf417: Pdf417Decoder;
  log?: ReaderLog;
}

/** ID-1 cards, 85.6 x 53.98 mm, warped to about 350 dpi: small print stays legible. */
export const CARD_WIDTH = 1200;
export const CARD_ASPECT = 85.6 / 53.98;
/** The top band of a card (a fifth of its height) holds its title and notices, never a labelled field. */
const HEADER_BAND = 0.2;
/** Values from a decoded barcode are signed data printed by the Election Commission: trusted over OCR. */
const BARCODE_CONFIDENCE = 99;
/** Names read by OCR that are this similar to the barcode's or the MRZ's are a misread, not a different name. */
const NAME_MISMATCH_SIMILARITY = 0.75;

/** Second reads of a side's values, by value. */
type SecondReads = Map<LabelledValue, Promise<ValueText | null>>;

/** A value as its line was first read: its text, and the confidence of its least sure word. */
function firstReading(value: LabelledValue): ValueText {
  const words = value.tokens.map((t) => ({ text: valueText([t]), confidence: t.confidence }));
  return { text: valueText(value.tokens), confidence: words.length ? Math.min(...words.map((w) => w.confidence)) : 0, words };
}

const elapsed = (start: bigint): number => Number((process.hrtime.bigint() - start) / 1_000_000n);

interface SideRead {
  /** Upright. */
  image: RgbImage;
  method: LocateMethod;
  layout: TextLayout;
  reads: RowRead[];
  values: LabelledValue[];
  /** A TD1 zone's three lines, when the side has one. */
  mrzLines: string[] | null;
}

/** A 13-digit NID equals its 17-digit form, which prefixes the birth year. */
function sameNid(a: string, b: string, birthYear?: number): boolean {
  if (a === b) return true;
  const left = normaliseNid(a, birthYear);
  const right = normaliseNid(b, birthYear);
  return left.ok && right.ok && left.value.value === right.value.value;
}

const comparableName = (name: string): string =>
  name
    .toUpperCase()
    .replace(/[^A-Z]+/g, ' ')
    .trim();

/**
 * Which way up a page of Bengali text is, from where the headlines of its segments sit. Positive: upright; negative:
 * upside down; near zero: no Bengali to tell by.
 */
export function headlineVote(layout: TextLayout): number {
  let vote = 0;
  for (const row of layout.rows) for (const s of row.segments) vote += s.headline === 'top' ? s.w : s.headline === 'bottom' ? -s.w : 0;
  return vote;
}

/** Rows worth reading: text-sized, not guilloche specks. */
export function rowsToRead(layout: TextLayout): TextRow[] {
  const lines = layout.rows.filter((r) => r.box.w >= 2 * r.textHeight);
  if (lines.length === 0) return [];
  const heights = lines.map((r) => r.textHeight).sort((a, b) => a - b);
  const body = heights[Math.floor(heights.length * 0.6)];
  return layout.rows.filter((row) => row.textHeight >= 0.5 * body && row.textHeight <= 3 * body);
}

export function createNidCardReader(deps: NidReaderDeps) {
  return async function readNidCard(input: ReadNidCardInput): Promise<NidReadResult> {
    const read: CardRead = { input, problems: [], start: process.hrtime.bigint(), timings: { frontMs: 0, backMs: 0 } };
    const { problems, timings } = read;
    const fields = Object.fromEntries(NID_FIELDS.map((field) => [field, emptyField()])) as Record<NidField, ReadField>;
    const { frontRead, backRead } = await readSides(deps, read);
    if (!frontRead) {
      return {
        kind: input.kind ?? 'nid_smart',
        fields,
        front: Buffer.alloc(0),
        back: null,
        photo: null,
        barcode: { found: false },
        problems,
        timings: { frontMs: elapsed(read.start), backMs: timings.backMs },
      };
    }
    const kind = await cardKind(deps, read, frontRead.side, backRead);
    const birthYear = await readFields(fields, kind, frontRead, backRead);
    const barcode = checkBack(deps.log, problems, kind, fields, backRead, birthYear);
    reportSidesWithoutText(problems, frontRead.side, backRead?.side);
    const [frontJpeg, backJpeg, photo] = await Promise.all([frontRead.jpeg, backRead ? backRead.jpeg : Promise.resolve(null), frontRead.photo]);
    const { frontMs, backMs } = timings;
    deps.log?.info({ kind, frontMs, backMs, problems: problems.map((p) => p.code) }, 'nid card read');
    return { kind, fields, front: frontJpeg, back: backJpeg, photo, barcode, problems, timings: { frontMs, backMs } };
  };
}

/** One read of a card while its steps run: what was asked, the problems found so far, when each side was done. */
interface CardRead {
  input: ReadNidCardInput;
  problems: ReadProblem[];
  start: bigint;
  timings: { frontMs: number; backMs: number };
}

/**
 * Each side is read as soon as it is found, and its second reads and images start at once: the front's lines are
 * being read while the back is still located, the back's barcode decoded while its lines are read.
 * Both images decode at once (in sharp's threads); the front is located and laid out first, and while its lines are
 * being read the back is located and laid out on this thread.
 */
async function readSides(deps: NidReaderDeps, read: CardRead) {
  const { input, problems, start, timings } = read;
  let frontReading: () => void = () => undefined;
  const frontDispatched = new Promise<void>((resolve) => (frontReading = resolve));
  const decodingBack = input.back ? decode(input.back, 'back', problems) : Promise.resolve(null);
  const readingFront = decode(input.front, 'front', problems).then(async (image) => {
    if (!image) {
      frontReading();
      return null;
    }
    const front = await locate(deps, image, 'front', input.crop, problems);
    const side = await readSide(deps, front.image, front.method, 'front', false, frontReading);
    const result = { side, second: startSecondReads(deps, side), jpeg: toJpeg(side.image), photo: cardPhoto(side) };
    timings.frontMs = elapsed(start);
    return result;
  });
  const readingBack = decodingBack.then(async (image) => {
    if (!image) return null;
    await frontDispatched;
    const back = await locate(deps, image, 'back', input.crop, problems);
    const reading = readSide(deps, back.image, back.method, 'back', input.kind !== 'nid_old');
    // An old back's PDF417: zxing finds it anywhere on the side and at either orientation.
    const quick = input.kind === 'nid_smart' ? Promise.resolve(null) : deps.pdf417.decode(back.image, { thorough: false });
    const side = await reading;
    const second = startSecondReads(deps, side);
    const jpeg = toJpeg(side.image);
    const barcodeText = await quick;
    timings.backMs = elapsed(start);
    return { side, second, jpeg, barcodeText, mrzLines: side.mrzLines };
  });
  const [frontRead, backRead] = await Promise.all([readingFront, readingBack]);
  return { frontRead, backRead };
}

type SidesRead = Awaited<ReturnType<typeof readSides>>;
type FrontRead = NonNullable<SidesRead['frontRead']>;
type BackRead = SidesRead['backRead'];

/** The card's kind: as given, else as its back tells (a barcode or an MRZ), else as its NID number's length does. */
async function cardKind(deps: NidReaderDeps, read: CardRead, frontSide: SideRead, backRead: BackRead): Promise<NidCardKind> {
  const { input, problems } = read;
  const nidDigits =
    frontSide.values
      .find((v) => v.field === 'nidNumber')
      ?.tokens.map((t) => t.text)
      .join('')
      .replace(/\D/g, '') ?? '';
  const kindFromNid: NidCardKind | undefined =
    nidDigits.length === 10 ? 'nid_smart' : nidDigits.length === 13 || nidDigits.length === 17 ? 'nid_old' : undefined;
  // The slow search for a damaged barcode (turned and enlarged copies, up to a second) only for what is an old card.
  if (backRead && !backRead.barcodeText && !backRead.mrzLines && (input.kind ?? kindFromNid) === 'nid_old') {
    backRead.barcodeText = await deps.pdf417.decode(backRead.side.image, { thorough: true });
    read.timings.backMs = elapsed(read.start);
  }
  const kindFromBack: NidCardKind | undefined = backRead?.barcodeText ? 'nid_old' : backRead?.mrzLines ? 'nid_smart' : undefined;
  let kind = input.kind ?? kindFromBack ?? kindFromNid;
  if (!kind) {
    kind = 'nid_smart';
    problems.push({
      code: 'KIND_UNCERTAIN',
      side: 'front',
      message: 'the card kind was not given and could not be told from the NID number or the back; read as a smart card',
    });
  }
  return kind;
}

/** The fields both sides print, into `fields`; returns the front's birth year, which a 13-digit NID is compared by. */
async function readFields(fields: Record<NidField, ReadField>, kind: NidCardKind, frontRead: FrontRead, backRead: BackRead): Promise<number | undefined> {
  const frontFields = await fieldsOf(frontRead.side, frontRead.second, NID_SIDE_FIELDS[kind].front, { kind });
  const birthYear = frontFields.dateOfBirth?.accepted && frontFields.dateOfBirth.value ? Number(frontFields.dateOfBirth.value.slice(0, 4)) : undefined;
  // Fields a side carries but the other kind's side prints too (an old back with a birth place) are kept.
  const backFields = backRead
    ? await fieldsOf(
        backRead.side,
        backRead.second,
        NID_FIELDS.filter((f) => !NID_SIDE_FIELDS[kind].front.includes(f)),
        { kind },
      )
    : {};
  for (const [field, value] of Object.entries({ ...frontFields, ...backFields }) as [NidField, ReadField][]) fields[field] = value;
  return birthYear;
}

/** What the back proves: an old card's PDF417 or a smart card's MRZ replaces what OCR read of the fields it holds. */
function checkBack(
  log: ReaderLog | undefined,
  problems: ReadProblem[],
  kind: NidCardKind,
  fields: Record<NidField, ReadField>,
  backRead: BackRead,
  birthYear: number | undefined,
): NidReadResult['barcode'] {
  const barcode: NidReadResult['barcode'] = { found: false };
  if (backRead && kind === 'nid_old') {
    if (!backRead.barcodeText) {
      problems.push({ code: 'BARCODE_UNREADABLE', side: 'back', message: 'the PDF417 barcode on the back could not be decoded' });
    } else {
      const payload = parseNidBarcodePayload(backRead.barcodeText);
      if (!payload.ok) problems.push({ code: 'BARCODE_INVALID', side: 'back', message: payload.message });
      else applyBarcode(payload.value, fields, barcode, problems, birthYear);
    }
  }
  if (backRead && kind === 'nid_smart') {
    if (backRead.mrzLines) applyMrz(log, backRead.mrzLines, fields, problems);
    else problems.push({ code: 'MRZ_NOT_FOUND', side: 'back', message: 'no machine-readable zone was read on the back' });
  }
  return barcode;
}

function reportSidesWithoutText(problems: ReadProblem[], frontSide: SideRead, backSide: SideRead | undefined): void {
  for (const [side, read] of [
    ['front', frontSide],
    ['back', backSide],
  ] as const) {
    if (read && read.values.length === 0) problems.push({ code: 'NO_TEXT', side, message: `no labelled field was found on the ${side}` });
  }
}

/**
 * The rows of a side read, the zone's lines apart when the side has a machine-readable zone. On a card that fills
 * the image (found by its outline, or a scan), the rows of its top band (the government's name, the card's title,
 * the property notice on the back) are read only when the rest did not hold the labels a side should carry.
 */
async function analyse(
  deps: NidReaderDeps,
  image: RgbImage,
  layout: TextLayout,
  zone: boolean,
  expected: number,
  fillsImage: boolean,
): Promise<Omit<SideRead, 'method'>> {
  const { pool } = deps;
  const rows = rowsToRead(layout);
  const zoneRows = zone ? mrzRows(rows, image.width, image.height, 3) : [];
  const header = fillsImage ? rows.filter((r) => r.box.y + r.box.h < HEADER_BAND * image.height && !zoneRows.includes(r)) : [];
  const [reads, mrzLines] = await Promise.all([
    readRows(
      pool,
      layout.gray,
      rows.filter((r) => !zoneRows.includes(r) && !header.includes(r)),
    ),
    zoneRows.length > 0 ? readMrz(deps, layout, zoneRows) : null,
  ]);
  // Rows that looked like a zone but did not read as one are read like any other.
  const byY = (list: RowRead[]) => list.sort((a, b) => a.row.box.y - b.row.box.y);
  let all = byY(mrzLines || zoneRows.length === 0 ? reads : [...reads, ...(await readRows(pool, layout.gray, zoneRows))]);
  let values = labelledValues(all);
  if (header.length > 0 && values.length < expected) {
    all = byY([...all, ...(await readRows(pool, layout.gray, header))]);
    values = labelledValues(all);
  }
  return { image, layout, reads: all, values, mrzLines };
}

/**
 * Reads a side the way its Bengali headlines say is up; when few labels turn up, the other way too, and keeps the
 * better.
 */
async function readSide(deps: NidReaderDeps, image: RgbImage, method: LocateMethod, side: CardSide, zone: boolean, onReading?: () => void): Promise<SideRead> {
  const { cv } = deps;
  // A front carries the portrait and six labelled fields; a back three or four.
  const portrait = side === 'front';
  const expected = side === 'front' ? 6 : 3;
  const layout = await findTextLayout(cv, image, { portrait });
  const flipped = headlineVote(layout) < 0;
  const fillsImage = method !== 'text';
  const turned = async () => {
    const other = rotate180(image);
    return analyse(deps, other, await findTextLayout(cv, other, { portrait }), zone, expected, fillsImage);
  };
  const reading = flipped ? turned() : analyse(deps, image, layout, zone, expected, fillsImage);
  onReading?.();
  const first = await reading;
  if (first.values.length * 2 >= expected) return { ...first, method };
  const second = flipped ? await analyse(deps, image, layout, zone, expected, fillsImage) : await turned();
  return { ...(second.values.length > first.values.length ? second : first), method };
}

async function decode(bytes: Buffer, side: CardSide, problems: ReadProblem[]): Promise<RgbImage | null> {
  const decoded = await decodeImage(bytes, side);
  if (decoded.ok) return decoded.value;
  problems.push({ code: decoded.error.code, side, message: decoded.error.message });
  return null;
}

async function locate(
  deps: NidReaderDeps,
  image: RgbImage,
  side: CardSide,
  crop: boolean,
  problems: ReadProblem[],
): Promise<{ image: RgbImage; method: LocateMethod }> {
  const { cv } = deps;
  const located = await locateDocument(cv, image, { crop, aspect: CARD_ASPECT, width: CARD_WIDTH });
  if (located.method === 'text') {
    problems.push({ code: 'CARD_OUTLINE_NOT_FOUND', side, message: `the card's outline was not found on the ${side} image; it was read by its text` });
  }
  return located;
}

/** A smart back's TD1 zone: its rows read by the English model limited to MRZ characters, then repaired. */
async function readMrz(deps: NidReaderDeps, layout: TextLayout, rows: readonly TextRow[]): Promise<string[] | null> {
  const { pool } = deps;
  const lines = (await Promise.all(rows.map((row) => readMrzRow(pool, layout, row, 30)))).map((r) => r.line);
  if (lines.length !== 3 || lines.some((line) => cleanMrzLine(line).length < 24) || lines.join('').split('<').length < 8) return null;
  return repairMrzLines(lines, 'TD1');
}

/** Re-reads a value with one model: Latin values with English limited to the characters the field may hold. */
async function reread(
  deps: NidReaderDeps,
  side: SideRead,
  value: LabelledValue,
  lang: 'eng' | 'ben',
): Promise<{ text: string; confidence: number; words: PlacedWord[] } | null> {
  const { pool } = deps;
  if (value.lines.length === 0) return null;
  const job = lang === 'eng' ? latinJobFor(value.field) : { psm: 7 as const };
  const words = (await Promise.all(value.lines.map((box) => readBox(pool, lang, side.layout.gray, box, box.h, job, { marginX: 0.3, marginY: 0.1 })))).flat();
  if (words.length === 0) return null;
  return { text: words.map((w) => w.text).join(' '), confidence: Math.min(...words.map((w) => w.confidence)), words };
}

/**
 * Second reads, started as soon as a side's values are known so that they run beside the other side's first reads:
 * Latin values by the English model limited to the field's characters (unless that model already read a value that
 * passes its checks), Bengali values with a Latin word in them by the Bengali model alone.
 */
function startSecondReads(deps: NidReaderDeps, side: SideRead): SecondReads {
  const { log } = deps;
  const out: SecondReads = new Map();
  // Started before it is known which values will be used: one not awaited must not reject unhandled, and one that
  // fails leaves the first reading to stand.
  const settle = (read: Promise<Awaited<ReturnType<typeof reread>>>) =>
    read.catch((err: unknown) => {
      log?.warn({ code: (err as { code?: string }).code ?? 'OCR_FAILED' }, 'a second read of a value failed');
      return null;
    });
  for (const value of side.values) {
    if (LATIN_FIELDS.has(value.field)) {
      const digits = valueText(value.tokens).replace(/\D/g, '').length;
      const kind: NidCardKind = digits === 10 ? 'nid_smart' : 'nid_old';
      const readByEnglish = value.tokens.length > 0 && value.tokens.every((t) => t.lang === 'eng');
      if (readByEnglish && interpretField(value.field, firstReading(value), { kind }).accepted) continue;
      out.set(value, settle(reread(deps, side, value, 'eng')));
    } else if (!value.inferred && /[A-Za-z]/.test(valueText(value.tokens))) {
      out.set(value, settle(reread(deps, side, value, 'ben')));
    }
  }
  return out;
}

/** A value's reading (and its second one, if any), interpreted for its field. */
async function readValue(value: LabelledValue, second: SecondReads, context: FieldContext): Promise<ReadField> {
  const first = interpretField(value.field, firstReading(value), context);
  const again = await second.get(value);
  if (LATIN_FIELDS.has(value.field)) return second.has(value) ? combineReadings(first, again ? interpretField(value.field, again, context) : null) : first;
  if (value.inferred) return { ...first, accepted: false };
  if (!second.has(value)) return first;
  // A Latin word in a Bengali value is a word the two models together got wrong: the Bengali model's read stands.
  const alone = again ? interpretField(value.field, again, context) : null;
  return alone?.value ? alone : { ...first, accepted: false };
}

/** The fields of a side; the date of birth first, as the 17-digit NID must start with its year. */
async function fieldsOf(
  side: SideRead,
  second: SecondReads,
  fields: readonly NidField[],
  context: FieldContext,
): Promise<Partial<Record<NidField, ReadField>>> {
  const out: Partial<Record<NidField, ReadField>> = {};
  const wanted = side.values.filter((value) => fields.includes(value.field));
  const dob = wanted.find((value) => value.field === 'dateOfBirth');
  if (dob) out.dateOfBirth = await readValue(dob, second, context);
  const birthYear = out.dateOfBirth?.accepted && out.dateOfBirth.value ? Number(out.dateOfBirth.value.slice(0, 4)) : context.birthYear;
  await Promise.all(
    wanted.filter((value) => value !== dob).map(async (value) => (out[value.field] = await readValue(value, second, { ...context, birthYear }))),
  );
  return out;
}

/**
 * The face photo: the portrait's frame when it was found and sits where a portrait does (left of the labelled rows,
 * level with them), else the part left of the labels, level with their rows and about as wide as they are tall (a
 * portrait's proportions): on a card not cut from its surface, the surface left of it is not the photo.
 */
async function cardPhoto(side: SideRead): Promise<Buffer | null> {
  const { width, height } = side.image;
  const framed = side.layout.photo;
  // Labels stand in a column right of the portrait; values found by content alone may start anywhere.
  const withLabels = side.values.filter((v) => v.label);
  const labelled = withLabels.map((v) => side.reads[v.row]);
  if (labelled.length === 0) return framed ? toJpeg(await cropImage(side.image, framed)) : null;
  const textLeft = Math.min(...withLabels.map((v) => v.labelX ?? width));
  const top = Math.min(...labelled.map((r) => r.row.box.y));
  const bottom = Math.max(...labelled.map((r) => r.row.box.y + r.row.box.h));
  if (framed) {
    const overlap = Math.min(bottom, framed.y + framed.h) - Math.max(top, framed.y);
    const placed = framed.x + framed.w <= textLeft + width * 0.02 && overlap >= framed.h * 0.5;
    if (placed) return toJpeg(await cropImage(side.image, framed));
  }
  const left = Math.round(Math.max(width * 0.01, textLeft - (bottom - top) * 1.0));
  const right = Math.round(textLeft - width * 0.01);
  if (right - left < width * 0.08) return null;
  const y0 = Math.max(0, Math.round(top - (bottom - top) * 0.12));
  const y1 = Math.min(height, Math.round(bottom + (bottom - top) * 0.05));
  return toJpeg(await cropImage(side.image, { x: left, y: y0, w: right - left, h: y1 - y0 }));
}

/**
 * Check-digit-valid MRZ values replace OCR; the name, which has no check digit, confirms or questions the front's.
 * TD1 is read here by its fixed positions, with every check digit computed: the smart card's 10-digit NID overflows
 * its 9-character field into the optional data, where its check digit follows it (ICAO 9303-5), and a value is
 * taken only when the composite check over both lines passes too.
 */
function applyMrz(log: ReaderLog | undefined, lines: string[], fields: Record<NidField, ReadField>, problems: ReadProblem[]): void {
  const td1 = parseTd1(lines);
  if (!td1) {
    log?.warn({}, 'smart card MRZ did not parse');
    return;
  }
  const raw = lines.join('\n');
  if (td1.compositeValid && td1.documentNumberValid && /^\d{10}$/.test(td1.documentNumber)) confirm('nidNumber', td1.documentNumber, raw, fields, problems);
  if (td1.compositeValid && td1.birthDateValid) {
    // Two-digit years: the front's printed year settles the century when it agrees.
    const printed = fields.dateOfBirth.value;
    const b = td1.birthDate;
    const iso = printed && printed.slice(2) === `${b.slice(0, 2)}-${b.slice(2, 4)}-${b.slice(4, 6)}` ? printed : mrzDateToIso(b, 'birth');
    if (iso) confirm('dateOfBirth', iso, raw, fields, problems);
  }
  // The MRZ name is the printed name in MRZ letters (surname first, maybe cut short): it can only confirm.
  const mrzName = comparableName(td1.name);
  const printed = fields.nameEn;
  if (printed.value && mrzName) {
    const words = (name: string) => comparableName(name).split(' ').filter(Boolean).sort().join(' ');
    if (words(printed.value) === words(mrzName))
      fields.nameEn = { ...printed, accepted: true, confidence: Math.max(printed.confidence, CHECKED_MRZ_CONFIDENCE) };
    else if (printed.accepted) fields.nameEn = { ...printed, accepted: false };
  }
}

/** The fields of a TD1 zone (3 x 30) by position, with their check digits computed. */
export function parseTd1(
  lines: readonly string[],
): { documentNumber: string; documentNumberValid: boolean; birthDate: string; birthDateValid: boolean; compositeValid: boolean; name: string } | null {
  const [a, b, c] = lines;
  if (!a || !b || !c || a.length !== 30 || b.length !== 30 || c.length !== 30) return null;
  let documentNumber = a.slice(5, 14).replace(/<+$/, '');
  let documentNumberValid = checkDigit(a.slice(5, 14)) === a[14];
  if (a[14] === '<') {
    // A longer number: its remaining characters, then its check digit, open the optional data.
    const overflow = /^([0-9A-Z]+)</.exec(a.slice(15))?.[1] ?? '';
    documentNumber = a.slice(5, 14) + overflow.slice(0, -1);
    documentNumberValid = overflow.length >= 2 && checkDigit(documentNumber) === overflow.slice(-1);
  }
  const birthDate = b.slice(0, 6);
  const birthDateValid = /^\d{6}$/.test(birthDate) && checkDigit(birthDate) === b[6];
  const composite = a.slice(5, 30) + b.slice(0, 7) + b.slice(8, 15) + b.slice(18, 29);
  const compositeValid = /^\d$/.test(b[29]) && checkDigit(composite) === b[29];
  const [surname = '', given = ''] = c.split('<<');
  return {
    documentNumber,
    documentNumberValid,
    birthDate,
    birthDateValid,
    compositeValid,
    name: `${given.replace(/</g, ' ')} ${surname.replace(/</g, ' ')}`.trim(),
  };
}

/** An MRZ value whose check digit passed replaces OCR; OCR that confidently read something else is reported. */
function confirm(field: NidField, value: string, raw: string, fields: Record<NidField, ReadField>, problems: ReadProblem[]): void {
  const ocr = fields[field];
  if (ocr.accepted && ocr.value !== value) {
    problems.push({ code: 'MRZ_MISMATCH', side: 'back', message: `the ${field} printed on the front differs from the MRZ on the back` });
  }
  fields[field] = { value, raw, confidence: CHECKED_MRZ_CONFIDENCE, accepted: true, source: 'mrz' };
}

/** Barcode values replace OCR for the fields it holds; OCR that confidently read something else is reported. */
function applyBarcode(
  payload: BarcodePayload,
  fields: Record<NidField, ReadField>,
  barcode: NidReadResult['barcode'],
  problems: ReadProblem[],
  birthYear?: number,
): void {
  const agrees: Partial<Record<NidField, boolean>> = {};
  const checks: { field: NidField; value: string; same: (ocr: string) => boolean; mismatch: (ocr: ReadField) => boolean }[] = [
    { field: 'nidNumber', value: payload.nidNumber, same: (ocr) => sameNid(ocr, payload.nidNumber, birthYear), mismatch: (ocr) => ocr.accepted },
    { field: 'dateOfBirth', value: payload.dateOfBirth, same: (ocr) => ocr === payload.dateOfBirth, mismatch: (ocr) => ocr.accepted },
    {
      field: 'nameEn',
      value: payload.nameEn,
      same: (ocr) => comparableName(ocr) === comparableName(payload.nameEn),
      mismatch: (ocr) => ocr.accepted && levenshteinSimilarity(comparableName(ocr.value ?? ''), comparableName(payload.nameEn)) < NAME_MISMATCH_SIMILARITY,
    },
  ];
  for (const { field, value, same, mismatch } of checks) {
    const ocr = fields[field];
    agrees[field] = ocr.value !== null && same(ocr.value);
    if (!agrees[field] && mismatch(ocr)) {
      problems.push({ code: 'BARCODE_MISMATCH', side: 'back', message: `the ${field} printed on the front differs from the barcode on the back` });
    }
    fields[field] = { value, raw: value, confidence: BARCODE_CONFIDENCE, accepted: true, source: 'barcode' };
  }
  barcode.found = true;
  barcode.payload = payload;
  barcode.agrees = agrees;
}
