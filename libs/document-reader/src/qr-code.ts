import type { ReaderOptions } from 'zxing-wasm/reader';
import type { RgbImage } from './image-input';
import { decodeOnce, prepareZxing } from './pdf417';

const OPTIONS: ReaderOptions = { formats: ['QRCode'], tryHarder: true, tryRotate: true, tryInvert: false, maxNumberOfSymbols: 1, textMode: 'Plain' };

export interface QrDecoder {
  /** The text of the first QR code found, as is, or null; a second try on a sharpened, enlarged copy. */
  decode(image: RgbImage): Promise<string | null>;
}

export async function createQrDecoder(): Promise<QrDecoder> {
  await prepareZxing();
  return {
    async decode(image) {
      return (await decodeOnce(image, { angle: 0, scale: 1 }, OPTIONS)) ?? (await decodeOnce(image, { angle: 0, scale: 2, sharpen: true }, OPTIONS));
    },
  };
}
