import { dirname, join } from 'node:path';
import bwipjs from 'bwip-js';
import { createCanvas, GlobalFonts, loadImage } from '@napi-rs/canvas';
import sharp from 'sharp';

/**
 * Small hand-made images for this library's own specs (the card generator lives in tools/cardgen, which libs may not
 * import, and which shares nothing with the reader). Rows go wherever a spec puts them: the reader must find them.
 * sharp cannot shape Bengali without a system font, so text is drawn with @napi-rs/canvas and the installed
 * @fontsource faces. Not exported from the package.
 */

const FONTS = { bengali: 'Fixture Bengali', latin: 'Fixture Latin', mono: 'Fixture Mono' } as const;
let registered = false;

function registerFonts(): void {
  if (registered) return;
  const file = (pkg: string, name: string) => join(dirname(require.resolve(`@fontsource/${pkg}/package.json`)), 'files', name);
  GlobalFonts.registerFromPath(file('noto-sans-bengali', 'noto-sans-bengali-bengali-600-normal.woff2'), FONTS.bengali);
  GlobalFonts.registerFromPath(file('noto-sans-bengali', 'noto-sans-bengali-latin-600-normal.woff2'), FONTS.bengali);
  GlobalFonts.registerFromPath(file('noto-sans', 'noto-sans-latin-600-normal.woff2'), FONTS.latin);
  GlobalFonts.registerFromPath(file('noto-sans-mono', 'noto-sans-mono-latin-500-normal.woff2'), FONTS.mono);
  registered = true;
}

const fontFor = (text: string, px: number): string => `600 ${px}px "${/[\u0980-\u09FF]/.test(text) ? FONTS.bengali : FONTS.latin}"`;

export interface TestRow {
  label: string;
  value: string;
}

export interface TestCardOptions {
  rows: TestRow[];
  /** Baseline of the first row and the distance between rows, as fractions of the card's height. */
  top?: number;
  pitch?: number;
  /** Where labels start, as a fraction of the card's width. */
  left?: number;
  /** Values in a column this far right of the labels (fraction of the width), or right after them when absent. */
  column?: number;
  /** A grey portrait box left of the rows. */
  photo?: boolean;
  header?: string[];
  paper?: string;
  /** A PDF417 of this text across the bottom. */
  barcodeText?: string;
  /** Machine-readable lines across the bottom. */
  mrz?: string[];
}

export const CARD_WIDTH = 1012;
export const CARD_HEIGHT = 638;

/** One card side with the given rows, each a label and its value on one baseline. */
export async function drawTestCard(options: TestCardOptions): Promise<Buffer> {
  registerFonts();
  const [W, H] = [CARD_WIDTH, CARD_HEIGHT];
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = options.paper ?? '#eef6ee';
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = '#1f3a2a';
  options.header?.forEach((line, i) => {
    ctx.font = fontFor(line, 30);
    ctx.fillText(line, W * 0.2, H * (0.09 + i * 0.07));
  });
  if (options.photo) {
    ctx.fillStyle = '#8a7f76';
    ctx.fillRect(W * 0.04, H * 0.25, W * 0.21, H * 0.5);
    ctx.fillStyle = '#c9b7a6';
    ctx.beginPath();
    ctx.ellipse(W * 0.145, H * 0.45, W * 0.06, H * 0.12, 0, 0, Math.PI * 2);
    ctx.fill();
  }
  const left = W * (options.left ?? (options.photo ? 0.3 : 0.05));
  options.rows.forEach(({ label, value }, i) => {
    const baseline = H * ((options.top ?? 0.3) + i * (options.pitch ?? 0.1));
    ctx.fillStyle = '#333333';
    ctx.font = fontFor(label, 24);
    ctx.fillText(label, left, baseline);
    const afterLabel = left + ctx.measureText(label).width + 14;
    const valueX = options.column !== undefined ? Math.max(left + W * options.column, afterLabel) : afterLabel;
    ctx.fillStyle = '#0b0b0b';
    ctx.font = fontFor(value, 34);
    ctx.fillText(value, valueX, baseline);
  });
  if (options.mrz) {
    ctx.fillStyle = '#111111';
    ctx.font = `500 36px "${FONTS.mono}"`;
    options.mrz.forEach((line, i) => ctx.fillText(line, W * 0.08, H * (0.75 + i * 0.085)));
  }
  if (options.barcodeText) {
    // PDF417's own options (columns, row height) are outside bwip-js's typings.
    const png = await bwipjs.toBuffer({ bcid: 'pdf417', text: options.barcodeText, columns: 12, rowmult: 4, scale: 2 } as Parameters<
      typeof bwipjs.toBuffer
    >[0]);
    const symbol = await loadImage(
      await sharp(png)
        .resize({ width: Math.round(W * 0.85), height: Math.round(H * 0.3), fit: 'inside', kernel: 'nearest' })
        .png()
        .toBuffer(),
    );
    ctx.drawImage(symbol, W * 0.07, H * 0.65);
  }
  return canvas.encode('png');
}

/** Lays a card on a surface (a dark desk by default), turned by `angle` degrees, as a JPEG photo. */
export async function photographTestCard(card: Buffer, angle: number, surface = '#3a3f47'): Promise<Buffer> {
  const rotated = await sharp(card)
    .rotate(angle, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toBuffer({ resolveWithObject: true });
  const width = rotated.info.width + 240;
  const height = rotated.info.height + 200;
  return sharp({ create: { width, height, channels: 3, background: surface } })
    .composite([{ input: rotated.data, left: 120, top: 100 }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** A passport data page: pale paper, a photo box and the two TD3 lines in a monospaced face at the bottom. */
export async function drawTestPassport(lines: [string, string]): Promise<Buffer> {
  registerFonts();
  const width = 1250;
  const height = 880;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#f1eee4';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#9a8f86';
  ctx.fillRect(50, 190, 320, 430);
  ctx.fillStyle = '#111111';
  ctx.font = `600 30px "${FONTS.latin}"`;
  ctx.fillText('PASSPORT', 420, 220);
  ctx.font = `500 38px "${FONTS.mono}"`;
  ctx.textBaseline = 'middle';
  lines.forEach((line, i) => ctx.fillText(line, 40, 730 + i * 70, width - 80));
  return canvas.encode('png');
}
