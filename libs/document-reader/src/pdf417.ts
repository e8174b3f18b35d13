import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import type { RgbImage } from './image-input';

export interface Pdf417Decoder {
  /**
   * The text of the first PDF417 found, or null. `thorough` retries rotated and upscaled copies (up to ~1 s when
   * there is no barcode); otherwise one attempt as is.
   */
  decode(image: RgbImage, options: { thorough: boolean }): Promise<string | null>;
}

/** zxing tolerates ~3-5 degrees of skew; these retries recover up to ~20 (measured, see STACK-NOTES). */
const ROTATIONS = [3, -3, 6, -6, 9, -9, 12, -12, 16, -16, 20, -20];
const QUICK: Attempt[] = [{ angle: 0, scale: 1 }];
const THOROUGH: Attempt[] = [
  { angle: 0, scale: 1 },
  { angle: 0, scale: 1, sharpen: true },
  ...ROTATIONS.map((angle) => ({ angle, scale: 1 })),
  // Low-resolution captures: the narrowest bars need a few pixels each.
  ...[0, 4, -4, 8, -8].map((angle) => ({ angle, scale: 2 })),
  ...[3, -3, 6, -6].map((angle) => ({ angle, scale: 1, sharpen: true })),
];
// Plain: control characters as they are (an AAMVA record's separators), not as `<LF>` labels.
const OPTIONS: ReaderOptions = { formats: ['PDF417'], tryHarder: true, tryRotate: true, tryInvert: false, maxNumberOfSymbols: 1, textMode: 'Plain' };

let preparing: Promise<unknown> | null = null;

/** Instantiates zxing from the wasm file in node_modules: by default it would fetch it from a CDN. */
export function prepareZxing(): Promise<unknown> {
  preparing ??= readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm')).then((bytes) =>
    prepareZXingModule({ overrides: { wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }, fireImmediately: true }),
  );
  return preparing;
}

export interface Attempt {
  angle: number;
  scale: number;
  /** Unsharp masking: a blurred capture's narrowest bars run together without it. */
  sharpen?: boolean;
}

async function rgba(image: RgbImage, { angle, scale, sharpen }: Attempt): Promise<{ data: Uint8ClampedArray; width: number; height: number }> {
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  if (sharpen) pipeline = pipeline.sharpen({ sigma: 1.5 });
  if (scale !== 1) pipeline = pipeline.resize(Math.round(image.width * scale), Math.round(image.height * scale), { kernel: 'cubic' });
  // Rotation needs its own pipeline: sharp applies rotate before resize within one.
  if (angle !== 0) {
    const resized = await pipeline.raw().toBuffer({ resolveWithObject: true });
    pipeline = sharp(resized.data, { raw: { width: resized.info.width, height: resized.info.height, channels: 3 } }).rotate(angle, { background: '#ffffff' });
  }
  const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

/** One zxing read of a turned, rescaled or sharpened copy; PDF417 unless other options are given (the QR decoder's). */
export async function decodeOnce(image: RgbImage, attempt: Attempt, options: ReaderOptions = OPTIONS): Promise<string | null> {
  const pixels = await rgba(image, attempt);
  // zxing takes anything shaped like ImageData; Node has no ImageData class.
  const results = await readBarcodes(pixels as Parameters<typeof readBarcodes>[0], options);
  const found = results.find((result) => result.isValid && result.text !== '');
  return found ? found.text : null;
}

export async function createPdf417Decoder(): Promise<Pdf417Decoder> {
  await prepareZxing();
  return {
    async decode(image, { thorough }) {
      for (const attempt of thorough ? THOROUGH : QUICK) {
        const text = await decodeOnce(image, attempt);
        if (text !== null) return text;
      }
      return null;
    },
  };
}
