import sharp from 'sharp';

export type ImageErrorCode = 'IMAGE_TOO_LARGE' | 'UNSUPPORTED_IMAGE_TYPE' | 'IMAGE_UNREADABLE' | 'IMAGE_TOO_SMALL' | 'IMAGE_EMPTY';
export interface ImageError {
  code: ImageErrorCode;
  field: string;
  message: string;
}
export type ImageCheck<T> = { ok: true; value: T } | { ok: false; error: ImageError };

export interface ImageLimits {
  maxBytes?: number;
  minWidth?: number;
  minHeight?: number;
}

export interface ImageInfo {
  format: 'jpeg' | 'png';
  /** As displayed, after the EXIF orientation. */
  width: number;
  height: number;
}

/** Decoded, EXIF-upright pixels: 3 channels (RGB), 8 bits. */
export interface RgbImage {
  data: Buffer;
  width: number;
  height: number;
}

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
const DEFAULT_MIN_SIDE = 200;
/** A 2 MB upload may still declare gigapixel dimensions (a decompression bomb); a 2 MB phone photo is far below 40 MP. */
export const MAX_INPUT_PIXELS = 40_000_000;
/** Cards and passport pages are read at ~1000 px: more only costs time. */
const MAX_WORKING_SIDE = 2400;

const fail = (code: ImageErrorCode, field: string, message: string): ImageCheck<never> => ({ ok: false, error: { code, field, message } });

/** Magic numbers first: sharp would happily read GIF, WebP, TIFF or SVG, and only JPEG and PNG are accepted. */
function sniffFormat(bytes: Buffer): 'jpeg' | 'png' | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  return null;
}

const pipeline = (bytes: Buffer) => sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'truncated', sequentialRead: true });

async function checkHeader(bytes: Buffer, field: string, limits: ImageLimits): Promise<ImageCheck<ImageInfo>> {
  if (bytes.length === 0) return fail('IMAGE_EMPTY', field, 'the file is empty');
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) return fail('IMAGE_TOO_LARGE', field, `the file has ${bytes.length} bytes, more than ${maxBytes}`);
  const sniffed = sniffFormat(bytes);
  if (sniffed === null) return fail('UNSUPPORTED_IMAGE_TYPE', field, 'only JPEG and PNG images are accepted');

  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    return fail('IMAGE_UNREADABLE', field, `the ${sniffed.toUpperCase()} header cannot be read`);
  }
  if (metadata.format !== sniffed) return fail('UNSUPPORTED_IMAGE_TYPE', field, 'only JPEG and PNG images are accepted');
  const { width, height } = metadata;
  if (!width || !height) return fail('IMAGE_UNREADABLE', field, 'the image has no dimensions');
  if (width * height > MAX_INPUT_PIXELS) return fail('IMAGE_TOO_LARGE', field, `the image declares ${width}x${height} pixels, more than ${MAX_INPUT_PIXELS}`);
  const rotated = (metadata.orientation ?? 1) >= 5;
  const info: ImageInfo = { format: sniffed, width: rotated ? height : width, height: rotated ? width : height };
  const minWidth = limits.minWidth ?? DEFAULT_MIN_SIDE;
  const minHeight = limits.minHeight ?? DEFAULT_MIN_SIDE;
  if (info.width < minWidth || info.height < minHeight) {
    return fail('IMAGE_TOO_SMALL', field, `the image is ${info.width}x${info.height}, smaller than ${minWidth}x${minHeight}`);
  }
  return { ok: true, value: info };
}

/**
 * Checks an uploaded image by its content: JPEG or PNG by magic number and by sharp, at most `maxBytes`, no more
 * pixels than a phone camera gives, at least `minWidth` x `minHeight`, and every pixel decodes (a truncated file fails).
 */
export async function inspectImage(bytes: Buffer, field: string, limits: ImageLimits = {}): Promise<ImageCheck<ImageInfo>> {
  const header = await checkHeader(bytes, field, limits);
  if (!header.ok) return header;
  try {
    // Every byte of the compressed data is decoded, at an eighth of the size where the format allows (JPEG's DCT
    // scaling): a truncated or damaged file fails as surely, in a fraction of the time.
    await pipeline(bytes).resize({ width: 256, height: 256, fit: 'inside' }).raw().toBuffer();
  } catch {
    return fail('IMAGE_UNREADABLE', field, 'the image data is damaged or truncated');
  }
  return header;
}

/** The same checks as `inspectImage`, decoding once into upright RGB pixels no larger than the reader needs. */
export async function decodeImage(bytes: Buffer, field: string, limits: ImageLimits = {}): Promise<ImageCheck<RgbImage>> {
  const header = await checkHeader(bytes, field, limits);
  if (!header.ok) return header;
  try {
    const { data, info } = await pipeline(bytes)
      .rotate()
      .resize({ width: MAX_WORKING_SIDE, height: MAX_WORKING_SIDE, fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { ok: true, value: { data, width: info.width, height: info.height } };
  } catch {
    return fail('IMAGE_UNREADABLE', field, 'the image data is damaged or truncated');
  }
}
