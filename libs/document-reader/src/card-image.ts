import type { CV } from '@techstark/opencv-js';
import sharp from 'sharp';
import { findCard, warpQuad } from './find-card';
import { decodeImage, type ImageError, type RgbImage } from './image-input';
import { toPgm } from './line-ocr';
import type { PixelBox } from './text-lines';

/** Fractions of an image's width (x, w) and height (y, h): a coarse zone of a document (a passport's MRZ band). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A box in pixels of an image of the given size. */
export function boxToPixels(box: Box, width: number, height: number): { left: number; top: number; width: number; height: number } {
  const left = Math.max(0, Math.round(box.x * width));
  const top = Math.max(0, Math.round(box.y * height));
  return { left, top, width: Math.min(width - left, Math.round(box.w * width)), height: Math.min(height - top, Math.round(box.h * height)) };
}

export interface PreparedImage {
  image: RgbImage;
  /** False when cropping was asked for and no document was found: `image` is then the whole input, resized. */
  found: boolean;
}

const raw = (image: RgbImage) => sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });

export async function resizeImage(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (image.width === width && image.height === height) return image;
  const { data, info } = await raw(image).resize(width, height, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * Decodes an upload and, with `crop`, finds the document in it and warps it upright to `width` x `height`
 * (landscape; possibly upside down, which the caller settles). Without a document, or without `crop`, the whole
 * image is resized to that size.
 */
export async function prepareDocumentImage(
  cv: CV,
  bytes: Buffer,
  field: string,
  options: { crop: boolean; width: number; height: number },
): Promise<{ ok: true; value: PreparedImage } | { ok: false; error: ImageError }> {
  const decoded = await decodeImage(bytes, field);
  if (!decoded.ok) return decoded;
  const { width, height } = options;
  if (!options.crop) return { ok: true, value: { image: await resizeImage(decoded.value, width, height), found: true } };
  const quad = await findCard(cv, decoded.value, { aspect: width / height });
  if (!quad) return { ok: true, value: { image: await resizeImage(decoded.value, width, height), found: false } };
  return { ok: true, value: { image: warpQuad(cv, decoded.value, quad, width, height), found: true } };
}

export function rotate180(image: RgbImage): RgbImage {
  const pixels = image.width * image.height;
  const out = Buffer.allocUnsafe(pixels * 3);
  for (let i = 0, j = (pixels - 1) * 3; i < pixels * 3; i += 3, j -= 3) {
    out[i] = image.data[j];
    out[i + 1] = image.data[j + 1];
    out[i + 2] = image.data[j + 2];
  }
  return { data: out, width: image.width, height: image.height };
}

export async function cropBox(image: RgbImage, box: Box): Promise<RgbImage> {
  const region = boxToPixels(box, image.width, image.height);
  const { data, info } = await raw(image).extract(region).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** A pixel rectangle of the image, clamped to it. */
export async function cropImage(image: RgbImage, box: PixelBox): Promise<RgbImage> {
  const left = Math.max(0, Math.floor(box.x));
  const top = Math.max(0, Math.floor(box.y));
  const width = Math.max(1, Math.min(image.width - left, Math.round(box.w)));
  const height = Math.max(1, Math.min(image.height - top, Math.round(box.h)));
  const { data, info } = await raw(image).extract({ left, top, width, height }).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

export async function toJpeg(image: RgbImage, quality = 90): Promise<Buffer> {
  return raw(image).jpeg({ quality, mozjpeg: false }).toBuffer();
}

export interface OcrRegionOptions {
  lines: number;
  /** Extra margin around the box, as fractions of the box's height (vertical) and of the image's width (horizontal). */
  marginY?: number;
  marginX?: number;
  /** Height in pixels each line is scaled to. */
  lineHeight?: number;
  /** Gaussian blur sigma applied last. */
  soften?: number;
}

/** Line height Tesseract is given (measured on generated cards: 54-96 px read alike; one-line boxes are 54 px at card scale). */
const TARGET_LINE_HEIGHT = 64;
/** Structuring element for the paper estimate, as a share of one line's height: wider than any stroke. */
const BACKGROUND_KERNEL = 0.2;

const ELLIPSE = 2;

/**
 * Divides a grayscale box by an estimate of its paper at full resolution: the max filter removes dark strokes, a
 * blur smooths the rest. (Pages are flattened on a small copy in text-lines.ts; a band of MRZ lines is small enough
 * to do exactly, and its thin fillers read better so.)
 */
function flattenBox(cv: CV, gray: { data: Buffer; width: number; height: number }, kernelSize: number): Buffer {
  const size = Math.max(3, Math.round(kernelSize) | 1);
  const src = new cv.Mat(gray.height, gray.width, cv.CV_8UC1);
  const paper = new cv.Mat();
  const kernel = cv.getStructuringElement(ELLIPSE, new cv.Size(size, size));
  try {
    src.data.set(gray.data);
    cv.dilate(src, paper, kernel);
    cv.GaussianBlur(paper, paper, new cv.Size(0, 0), size / 2);
    const out = Buffer.allocUnsafe(gray.data.length);
    for (let i = 0; i < out.length; i++) out[i] = Math.min(255, Math.round((gray.data[i] / Math.max(1, paper.data[i])) * 255));
    return out;
  } finally {
    src.delete();
    paper.delete();
    kernel.delete();
  }
}

/** A value box ready for Tesseract: grayscale, upscaled, illumination flattened, contrast stretched, with a white border (PGM). */
export async function ocrRegion(cv: CV, image: RgbImage, box: Box, options: OcrRegionOptions): Promise<Buffer> {
  const marginY = (options.marginY ?? 0.03) * box.h;
  const marginX = options.marginX ?? 0.004;
  const expanded = { x: box.x - marginX, y: box.y - marginY, w: box.w + 2 * marginX, h: box.h + 2 * marginY };
  const region = boxToPixels(expanded, image.width, image.height);
  const lineHeight = region.height / options.lines;
  const scale = Math.min(3, Math.max(1, (options.lineHeight ?? TARGET_LINE_HEIGHT) / lineHeight));
  const { data, info } = await raw(image)
    .extract(region)
    .grayscale()
    .resize(Math.round(region.width * scale), Math.round(region.height * scale), { kernel: 'cubic' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const flat = flattenBox(cv, { data, width: info.width, height: info.height }, BACKGROUND_KERNEL * lineHeight * scale);
  let pipeline = sharp(flat, { raw: { width: info.width, height: info.height, channels: 1 } }).normalise();
  if (options.soften) pipeline = pipeline.blur(options.soften);
  const { data: out, info: outInfo } = await pipeline
    .extend({ top: 12, bottom: 12, left: 12, right: 12, background: '#ffffff' })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return toPgm(out, outInfo.width, outInfo.height);
}
