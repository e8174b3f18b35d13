import sharp from 'sharp';
import { readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import type { RgbImage } from './image-input';
import { prepareZxing } from './pdf417';

const OPTIONS: ReaderOptions = { formats: ['QRCode'], tryHarder: true, tryRotate: true, tryInvert: false, maxNumberOfSymbols: 1, textMode: 'Plain' };

export interface QrDecoder {
  /** The text of the first QR code found, as is, or null; a second try on a sharpened, enlarged copy. */
  decode(image: RgbImage): Promise<string | null>;
}

async function once(image: RgbImage, scale: number): Promise<string | null> {
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  if (scale !== 1) pipeline = pipeline.resize(Math.round(image.width * scale), Math.round(image.height * scale), { kernel: 'cubic' }).sharpen({ sigma: 1 });
  const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const pixels = { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
  const results = await readBarcodes(pixels as Parameters<typeof readBarcodes>[0], OPTIONS);
  return results.find((r) => r.isValid && r.text !== '')?.text ?? null;
}

export async function createQrDecoder(): Promise<QrDecoder> {
  await prepareZxing();
  return {
    async decode(image) {
      return (await once(image, 1)) ?? (await once(image, 2));
    },
  };
}
