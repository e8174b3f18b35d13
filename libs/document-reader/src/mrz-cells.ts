import type { GrayImage, PixelBox } from './text-lines';

/**
 * Which character cells of a monospaced machine-readable line hold the filler `<`, by the glyph's shape: a chevron
 * sits in the middle of the line's height, while every letter and digit reaches both its top and its baseline.
 * OCR reads runs of `<` as K, L or C in some faces; the shape does not depend on the face.
 */
export function fillerCells(ink: GrayImage, box: PixelBox, length: number): boolean[] {
  const pitch = box.w / length;
  const band = Math.max(1, Math.round(box.h * 0.16));
  const cells: boolean[] = [];
  for (let i = 0; i < length; i++) {
    // Most of the cell: an A's apex and legs are in it; the line's ends are not exactly cell edges.
    const x0 = Math.round(box.x + (i + 0.1) * pitch);
    const x1 = Math.round(box.x + (i + 0.9) * pitch);
    let edges = 0;
    let middle = 0;
    for (let y = box.y; y < box.y + box.h; y++) {
      const base = y * ink.width;
      const inBand = y < box.y + band || y >= box.y + box.h - band;
      for (let x = x0; x < x1; x++) {
        if (!ink.data[base + x]) continue;
        if (inBand) edges++;
        else middle++;
      }
    }
    cells.push(middle >= band && edges === 0);
  }
  return cells;
}

/** What OCR makes of a `<`. */
const FILLER_MISREADS = new Set(['K', 'L', 'C', '<']);

/**
 * An OCR'd MRZ line of the right length with the letters it read in filler cells set back to `<` (only letters that a
 * `<` is misread as: a digit or any other letter stays); any other length is left as it is.
 */
export function applyFillerCells(line: string, cells: readonly boolean[]): string {
  if (line.length !== cells.length) return line;
  return [...line].map((char, i) => (cells[i] && FILLER_MISREADS.has(char) ? '<' : char)).join('');
}
