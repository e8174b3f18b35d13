import type { KeyObject } from 'node:crypto';
import type { CV } from '@techstark/opencv-js';
import { parseSecureQr, parseXmlQr, qrSignatureStatus, validAadhaarNumber, type AadhaarQr } from './aadhaar';
import { cropImage, rotate180, toJpeg } from './card-image';
import { emptyField, fixDigits } from './field-values';
import { decodeImage, type RgbImage } from './image-input';
import { latinValues, parseLatinDate } from './latin-fields';
import { readRows, type RowRead } from './line-ocr';
import { locateDocument } from './locate-document';
import type { OcrPool } from './ocr-pool';
import type { QrDecoder } from './qr-code';
import { findTextLayout, type TextLayout } from './text-lines';
import type { AadhaarField, AadhaarReadResult, ReaderLog, ReadField, ReadProblem } from './types';

const CARD_ASPECT = 85.6 / 53.98;
const CARD_WIDTH = 1012;
const FIELDS: AadhaarField[] = ['documentNumber', 'nameEn', 'dateOfBirth', 'sex', 'address'];
/** Word confidence a value read from the print must reach to be accepted without the QR. */
const PRINT_CONFIDENCE = 80;
const QR_CONFIDENCE = 99;

export interface AadhaarReaderDeps {
  cv: CV;
  pool: OcrPool;
  qr: QrDecoder;
  /**
   * Public keys of UIDAI's Secure QR signing certificates. With them, a Secure QR whose signature does not verify is
   * not trusted: nothing it says is accepted (QR_SIGNATURE_INVALID). Without them the signature is not checked.
   */
  qrSigningKeys?: readonly KeyObject[];
  log?: ReaderLog;
}

const elapsed = (start: bigint): number => Number((process.hrtime.bigint() - start) / 1_000_000n);

/** The printed 12-digit number (`2345 6789 0123`): the first run of twelve digits in a row that passes Verhoeff's check. */
export function printedAadhaarNumber(reads: readonly RowRead[]): { value: string; confidence: number } | null {
  for (const read of reads) {
    const words = read.words.map((w) => ({ text: fixDigits(w.text), confidence: w.confidence }));
    for (let i = 0; i < words.length; i++) {
      for (let n = 1; n <= 3 && i + n <= words.length; n++) {
        const group = words.slice(i, i + n);
        const digits = group.map((w) => w.text).join('');
        if (/^\d{12}$/.test(digits) && validAadhaarNumber(digits)) return { value: digits, confidence: Math.min(...group.map((w) => w.confidence)) };
      }
    }
  }
  return null;
}

function printedSex(reads: readonly RowRead[]): { value: 'M' | 'F'; confidence: number } | null {
  for (const read of reads) {
    for (const word of read.words) {
      const text = word.text.toUpperCase().replace(/[^A-Z]/g, '');
      if (text === 'MALE') return { value: 'M', confidence: word.confidence };
      if (text === 'FEMALE') return { value: 'F', confidence: word.confidence };
    }
  }
  return null;
}

