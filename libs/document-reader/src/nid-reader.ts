import type { CV } from '@techstark/opencv-js';
import { levenshteinSimilarity, normaliseNid } from '@ekyc/field-matching';
import { parseNidBarcodePayload } from './barcode-payload';
import { cropBox, meanColour, ocrRegion, prepareDocumentImage, rotate180, toJpeg } from './card-image';
import { emptyField, interpretField, ocrJobFor, type FieldContext } from './field-values';
import type { RgbImage } from './image-input';
import type { MrzParse, MrzParser } from './mrz-parser';
import { CHECKED_MRZ_CONFIDENCE, extractMrzLines, MRZ_WHITELIST, mrzDateToIso } from './mrz-text';
import { NID_CARD_SIZE, NID_LAYOUTS, type CardSide, type NidCardKind, type NidField } from './nid-layout';
import type { OcrPool, OcrText } from './ocr-pool';
import type { Pdf417Decoder } from './pdf417';
import type { BarcodePayload, NidReadResult, ReadField, ReaderLog, ReadNidCardInput, ReadProblem } from './types';

export interface NidReaderDeps {
  cv: CV;
  pool: OcrPool;
  pdf417: Pdf417Decoder;
  mrz: MrzParser;
  log?: ReaderLog;
}

const ALL_FIELDS: NidField[] = ['nameBn', 'nameEn', 'fatherName', 'motherName', 'dateOfBirth', 'nidNumber', 'address', 'bloodGroup', 'birthPlace', 'issueDate'];
const KINDS: NidCardKind[] = ['nid_smart', 'nid_old'];
/** Values from a decoded barcode are signed data printed by the Election Commission: trusted over OCR. */
const BARCODE_CONFIDENCE = 99;
/** Names read by OCR that are this similar to the barcode's are a misread, not a different name. */
const NAME_MISMATCH_SIMILARITY = 0.75;
/** The smart card's green header band: x, y, w, h of the card. */
const HEADER_BAND = { x: 0.2, y: 0.02, w: 0.6, h: 0.11 };

interface Side {
  image: RgbImage;
  /** The card was located in a photo: its orientation is not known yet. */
  cropped: boolean;
}

interface SideFields {
  fields: Partial<Record<NidField, ReadField>>;
  accepted: number;
}

const elapsed = (start: bigint): number => Number((process.hrtime.bigint() - start) / 1_000_000n);

/** Below this a digit count says nothing: the box may hold the other kind's label or security print. */
const KIND_PROBE_CONFIDENCE = 50;

function kindFromNid(ocr: OcrText): NidCardKind | null {
  const length = ocr.text.replace(/\D/g, '').length;
  if (ocr.confidence < KIND_PROBE_CONFIDENCE) return null;
  if (length === 10) return 'nid_smart';
  if (length === 13 || length === 17) return 'nid_old';
  return null;
}

/** A 13-digit NID equals its 17-digit form, which prefixes the birth year. */
function sameNid(a: string, b: string, birthYear?: number): boolean {
  if (a === b) return true;
  const left = normaliseNid(a, birthYear);
  const right = normaliseNid(b, birthYear);
  return left.ok && right.ok && left.value.value === right.value.value;
}

const comparableName = (name: string): string => name.toUpperCase().replace(/[^A-Z]+/g, ' ').trim();

