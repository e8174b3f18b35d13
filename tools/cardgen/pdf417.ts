import { createHash } from 'node:crypto';
import bwipjs from 'bwip-js';
import type { SKRSContext2D } from '@napi-rs/canvas';
import { formatBirthDate, formatEnglishName } from './formats';

const hex = (label: string, nid: string, chars: number) => createHash('sha256').update(`${label}:${nid}`).digest('hex').repeat(2).slice(0, chars);

/**
 * The old card's PDF417 text in the documented format. The fingerprint template and the DSA-style
 * signature are stand-ins derived from the NID, so each card's payload is fixed.
 */
export function nidBarcodePayload(person: { nid17: string; nameEn: string; dateOfBirth: string }): string {
  const signature = `302c0214${hex('ds-r', person.nid17, 40)}0214${hex('ds-s', person.nid17, 40)}`;
  return (
    `<pin>${person.nid17}</pin><name>${formatEnglishName(person.nameEn)}</name><DOB>${formatBirthDate(person.dateOfBirth)}</DOB>` +
    `<FP>${hex('fp', person.nid17, 48).toUpperCase()}</FP><F>Right Index</F><TYPE>A</TYPE><V>2.0</V><ds>${signature}</ds>`
  );
}

export interface Pdf417Symbol {
  /** One entry per row, `columnsInModules` values of 0/1. */
  rows: number[][];
  widthModules: number;
  /** Pixels per module horizontally; each row is `rowMultiplier * scale` pixels tall. */
  scale: number;
  rowMultiplier: number;
  width: number;
  height: number;
}

const ROW_MULTIPLIER = 4;
const QUIET_MODULES = 2;

interface RawPdf417 {
  pixs: number[];
  pixx: number;
  pixy: number;
}

function encode(payload: string, columns: number): RawPdf417 {
  const options = { bcid: 'pdf417', text: payload, columns, rowmult: ROW_MULTIPLIER, eclevel: 4 };
  const [symbol] = bwipjs.raw(options) as RawPdf417[];
  if (!symbol) throw new Error('bwip-js returned no PDF417 symbol');
  return symbol;
}

/** Start, stop and the two row indicators take 69 modules; each data column 17. */
const FIXED_MODULES = 69;
const COLUMN_MODULES = 17;
const MAX_COLUMNS = 30;

/**
 * The largest PDF417 (integer scale, quiet zone included) that fits the given pixels. At each scale the
 * widest symbol is also the shortest, so one encoding per scale decides.
 */
export function fitPdf417(payload: string, maxWidth: number, maxHeight: number): Pdf417Symbol {
  for (let scale = 4; scale >= 1; scale--) {
    const columns = Math.min(MAX_COLUMNS, Math.floor((maxWidth / scale - 2 * QUIET_MODULES - FIXED_MODULES) / COLUMN_MODULES));
    if (columns < 1) continue;
    const raw = encode(payload, columns);
    const rowCount = raw.pixs.length / raw.pixx;
    const width = (raw.pixx + 2 * QUIET_MODULES) * scale;
    const height = (rowCount * ROW_MULTIPLIER + 2 * QUIET_MODULES) * scale;
    if (width > maxWidth || height > maxHeight) continue;
    const rows = Array.from({ length: rowCount }, (_, r) => raw.pixs.slice(r * raw.pixx, (r + 1) * raw.pixx));
    return { rows, widthModules: raw.pixx, scale, rowMultiplier: ROW_MULTIPLIER, width, height };
  }
  throw new Error(`no PDF417 of ${payload.length} characters fits ${maxWidth}x${maxHeight} px`);
}

/** Draws module by module on whole pixels, so the code is never resampled. */
export function drawPdf417(ctx: SKRSContext2D, symbol: Pdf417Symbol, left: number, top: number): void {
  const x0 = Math.round(left);
  const y0 = Math.round(top);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(x0, y0, symbol.width, symbol.height);
  ctx.fillStyle = '#000000';
  const rowHeight = symbol.rowMultiplier * symbol.scale;
  const quiet = QUIET_MODULES * symbol.scale;
  symbol.rows.forEach((row, r) => {
    let run = -1;
    for (let m = 0; m <= row.length; m++) {
      const dark = m < row.length && row[m] === 1;
      if (dark && run < 0) run = m;
      if (!dark && run >= 0) {
        ctx.fillRect(x0 + quiet + run * symbol.scale, y0 + quiet + r * rowHeight, (m - run) * symbol.scale, rowHeight);
        run = -1;
      }
    }
  });
}
