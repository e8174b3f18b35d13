import type { CV } from '@techstark/opencv-js';
import { cropBox, ocrRegion, prepareDocumentImage, rotate180, toJpeg, type Box } from './card-image';
import { emptyField } from './field-values';
import type { RgbImage } from './image-input';
import type { MrzParse, MrzParser } from './mrz-parser';
import { extractMrzLines, failedChecks, MRZ_SHAPES, MRZ_WHITELIST, mrzFields, shapeOf, type MrzShape } from './mrz-text';
import { mrzRows, readMrzRow } from './mrz-rows';
import type { OcrPool } from './ocr-pool';
import { findTextLayout, type TextLayout } from './text-lines';
import type { MrzDocumentKind, MrzDocumentReadResult, PassportField, PassportReadResult, ReaderLog, ReadProblem } from './types';

/** A TD3 data page (125 x 88 mm) at about the card's resolution. */
export const PASSPORT_PAGE_SIZE = { width: 1250, height: 880 } as const;

interface KindRules {
  /** Zone formats this kind of document carries, most likely first. */
  shapes: readonly MrzShape[];
  /** Size the document is warped to: its proportions, at about 10 px/mm. */
  page: { width: number; height: number };
  /** The portrait zone of the side with the photo. */
  photo: Box;
  /** What the zone's first character may be (ICAO 9303: P passports, V visas, I/A/C official ID documents). */
  codes: string;
}

/**
 * ICAO 9303-4/5/7: the zone sits at the bottom of the page; for a TD3 page its bottom ~23 mm of 88, for a TD1 card
 * the bottom ~18 mm of 54. Bands stop short of the edge, where a rounded corner or the background would add specks.
 */
const MRZ_BANDS: Record<2 | 3, Box> = { 2: { x: 0, y: 0.66, w: 1, h: 0.32 }, 3: { x: 0, y: 0.5, w: 1, h: 0.48 } };
const MRZ_SOFTEN = 0.7;
/** A page that was not found or cropped loosely: the lower half. */
const WIDE_MRZ_BAND: Box = { x: 0, y: 0.45, w: 1, h: 0.55 };

const KINDS: Record<MrzDocumentKind, KindRules> = {
  passport: { shapes: ['TD3'], page: PASSPORT_PAGE_SIZE, photo: { x: 0.03, y: 0.2, w: 0.27, h: 0.52 }, codes: 'P' },
  // MRV-A is a 80 x 120 mm sticker, MRV-B 74 x 105 mm; both landscape with the portrait on the left.
  visa: { shapes: ['MRVA', 'MRVB'], page: { width: 1200, height: 800 }, photo: { x: 0.03, y: 0.15, w: 0.27, h: 0.5 }, codes: 'V' },
  // ID-1 (85.6 x 54 mm, TD1) and ID-2 (105 x 74 mm, TD2) cards and residence permits.
  id_card: { shapes: ['TD1', 'TD2'], page: { width: 1012, height: 638 }, photo: { x: 0.03, y: 0.2, w: 0.3, h: 0.65 }, codes: 'IAC' },
};

const FIELDS: PassportField[] = [
  'documentNumber',
  'surname',
  'givenNames',
  'nationality',
  'issuingState',
  'dateOfBirth',
  'sex',
  'expiryDate',
  'personalNumber',
];

export interface MrzDocumentReaderDeps {
  cv: CV;
  pool: OcrPool;
  mrz: MrzParser;
  log?: ReaderLog;
}

interface Located {
  image: RgbImage;
  lines: string[];
  confidence: number;
  /** The lines parsed once, when they parse; `failures` is Infinity when they do not. */
  parsed: MrzParse | null;
  parseError: string | null;
  failures: number;
}

const elapsed = (start: bigint): number => Number((process.hrtime.bigint() - start) / 1_000_000n);