export function createNidCardReader(deps: NidReaderDeps) {
  const { cv, pool, pdf417, mrz, log } = deps;

  async function readFields(kind: NidCardKind, side: CardSide, image: RgbImage, context: Omit<FieldContext, 'kind'>): Promise<SideFields> {
    const layout = NID_LAYOUTS[kind][side];
    const ocr = await Promise.all(
      layout.fields.map(async (region) => {
        const png = await ocrRegion(cv, image, region.valueBox, { lines: region.lines });
        return [region.field, await pool.recognize(region.lang, png, ocrJobFor(region.field, region.lines))] as const;
      }),
    );
    const texts = Object.fromEntries(ocr) as Partial<Record<NidField, OcrText>>;
    const dob = texts.dateOfBirth ? interpretField('dateOfBirth', texts.dateOfBirth, { kind }) : null;
    const birthYear = context.birthYear ?? (dob?.value ? Number(dob.value.slice(0, 4)) : undefined);
    const fields: Partial<Record<NidField, ReadField>> = {};
    for (const [field, text] of ocr) fields[field] = interpretField(field, text, { kind, birthYear });
    return { fields, accepted: Object.values(fields).filter((field) => field.accepted).length };
  }

  /** Reads a side upright; a located card that reads poorly is read again turned round, and the better reading kept. */
  async function readSideFields(kind: NidCardKind, side: CardSide, card: Side, context: Omit<FieldContext, 'kind'>): Promise<{ image: RgbImage } & SideFields> {
    const upright = await readFields(kind, side, card.image, context);
    const needed = Math.ceil(NID_LAYOUTS[kind][side].fields.length / 2);
    if (!card.cropped || upright.accepted >= needed) return { image: card.image, ...upright };
    const turned = rotate180(card.image);
    const other = await readFields(kind, side, turned, context);
    return other.accepted > upright.accepted ? { image: turned, ...other } : { image: card.image, ...upright };
  }

  /** Which kind a front is, and which way up, from the digit count of each kind's NID box. */
  async function probeFront(card: Side, kinds: NidCardKind[]): Promise<{ kind: NidCardKind; image: RgbImage } | null> {
    const orientations = card.cropped ? [card.image, rotate180(card.image)] : [card.image];
    for (const image of orientations) {
      const found = await Promise.all(
        kinds.map(async (kind) => {
          const region = NID_LAYOUTS[kind].front.fields.find((f) => f.field === 'nidNumber');
          if (!region) return null;
          const text = await pool.recognize('eng', await ocrRegion(cv, image, region.valueBox, { lines: 1 }), ocrJobFor('nidNumber', 1));
          return kindFromNid(text) === kind ? kind : null;
        }),
      );
      const kind = found.find((k): k is NidCardKind => k !== null);
      if (kind) return { kind, image };
    }
    return null;
  }

  interface BackEvidence {
    kind: NidCardKind;
    image: RgbImage;
    barcodeText?: string;
    mrzLines?: string[];
  }

  async function findMrz(image: RgbImage): Promise<string[] | null> {
    const box = NID_LAYOUTS.nid_smart.back.mrz;
    if (!box) return null;
    const png = await ocrRegion(cv, image, box, { lines: 3, marginY: 0, lineHeight: 48 });
    const { text } = await pool.recognize('eng', png, { psm: 6, whitelist: MRZ_WHITELIST });
    return extractMrzLines(text, 'TD1');
  }

  /** The old back carries a PDF417, the smart back a TD1 MRZ; where it sits tells which way up the card is. */
  async function probeBack(card: Side, kind: NidCardKind | undefined, thorough: boolean): Promise<BackEvidence | null> {
    if (kind !== 'nid_smart') {
      const barcodeBox = NID_LAYOUTS.nid_old.back.barcode;
      const upright = barcodeBox ? await pdf417.decode(await cropBox(card.image, barcodeBox), { thorough }) : null;
      if (upright) return { kind: 'nid_old', image: card.image, barcodeText: upright };
      if (card.cropped && barcodeBox) {
        const turned = rotate180(card.image);
        const text = await pdf417.decode(await cropBox(turned, barcodeBox), { thorough: false });
        if (text) return { kind: 'nid_old', image: turned, barcodeText: text };
      }
    }
    if (kind !== 'nid_old') {
      const upright = await findMrz(card.image);
      if (upright) return { kind: 'nid_smart', image: card.image, mrzLines: upright };
      if (card.cropped) {
        const turned = rotate180(card.image);
        const lines = await findMrz(turned);
        if (lines) return { kind: 'nid_smart', image: turned, mrzLines: lines };
      }
    }
    return null;
  }

  async function prepare(bytes: Buffer, side: CardSide, crop: boolean, problems: ReadProblem[]): Promise<Side | null> {
    const prepared = await prepareDocumentImage(cv, bytes, side, { crop, ...NID_CARD_SIZE });
    if (!prepared.ok) {
      problems.push({ code: prepared.error.code, side, message: prepared.error.message });
      return null;
    }
    if (!prepared.value.found) problems.push({ code: 'CARD_NOT_FOUND', side, message: `no card outline was found on the ${side} image; the whole image was read` });
    return { image: prepared.value.image, cropped: crop && prepared.value.found };
  }

  return async function readNidCard(input: ReadNidCardInput): Promise<NidReadResult> {
    const problems: ReadProblem[] = [];
    const start = process.hrtime.bigint();
    let frontMs = 0;
    let backMs = 0;

    const [front, back] = await Promise.all([
      prepare(input.front, 'front', input.crop, problems).finally(() => (frontMs += elapsed(start))),
      input.back ? prepare(input.back, 'back', input.crop, problems).finally(() => (backMs += elapsed(start))) : Promise.resolve(null),
    ]);
    const fields = Object.fromEntries(ALL_FIELDS.map((field) => [field, emptyField()])) as Record<NidField, ReadField>;
    if (!front) {
      return { kind: input.kind ?? 'nid_smart', fields, front: Buffer.alloc(0), back: null, photo: null, barcode: { found: false }, problems, timings: { frontMs, backMs } };
    }

    // Which kind, and which way up: from the back's barcode or MRZ, else from the digits of the front's NID.
    const probeStart = process.hrtime.bigint();
    const probedThoroughly = back !== null && back.cropped && input.kind === 'nid_old';
    const [backEvidence, frontEvidence] = await Promise.all([
      back && (back.cropped || !input.kind) ? probeBack(back, input.kind, input.kind === 'nid_old') : Promise.resolve(null),
      front.cropped || !input.kind ? probeFront(front, input.kind ? [input.kind] : KINDS) : Promise.resolve(null),
    ]);
    const probeMs = elapsed(probeStart);
    frontMs += probeMs;
    if (back) backMs += probeMs;

    let kind = input.kind ?? backEvidence?.kind ?? frontEvidence?.kind;
    if (!kind) {
      const band = await meanColour(front.image, HEADER_BAND);
      const dark = (band.r + band.g + band.b) / 3 < 110 && band.g > band.r;
      kind = dark ? 'nid_smart' : 'nid_old';
      problems.push({ code: 'KIND_UNCERTAIN', side: 'front', message: `the card kind was not given and was guessed as ${kind} from the header colour` });
    }
    const frontSide: Side = frontEvidence?.kind === kind ? { image: frontEvidence.image, cropped: false } : front;
    const backSide: Side | null = back && backEvidence?.kind === kind ? { image: backEvidence.image, cropped: false } : back;

    const readFront = async () => {
      const sideStart = process.hrtime.bigint();
      const read = await readSideFields(kind, 'front', frontSide, {});
      const photoBox = NID_LAYOUTS[kind].front.photo;
      const [jpeg, photo] = await Promise.all([toJpeg(read.image), photoBox ? cropBox(read.image, photoBox).then((p) => toJpeg(p)) : Promise.resolve(null)]);
      frontMs += elapsed(sideStart);
      return { ...read, jpeg, photo };
    };
    /** The barcode or MRZ of an upright back, unless the probe already has it (or tried hard on this very image). */
    const readMachineZone = async (image: RgbImage): Promise<{ barcodeText?: string; mrzLines?: string[] }> => {
      if (backEvidence?.kind === kind) return { barcodeText: backEvidence.barcodeText, mrzLines: backEvidence.mrzLines };
      if (kind === 'nid_smart') return { mrzLines: (await findMrz(image)) ?? undefined };
      const box = NID_LAYOUTS.nid_old.back.barcode;
      if (!box || (probedThoroughly && image === back?.image)) return {};
      return { barcodeText: (await pdf417.decode(await cropBox(image, box), { thorough: true })) ?? undefined };
    };
    const readBack = async () => {
      if (!backSide) return null;
      const sideStart = process.hrtime.bigint();
      // Upright already: the machine-readable zone is read alongside the fields, else once the fields settled which way up.
      const early = backSide.cropped ? null : readMachineZone(backSide.image);
      const read = await readSideFields(kind, 'back', backSide, {});
      const [zone, jpeg] = await Promise.all([early ?? readMachineZone(read.image), toJpeg(read.image)]);
      backMs += elapsed(sideStart);
      return { ...read, ...zone, jpeg };
    };
    const [frontRead, backRead] = await Promise.all([readFront(), readBack()]);

    for (const [field, value] of Object.entries({ ...frontRead.fields, ...(backRead?.fields ?? {}) }) as [NidField, ReadField][]) fields[field] = value;
    const birthYear = fields.dateOfBirth.value ? Number(fields.dateOfBirth.value.slice(0, 4)) : undefined;

    const barcode: NidReadResult['barcode'] = { found: false };
    if (kind === 'nid_old' && backRead) {
      if (backRead.barcodeText === undefined) {
        problems.push({ code: 'BARCODE_UNREADABLE', side: 'back', message: 'the PDF417 barcode on the back could not be decoded' });
      } else {
        const payload = parseNidBarcodePayload(backRead.barcodeText);
        if (!payload.ok) problems.push({ code: 'BARCODE_INVALID', side: 'back', message: payload.message });
        else applyBarcode(payload.value, fields, barcode, problems, birthYear);
      }
    }
    if (kind === 'nid_smart' && backRead?.mrzLines) await applyMrz(backRead.mrzLines, fields, problems);

    for (const [side, read] of [['front', frontRead], ['back', backRead]] as const) {
      if (read && Object.values(read.fields).every((field) => !field.accepted)) {
        problems.push({ code: 'NO_TEXT', side, message: `no field on the ${side} could be read with confidence` });
      }
    }
    log?.info({ kind, frontMs, backMs, problems: problems.map((p) => p.code) }, 'nid card read');
    return {
      kind,
      fields,
      front: frontRead.jpeg,
      back: backRead?.jpeg ?? null,
      photo: frontRead.photo,
      barcode,
      problems,
      timings: { frontMs, backMs },
    };
  };

  async function applyMrz(lines: string[], fields: Record<NidField, ReadField>, problems: ReadProblem[]): Promise<void> {
    let parsed: MrzParse;
    try {
      parsed = await mrz.parse(lines);
    } catch (error) {
      log?.warn({ error: (error as Error).message }, 'smart card MRZ did not parse');
      return;
    }
    const check = (name: string) => parsed.details.find((d) => d.field === name)?.valid === true;
    const raw = lines.join('\n');
    const documentNumber = parsed.documentNumber ?? '';
    if (/^\d{10}$/.test(documentNumber) && check('documentNumberCheckDigit')) {
      confirm('nidNumber', documentNumber, raw, fields, problems);
    }
    const birthDate = parsed.fields.birthDate;
    if (birthDate && check('birthDateCheckDigit')) {
      // Two-digit years: the front's printed year settles the century when it agrees.
      const printed = fields.dateOfBirth.value;
      const iso = printed && printed.slice(2) === `${birthDate.slice(0, 2)}-${birthDate.slice(2, 4)}-${birthDate.slice(4, 6)}` ? printed : mrzDateToIso(birthDate, 'birth');
      if (iso) confirm('dateOfBirth', iso, raw, fields, problems);
    }
  }
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
function applyBarcode(payload: BarcodePayload, fields: Record<NidField, ReadField>, barcode: NidReadResult['barcode'], problems: ReadProblem[], birthYear?: number): void {
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
