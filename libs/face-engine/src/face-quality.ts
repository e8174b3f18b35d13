import sharp from 'sharp';

/** Decoded, upright pixels: 3 channels (RGB), 8 bits, row-major. */
export interface RgbImage {
  data: Buffer;
  width: number;
  height: number;
}

export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The face crop is resampled to this width before the Laplacian: the recognition net sees faces at ~150 px. */
export const SHARPNESS_WIDTH = 128;

/** The box clipped to the image, in whole pixels; null when nothing is left. */
export function clipBox(box: PixelBox, width: number, height: number): PixelBox | null {
  const left = Math.max(0, Math.floor(box.x));
  const top = Math.max(0, Math.floor(box.y));
  const right = Math.min(width, Math.ceil(box.x + box.width));
  const bottom = Math.min(height, Math.ceil(box.y + box.height));
  return right - left >= 2 && bottom - top >= 2 ? { x: left, y: top, width: right - left, height: bottom - top } : null;
}

/** Mean Rec. 601 luma (0-255) inside the box. */
export function meanLuminance(image: RgbImage, box: PixelBox): number {
  const region = clipBox(box, image.width, image.height);
  if (!region) return 0;
  let sum = 0;
  for (let y = region.y; y < region.y + region.height; y++) {
    let i = (y * image.width + region.x) * 3;
    for (let x = 0; x < region.width; x++, i += 3) sum += 0.299 * (image.data[i] ?? 0) + 0.587 * (image.data[i + 1] ?? 0) + 0.114 * (image.data[i + 2] ?? 0);
  }
  return sum / (region.width * region.height);
}

/** Variance of the 4-neighbour Laplacian over a grayscale image (edge pixels skipped). */
export function laplacianVariance(gray: Uint8Array | Buffer, width: number, height: number): number {
  if (width < 3 || height < 3) return 0;
  let sum = 0;
  let sumSq = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const v = (gray[i - width] ?? 0) + (gray[i + width] ?? 0) + (gray[i - 1] ?? 0) + (gray[i + 1] ?? 0) - 4 * (gray[i] ?? 0);
      sum += v;
      sumSq += v * v;
    }
  }
  const n = (width - 2) * (height - 2);
  return sumSq / n - (sum / n) ** 2;
}

/**
 * Sharpness of the face: the Laplacian variance of the grayscale box resampled to SHARPNESS_WIDTH, so that a
 * large face and a small one are judged at the detail the descriptor can use, and scaled to a mean grey of 128:
 * the variance grows with the square of the exposure, and a dim face is TOO_DARK or fine, not blurred.
 */
export async function faceSharpness(image: RgbImage, box: PixelBox): Promise<number> {
  const region = clipBox(box, image.width, image.height);
  if (!region) return 0;
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract({ left: region.x, top: region.y, width: region.width, height: region.height })
    .greyscale()
    .resize({ width: SHARPNESS_WIDTH })
    .raw()
    .toBuffer({ resolveWithObject: true });
  let sum = 0;
  for (const value of data) sum += value;
  const mean = sum / data.length;
  return mean < 1 ? 0 : laplacianVariance(data, info.width, info.height) * (128 / mean) ** 2;
}