export function createMrzDocumentReader(deps: MrzDocumentReaderDeps) {
  const { cv, pool, mrz, log } = deps;

  /** The lines parsed, and how many check digits fail (Infinity when they do not parse at all). */
  async function parse(lines: string[]): Promise<Pick<Located, 'parsed' | 'parseError' | 'failures'>> {
    try {
      const parsed = await mrz.parse(lines);
      return { parsed, parseError: null, failures: failedChecks(parsed).length };
    } catch (error) {
      return { parsed: null, parseError: (error as Error).message, failures: Number.POSITIVE_INFINITY };
    }
  }

  const fits = (lines: string[] | null, shape: MrzShape, codes: string): lines is string[] =>
    lines !== null && codes.includes(lines[0]?.[0] ?? '') && shapeOf(lines) === shape;

  async function ocrBand(image: RgbImage, band: Box, shape: MrzShape, codes: string): Promise<Located | null> {
    // Measured on generated pages: Tesseract's English model reads crisp runs of `<` as K and L; a slight blur fixes it.
    const { lines: count } = MRZ_SHAPES[shape];
    const png = await ocrRegion(cv, image, band, { lines: count, marginY: 0, marginX: 0, soften: MRZ_SOFTEN });
    const { text, confidence } = await pool.recognize('eng', png, { psm: 6, whitelist: MRZ_WHITELIST });
    const lines = extractMrzLines(text, shape);
    return fits(lines, shape, codes) ? { image, lines, confidence, ...(await parse(lines)) } : null;
  }

  /** The zone's lines found among the page's lines of text, read line by line with their filler cells checked. */
  async function byRows(image: RgbImage, layout: TextLayout, shape: MrzShape, codes: string): Promise<Located | null> {
    const { lines: count, length } = MRZ_SHAPES[shape];
    const rows = mrzRows(layout.rows, image.width, image.height, count);
    if (rows.length !== count) return null;
    const read = await Promise.all(rows.map((row) => readMrzRow(pool, layout, row, length)));
    const lines = extractMrzLines(read.map((r) => r.line).join('\n'), shape);
    return fits(lines, shape, codes) ? { image, lines, confidence: Math.min(...read.map((r) => r.confidence)), ...(await parse(lines)) } : null;
  }

  const better = (a: Located | null, b: Located | null): Located | null => (!a ? b : !b ? a : b.failures < a.failures ? b : a);

  /**
   * Per format the kind may carry: the zone's lines found among the page's lines of text and read one by one; else,
   * or when their check digits fail, the band at the bottom read as a block, upright or turned round, and as a last
   * resort the lower half of the page. The reading whose check digits fail least is kept.
   */
  async function locateMrz(image: RgbImage, rules: KindRules): Promise<Located | null> {
    const layout = await findTextLayout(cv, image, { portrait: false });
    let best: Located | null = null;
    for (const shape of rules.shapes) {
      best = better(best, await byRows(image, layout, shape, rules.codes));
      if (best?.failures === 0) return best;
    }
    const fromRows = best;
    for (const shape of rules.shapes) {
      const band = MRZ_BANDS[MRZ_SHAPES[shape].lines];
      let found = await ocrBand(image, band, shape, rules.codes);
      if (!found) found = await ocrBand(rotate180(image), band, shape, rules.codes);
      if (!found && !fromRows) found = await ocrBand(image, WIDE_MRZ_BAND, shape, rules.codes);
      best = better(best, found);
      if (best?.failures === 0) return best;
    }
    return best;
  }

  async function readMrzDocument(input: { kind: MrzDocumentKind; front: Buffer; back?: Buffer; crop: boolean }): Promise<MrzDocumentReadResult> {
    const start = process.hrtime.bigint();
    const rules = KINDS[input.kind];
    const problems: ReadProblem[] = [];
    const fields = Object.fromEntries(FIELDS.map((field) => [field, emptyField('mrz')])) as MrzDocumentReadResult['fields'];
    const notFound: MrzDocumentReadResult['mrz'] = { found: false, valid: false, format: null, side: null, lines: [], failedChecks: [] };

    // ID cards carry the zone on the back: it is looked for there first.
    const sides: Array<{ side: 'front' | 'back'; bytes: Buffer }> = [{ side: 'front', bytes: input.front }];
    if (input.back) sides[input.kind === 'id_card' ? 'unshift' : 'push']({ side: 'back', bytes: input.back });
    const pages: Partial<Record<'front' | 'back', RgbImage>> = {};
    let located: (Located & { side: 'front' | 'back' }) | null = null;
    for (const { side, bytes } of sides) {
      const prepared = await prepareDocumentImage(cv, bytes, side === 'front' ? 'image' : 'backImage', { crop: input.crop, ...rules.page });
      if (!prepared.ok) {
        problems.push({ code: prepared.error.code, side, message: prepared.error.message });
        continue;
      }
      if (!prepared.value.found) problems.push({ code: 'DOCUMENT_NOT_FOUND', side, message: 'no document outline was found; the whole image was read' });
      pages[side] = prepared.value.image;
      if (located?.failures === 0) continue;
      const found = await locateMrz(prepared.value.image, rules);
      if (found && (!located || found.failures < located.failures)) {
        located = { ...found, side };
        pages[side] = found.image;
      }
    }
    const front = pages.front;
    const [image, back, photo] = await Promise.all([
      front ? toJpeg(front) : Buffer.alloc(0),
      pages.back ? toJpeg(pages.back) : null,
      front ? cropBox(front, rules.photo).then((p) => toJpeg(p)) : null,
    ]);
    const done = (result: Omit<MrzDocumentReadResult, 'kind' | 'image' | 'back' | 'photo' | 'problems' | 'timings'>): MrzDocumentReadResult => ({
      kind: input.kind,
      ...result,
      image,
      back,
      photo,
      problems,
      timings: { frontMs: elapsed(start) },
    });
    if (!located) {
      if (front) problems.push({ code: 'MRZ_NOT_FOUND', side: sides[0]?.side ?? 'front', message: 'no machine-readable zone was found on the document' });
      return done({ fields, mrz: notFound });
    }
    const { parsed } = located;
    if (!parsed) {
      problems.push({ code: 'MRZ_UNREADABLE', side: located.side, message: `the machine-readable zone did not parse: ${located.parseError}` });
      return done({ fields, mrz: { ...notFound, found: true, side: located.side, lines: located.lines } });
    }
    const failed = failedChecks(parsed);
    if (failed.length > 0) problems.push({ code: 'MRZ_CHECK_FAILED', side: located.side, message: `MRZ check digits failed: ${failed.join(', ')}` });
    log?.info({ kind: input.kind, ms: elapsed(start), valid: parsed.valid, failedChecks: failed }, 'machine-readable document read');
    return done({
      fields: mrzFields(parsed, located.lines, Math.round(located.confidence)),
      mrz: {
        found: true,
        valid: parsed.valid && failed.length === 0,
        format: shapeOf(located.lines),
        side: located.side,
        lines: located.lines,
        failedChecks: failed,
      },
    });
  }

  async function readPassport(input: { image: Buffer; crop: boolean }): Promise<PassportReadResult> {
    const result = await readMrzDocument({ kind: 'passport', front: input.image, crop: input.crop });
    const { format: _format, side: _side, ...mrzResult } = result.mrz;
    return {
      fields: result.fields,
      mrz: mrzResult,
      image: result.image,
      photo: result.photo,
      problems: result.problems.map((p) => ({ ...p, side: 'front' as const })),
      timings: result.timings,
    };
  }

  return { readMrzDocument, readPassport };
}