export function createAadhaarReader(deps: AadhaarReaderDeps) {
  const { cv, pool, qr, log } = deps;
  const signingKeys = deps.qrSigningKeys ?? [];

  async function qrOf(image: RgbImage): Promise<AadhaarQr | null> {
    const text = await qr.decode(image);
    return text ? (parseSecureQr(text) ?? parseXmlQr(text)) : null;
  }

  return async function readAadhaar(input: { front: Buffer; back?: Buffer; crop: boolean }): Promise<AadhaarReadResult> {
    const start = process.hrtime.bigint();
    const problems: ReadProblem[] = [];
    const fields = Object.fromEntries(FIELDS.map((f) => [f, emptyField('ocr')])) as Record<AadhaarField, ReadField>;
    const decoded: Partial<Record<'front' | 'back', RgbImage>> = {};
    for (const [side, bytes] of [
      ['front', input.front],
      ['back', input.back],
    ] as const) {
      if (!bytes) continue;
      const image = await decodeImage(bytes, side);
      if (image.ok) decoded[side] = image.value;
      else problems.push({ code: image.error.code, side, message: image.error.message });
    }
    // The QR is on the back of PVC cards and beside the photo on letters: the back first.
    let found: AadhaarQr | null = null;
    for (const side of ['back', 'front'] as const) {
      const image = decoded[side];
      if (image && !found) found = await qrOf(image);
    }
    let layout: TextLayout | null = null;
    let card: RgbImage | null = null;
    let reads: RowRead[] = [];
    let printed: ReturnType<typeof printedAadhaarNumber> = null;
    const readCard = async (image: RgbImage) => {
      const found = await findTextLayout(cv, image, { portrait: true });
      const rows = await readRows(pool, found.gray, found.rows, 'eng');
      return { image, layout: found, reads: rows, printed: printedAadhaarNumber(rows) };
    };
    if (decoded.front) {
      let side = await readCard((await locateDocument(cv, decoded.front, { crop: input.crop, aspect: CARD_ASPECT, width: CARD_WIDTH })).image);
      if (!side.printed) {
        // The card may lie upside down: read it the other way round and keep that reading when it finds the number.
        const turned = await readCard(rotate180(side.image));
        if (turned.printed) side = turned;
      }
      ({ image: card, layout, reads, printed } = side);
    }
    const signature = found ? qrSignatureStatus(found, signingKeys) : null;
    // A forged or altered QR proves nothing: its values are still shown, for a person to compare with the print.
    const trusted = signature !== 'invalid';
    if (!trusted)
      problems.push({
        code: 'QR_SIGNATURE_INVALID',
        side: input.back ? 'back' : 'front',
        message: "the QR code's signature does not verify with UIDAI's keys",
      });
    if (found?.number && validAadhaarNumber(found.number)) {
      fields.documentNumber = { value: found.number, raw: found.number, confidence: QR_CONFIDENCE, accepted: trusted, source: 'barcode' };
    } else if (printed) {
      // The print is accepted when its check digit passes, it was read surely, and the QR (when there is one) ends the same.
      const agrees = found?.last4 && trusted ? printed.value.endsWith(found.last4) : null;
      if (agrees === false) problems.push({ code: 'BARCODE_MISMATCH', side: 'front', message: 'the printed number does not end as the QR says' });
      fields.documentNumber = {
        value: printed.value,
        raw: printed.value,
        confidence: Math.round(printed.confidence),
        accepted: agrees !== false && printed.confidence >= PRINT_CONFIDENCE,
        source: 'ocr',
      };
    }
    if (found) {
      const fromQr = (value: string | null): ReadField =>
        value ? { value, raw: value, confidence: QR_CONFIDENCE, accepted: trusted, source: 'barcode' } : emptyField('barcode');
      fields.nameEn = fromQr(found.name);
      fields.dateOfBirth = fromQr(found.dateOfBirth);
      fields.sex = fromQr(found.sex);
      fields.address = fromQr(found.address);
    } else {
      problems.push({
        code: 'BARCODE_UNREADABLE',
        side: input.back ? 'back' : 'front',
        message: 'no Aadhaar QR code could be decoded; the printed fields were read',
      });
      const dob = latinValues(reads).find((v) => v.field === 'dateOfBirth');
      const dobValue = dob ? parseLatinDate(dob.raw, false) : null;
      if (dob)
        fields.dateOfBirth = {
          value: dobValue,
          raw: dob.raw,
          confidence: Math.round(dob.confidence),
          accepted: dobValue !== null && dob.confidence >= PRINT_CONFIDENCE,
          source: 'ocr',
        };
      const sex = printedSex(reads);
      if (sex)
        fields.sex = { value: sex.value, raw: sex.value, confidence: Math.round(sex.confidence), accepted: sex.confidence >= PRINT_CONFIDENCE, source: 'ocr' };
    }
    if (!printed && !found) problems.push({ code: 'NO_TEXT', side: 'front', message: 'no Aadhaar number and no QR code were found' });
    const [front, back, photo] = await Promise.all([
      card ? toJpeg(card) : Buffer.alloc(0),
      decoded.back ? toJpeg(decoded.back) : null,
      card && layout?.photo ? cropImage(card, layout.photo).then((p) => toJpeg(p)) : null,
    ]);
    const ms = elapsed(start);
    log?.info({ ms, qr: found?.kind ?? null, signature }, 'aadhaar read');
    return { fields, qr: { found: found !== null, kind: found?.kind ?? null, signature }, front, back, photo, problems, timings: { frontMs: ms } };
  };
}
