import { dirname, join } from 'node:path';
import bwipjs from 'bwip-js';
import { createCanvas, GlobalFonts, loadImage } from '@napi-rs/canvas';
import sharp from 'sharp';
import { boxToPixels, NID_CARD_SIZE, NID_LAYOUTS, type CardSide, type NidCardKind, type NidCardText } from './nid-layout';

/**
 * Small hand-made images for this library's own specs (the full card generator lives in tools/cardgen, which libs may
 * not import). sharp cannot shape Bengali without a system font, so text is drawn with @napi-rs/canvas and the
 * installed @fontsource faces. Not exported from the package.
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

/** One card side: pale paper, each value in its layout box, the label left of it, a grey photo box; optionally a PDF417 text for the barcode box. */
export async function drawTestCard(kind: NidCardKind, side: CardSide, values: NidCardText, barcodeText?: string): Promise<Buffer> {
  registerFonts();
  const { width, height } = NID_CARD_SIZE;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = kind === 'nid_smart' ? '#eef6ee' : '#f7ebee';
  ctx.fillRect(0, 0, width, height);
  const layout = NID_LAYOUTS[kind][side];
  if (kind === 'nid_smart' && side === 'front') {
    ctx.fillStyle = '#0b6b3a';
    ctx.fillRect(0, 0, width, Math.round(height * 0.158));
  }
  if (layout.photo) {
    const box = boxToPixels(layout.photo, width, height);
    ctx.fillStyle = '#9a8f86';
    ctx.fillRect(box.left, box.top, box.width, box.height);
  }
  ctx.textBaseline = 'middle';
  for (const region of layout.fields) {
    const value = values[region.field];
    if (value === undefined) continue;
    const label = boxToPixels(region.labelBox, width, height);
    ctx.fillStyle = '#333333';
    ctx.font = fontFor(region.label, 20);
    ctx.fillText(region.label, label.left + 4, label.top + label.height / (region.lines * 2), label.width - 8);
    const box = boxToPixels(region.valueBox, width, height);
    ctx.fillStyle = '#0b0b0b';
    ctx.font = fontFor(value, Math.round((box.height / region.lines) * 0.58));
    ctx.fillText(value, box.left + 4, box.top + box.height / (region.lines * 2), box.width - 8);
  }
  if (barcodeText && layout.barcode) {
    const box = boxToPixels(layout.barcode, width, height);
    // PDF417's own options (columns, row height) are outside bwip-js's typings.
    const options = { bcid: 'pdf417', text: barcodeText, columns: 12, rowmult: 4, scale: 2 };
    const png = await bwipjs.toBuffer(options);
    const symbol = await loadImage(await sharp(png).resize({ width: box.width, height: box.height, fit: 'inside', kernel: 'nearest' }).png().toBuffer());
    ctx.drawImage(symbol, box.left, box.top);
  }
  return canvas.encode('png');
}

/** Lays a card on a dark, slightly noisy desk, turned by `angle` degrees, as a JPEG photo. */
export async function photographTestCard(card: Buffer, angle: number): Promise<Buffer> {
  const rotated = await sharp(card).rotate(angle, { background: { r: 0, g: 0, b: 0, alpha: 0 } }).png().toBuffer({ resolveWithObject: true });
  const width = rotated.info.width + 240;
  const height = rotated.info.height + 200;
  return sharp({ create: { width, height, channels: 3, background: '#3a3f47' } })
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
