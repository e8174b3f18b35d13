import type { CV } from '@techstark/opencv-js';
import { cropBox, ocrRegion, prepareDocumentImage, rotate180, toJpeg, type Box } from './card-image';
import { emptyField } from './field-values';
import type { RgbImage } from './image-input';
import type { MrzParse, MrzParser } from './mrz-parser';
import { extractMrzLines, failedChecks, MRZ_WHITELIST, passportFields } from './mrz-text';
import { mrzRows, readMrzRow } from './mrz-rows';
import type { OcrPool } from './ocr-pool';
import { findTextLayout } from './text-lines';
import type { PassportField, PassportReadResult, ReaderLog, ReadProblem } from './types';

/** A TD3 data page (125 x 88 mm) at about the card's resolution. */
export const PASSPORT_PAGE_SIZE = { width: 1250, height: 880 } as const;
/**
 * ICAO 9303-4: the MRZ is the bottom ~23 mm of the 88 mm page, its last line at least ~4 mm above the edge. The
 * band stops short of the edge, where a rounded corner or the background would add specks to the last line.
 */
const MRZ_BAND: Box = { x: 0, y: 0.66, w: 1, h: 0.32 };
const MRZ_SOFTEN = 0.7;
/** A page that was not found or cropped loosely: the lower half. */
const WIDE_MRZ_BAND: Box = { x: 0, y: 0.45, w: 1, h: 0.55 };
/** The portrait zone on the left of the data page. */
const PHOTO_BOX: Box = { x: 0.03, y: 0.2, w: 0.27, h: 0.52 };

const PASSPORT_FIELDS: PassportField[] = ['documentNumber', 'surname', 'givenNames', 'nationality', 'issuingState', 'dateOfBirth', 'sex', 'expiryDate', 'personalNumber'];

export interface PassportReaderDeps {
  cv: CV;
  pool: OcrPool;
  mrz: MrzParser;
  log?: ReaderLog;
}

const elapsed = (start: bigint): number => Number((process.hrtime.bigint() - start) / 1_000_000n);

export function createPassportReader(deps: PassportReaderDeps) {
  const { cv, pool, mrz, log } = deps;

  async function ocrMrz(image: RgbImage, band: Box): Promise<{ lines: string[]; confidence: number } | null> {
    // Measured on generated pages: Tesseract's English model reads crisp runs of `<` as K and L; a slight blur fixes it.
    const png = await ocrRegion(cv, image, band, { lines: 2, marginY: 0, marginX: 0, soften: MRZ_SOFTEN });
    const { text, confidence } = await pool.recognize('eng', png, { psm: 6, whitelist: MRZ_WHITELIST });
    const lines = extractMrzLines(text, 'TD3');
    return lines && lines[0].startsWith('P') ? { lines, confidence } : null;
  }

  /** The two MRZ lines found among the page's lines of text, read line by line with their filler cells checked. */
  async function mrzByRows(image: RgbImage): Promise<{ lines: string[]; confidence: number } | null> {
    const layout = await findTextLayout(cv, image, { portrait: false });
    const rows = mrzRows(layout.rows, image.width, image.height, 2);
    if (rows.length !== 2) return null;
    const read = await Promise.all(rows.map((row) => readMrzRow(pool, layout, row, 44)));
    const lines = extractMrzLines(read.map((r) => r.line).join('\n'), 'TD3');
    return lines && lines[0].startsWith('P') ? { lines, confidence: Math.min(...read.map((r) => r.confidence)) } : null;
  }

  /** Check digits that fail, or Infinity when the lines do not parse at all. */
  async function failures(lines: string[]): Promise<number> {
    try {
      return failedChecks(await mrz.parse(lines)).length;
    } catch {
      return Number.POSITIVE_INFINITY;
    }
  }

  /**
   * The zone's lines found among the page's lines of text and read one by one; else, or when their check digits
   * fail, the MRZ band at the bottom read as a block, upright or turned round, and as a last resort the lower half of
   * the page. The reading whose check digits fail least is kept.
   */
  async function locateMrz(image: RgbImage): Promise<{ image: RgbImage; lines: string[]; confidence: number } | null> {
    const byRows = await mrzByRows(image);
    if (byRows && (await failures(byRows.lines)) === 0) return { image, ...byRows };
    const upright = await ocrMrz(image, MRZ_BAND);
    let found = upright ? { image, ...upright } : null;
    if (!found) {
      const turned = rotate180(image);
      const fromTurned = await ocrMrz(turned, MRZ_BAND);
      if (fromTurned) found = { image: turned, ...fromTurned };
    }
    if (!found && !byRows) {
      const wide = await ocrMrz(image, WIDE_MRZ_BAND);
      if (wide) found = { image, ...wide };
    }
    if (byRows && (!found || (await failures(byRows.lines)) <= (await failures(found.lines)))) return { image, ...byRows };
    return found;
  }

  return async function readPassport(input: { image: Buffer; crop: boolean }): Promise<PassportReadResult> {
    const start = process.hrtime.bigint();
    const problems: ReadProblem<'front'>[] = [];
    const fields = Object.fromEntries(PASSPORT_FIELDS.map((field) => [field, emptyField('mrz')])) as PassportReadResult['fields'];
    const notFound: PassportReadResult['mrz'] = { found: false, valid: false, lines: [], failedChecks: [] };

    const prepared = await prepareDocumentImage(cv, input.image, 'image', { crop: input.crop, ...PASSPORT_PAGE_SIZE });
    if (!prepared.ok) {
      problems.push({ code: prepared.error.code, side: 'front', message: prepared.error.message });
      return { fields, mrz: notFound, image: Buffer.alloc(0), photo: null, problems, timings: { frontMs: elapsed(start) } };
    }
    if (!prepared.value.found) problems.push({ code: 'DOCUMENT_NOT_FOUND', side: 'front', message: 'no passport page outline was found; the whole image was read' });

    const located = await locateMrz(prepared.value.image);
    const page = located?.image ?? prepared.value.image;
    const [image, photo] = await Promise.all([toJpeg(page), cropBox(page, PHOTO_BOX).then((p) => toJpeg(p))]);
    if (!located) {
      problems.push({ code: 'MRZ_NOT_FOUND', side: 'front', message: 'no machine-readable zone was found on the page' });
      return { fields, mrz: notFound, image, photo, problems, timings: { frontMs: elapsed(start) } };
    }

    let parsed: MrzParse;
    try {
      parsed = await mrz.parse(located.lines);
    } catch (error) {
      problems.push({ code: 'MRZ_UNREADABLE', side: 'front', message: `the machine-readable zone did not parse: ${(error as Error).message}` });
      return { fields, mrz: { ...notFound, found: true, lines: located.lines }, image, photo, problems, timings: { frontMs: elapsed(start) } };
    }
    const failed = failedChecks(parsed);
    if (failed.length > 0) problems.push({ code: 'MRZ_CHECK_FAILED', side: 'front', message: `MRZ check digits failed: ${failed.join(', ')}` });
    const frontMs = elapsed(start);
    log?.info({ frontMs, valid: parsed.valid, failedChecks: failed }, 'passport read');
    return {
      fields: passportFields(parsed, located.lines, Math.round(located.confidence)),
      mrz: { found: true, valid: parsed.valid && failed.length === 0, lines: located.lines, failedChecks: failed },
      image,
      photo,
      problems,
      timings: { frontMs },
    };
  };
}
