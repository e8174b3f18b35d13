import { readBox } from './line-ocr';
import { applyFillerCells, fillerCells } from './mrz-cells';
import { MRZ_WHITELIST, mrzWords } from './mrz-text';
import type { OcrPool } from './ocr-pool';
import type { TextLayout, TextRow } from './text-lines';

/**
 * Rows that may be a machine-readable zone of `count` lines (TD1: 3, TD3: 2): long rows in the lower part of the
 * document, of (nearly) the same width, left-aligned and evenly spaced, as monospaced lines of one length are.
 */
export function mrzRows(rows: readonly TextRow[], width: number, height: number, count: 2 | 3): TextRow[] {
  const long = rows.filter((r) => r.box.w >= 0.4 * width && r.box.y >= 0.35 * height);
  for (let i = long.length - count; i >= 0; i--) {
    const group = long.slice(i, i + count);
    const widths = group.map((r) => r.box.w);
    const lefts = group.map((r) => r.box.x);
    const pitches = group.slice(1).map((r, j) => r.box.y - group[j].box.y);
    const sameWidth = Math.max(...widths) <= 1.12 * Math.min(...widths);
    const aligned = Math.max(...lefts) - Math.min(...lefts) <= 0.04 * width;
    const even = Math.max(...pitches) <= 1.3 * Math.min(...pitches) && Math.max(...pitches) <= 3 * Math.max(...group.map((r) => r.textHeight));
    if (sameWidth && aligned && even) return group;
  }
  return [];
}

/**
 * One MRZ line: read by the English model limited to MRZ characters (slightly softened: Tesseract reads crisp runs
 * of `<` as K and L), then every filler cell the glyphs' shapes show set back to `<`.
 */
export async function readMrzRow(pool: OcrPool, layout: TextLayout, row: TextRow, length: number): Promise<{ line: string; confidence: number }> {
  const words = await readBox(pool, 'eng', layout.gray, row.box, row.textHeight, { psm: 7, whitelist: MRZ_WHITELIST }, { soften: 0.7 });
  const line = applyFillerCells(mrzWords(words.map((w) => w.text).join(' '), length), fillerCells(layout.ink, row.box, length));
  return { line, confidence: words.length === 0 ? 0 : Math.min(...words.map((w) => w.confidence)) };
}
