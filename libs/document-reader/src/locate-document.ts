import type { CV } from '@techstark/opencv-js';
import sharp from 'sharp';
import { findCard, paintOutSurface, warpQuad } from './find-card';
import type { RgbImage } from './image-input';
import { findTextLayout, type GrayImage } from './text-lines';

/**
 * How the document was found: its outline (then warped flat), the whole image already being the document (a scan),
 * or the extent of its text (the outline is cut off or lost in the background; the text is deskewed and cropped).
 */
export type LocateMethod = 'outline' | 'whole' | 'text';

export interface LocatedDocument {
  /** Landscape and level; upright or upside down, which the reader settles by reading. */
  image: RgbImage;
  method: LocateMethod;
}

export interface LocateOptions {
  /** Look for the document in a photo; otherwise the image is the document. */
  crop: boolean;
  /** Long over short side of the document. */
  aspect: number;
  /** Width of the warped document. */
  width: number;
}

/** A picture within this share of the document's proportions, with text up to its edges, is taken as the document. */
const WHOLE_ASPECT_TOLERANCE = 0.12;
// A document's text reaches across most of it: a picture whose text spans less is a document with a background
// around it, however close its proportions are to the document's.
const WHOLE_TEXT_WIDTH = 0.62;
const WHOLE_TEXT_HEIGHT = 0.5;
const ANALYSIS_SIDE = 900;
const MAX_SKEW = 15;

/** Where the text lies in a picture, and its typical height. */
interface TextHull {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  typical: number;
}

const raw = (image: RgbImage) => sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });

/** Skew below this many degrees is left as it is. */
const MIN_TURN = 0.5;
/** Turned `degrees` clockwise, the corners filled white. */
const levelled = (pipeline: sharp.Sharp, degrees: number): sharp.Sharp =>
  Math.abs(degrees) >= MIN_TURN ? pipeline.rotate(degrees, { background: { r: 255, g: 255, b: 255 } }) : pipeline;

async function toRgb(pipeline: sharp.Sharp): Promise<RgbImage> {
  const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

export async function resize(image: RgbImage, width: number, height?: number): Promise<RgbImage> {
  const h = height ?? Math.round((image.height * width) / image.width);
  if (image.width === width && image.height === h) return image;
  return toRgb(raw(image).resize(width, h, { fit: 'fill' }));
}

/** Turned by a multiple of 90 degrees, clockwise. */
export async function turn(image: RgbImage, degrees: 0 | 90 | 180 | 270): Promise<RgbImage> {
  if (degrees === 0) return image;
  return toRgb(raw(image).rotate(degrees));
}

/**
 * The direction of the text from its ink: the angle at which the ink's projection across the lines is most peaked
 * (lines of text then fall into few rows of the histogram, the gaps between them into empty ones). Angles near 90
 * degrees mean the lines run up and down: the picture was taken sideways.
 */
export function textDirection(ink: GrayImage): { quarter: boolean; skew: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  const step = Math.max(1, Math.floor(Math.sqrt((ink.width * ink.height) / 25000)));
  for (let y = 0; y < ink.height; y += step) {
    for (let x = 0; x < ink.width; x += step) {
      if (!ink.data[y * ink.width + x]) continue;
      xs.push(x);
      ys.push(y);
    }
  }
  if (xs.length < 200) return { quarter: false, skew: 0 };
  const reach = Math.ceil(Math.hypot(ink.width, ink.height) / 2) + 2;
  const bins = new Float64Array(reach * 2);
  const score = (degrees: number): number => {
    const a = (degrees * Math.PI) / 180;
    const sin = Math.sin(a);
    const cos = Math.cos(a);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) bins[Math.round((ys[i] * cos - xs[i] * sin) / 2) + reach] += 1;
    let sum = 0;
    for (let i = 0; i < bins.length; i++) sum += bins[i] * bins[i];
    return sum;
  };
  let best = 0;
  let bestScore = -1;
  const consider = (degrees: number) => {
    const s = score(degrees);
    if (s > bestScore) [best, bestScore] = [degrees, s];
  };
  for (const base of [0, 90]) for (let degrees = base - MAX_SKEW; degrees <= base + MAX_SKEW; degrees += 2) consider(degrees);
  const coarse = best;
  for (let degrees = coarse - 1.5; degrees <= coarse + 1.5; degrees += 0.25) consider(degrees);
  const quarter = best > 45;
  return { quarter, skew: quarter ? best - 90 : best };
}

/**
 * Where the text is, on a small copy: turned a quarter when its lines run up and down, and deskewed. Returns the
 * level image and the extent of its text, in its pixels.
 */
async function levelByText(cv: CV, image: RgbImage): Promise<{ level: RgbImage; hull: TextHull | null }> {
  const scale = Math.min(1, ANALYSIS_SIDE / Math.max(image.width, image.height));
  const small = await resize(image, Math.round(image.width * scale), Math.round(image.height * scale));
  const flat = await findTextLayout(cv, small, { portrait: false });
  const { quarter, skew } = textDirection(flat.ink);
  const upright = quarter ? await turn(image, 90) : image;
  const level = Math.abs(skew) >= MIN_TURN ? await toRgb(levelled(raw(upright), quarter ? skew : -skew)) : upright;
  const unchanged = level === image;
  const rows = (
    unchanged ? flat : await findTextLayout(cv, await resize(level, Math.round(level.width * scale), Math.round(level.height * scale)), { portrait: false })
  ).rows.filter((r) => r.box.w >= 2 * r.textHeight);
  if (rows.length < 2) return { level, hull: null };
  const heights = rows.map((r) => r.textHeight).sort((a, b) => a - b);
  const typical = heights[Math.floor(heights.length / 2)];
  const text = rows.filter((r) => r.textHeight <= 3 * typical);
  const hull = {
    x0: Math.min(...text.map((r) => r.box.x)) / scale,
    x1: Math.max(...text.map((r) => r.box.x + r.box.w)) / scale,
    y0: Math.min(...text.map((r) => r.box.y)) / scale,
    y1: Math.max(...text.map((r) => r.box.y + r.box.h)) / scale,
    typical: typical / scale,
  };
  return { level, hull };
}

/**
 * Finds the document in an image and returns it landscape and level. With `crop`: by its outline when one is found
 * (warped flat to `width`); else, when the image has the document's proportions and text across it, the whole image
 * (a scan); else the extent of its text with a margin. Without `crop` the image is the document, turned landscape.
 */
export async function locateDocument(cv: CV, image: RgbImage, options: LocateOptions): Promise<LocatedDocument> {
  const height = Math.round(options.width / options.aspect);
  if (!options.crop) {
    const landscape = image.height > image.width ? await turn(image, 90) : image;
    return { image: await resize(landscape, options.width, Math.round((landscape.height * options.width) / landscape.width)), method: 'whole' };
  }
  // The outline, or else an outline broken up by a patterned surface (all four sides with a plain margin inside).
  const quad = await findCard(cv, image, { aspect: options.aspect, surfaces: ['plain', 'patterned'] });
  if (quad) return { image: warpQuad(cv, image, quad, options.width, height), method: 'outline' };
  // On a busy surface (print, speckle) the surface's marks pass for text too: the card is told from it by the quiet
  // region around its own text, and the surface painted out.
  const painted = await paintOutSurface(cv, image);
  // The painted region is turned level by its own slant first: the text's few lines may not tell it.
  const region = painted && (await toRgb(levelled(raw(painted.image).extract(painted.region), -painted.slant)));
  const { level, hull } = await levelByText(cv, region || image);
  // The painted picture is the card's region already: levelled, it is used as it is (a barcode is not text).
  if (painted) return { image: await resize(level, options.width), method: 'text' };
  const long = Math.max(level.width, level.height) / Math.min(level.width, level.height);
  const documentShaped = Math.abs(long - options.aspect) / options.aspect <= WHOLE_ASPECT_TOLERANCE;
  const filled = hull !== null && (hull.x1 - hull.x0) / level.width >= WHOLE_TEXT_WIDTH && (hull.y1 - hull.y0) / level.height >= WHOLE_TEXT_HEIGHT;
  if (hull === null || (documentShaped && filled)) {
    const landscape = level.height > level.width ? await turn(level, 90) : level;
    return { image: await resize(landscape, options.width, documentShaped ? height : undefined), method: 'whole' };
  }
  const mx = (hull.x1 - hull.x0) * 0.12 + hull.typical;
  const my = (hull.y1 - hull.y0) * 0.1 + hull.typical;
  const left = Math.max(0, Math.floor(hull.x0 - mx));
  const top = Math.max(0, Math.floor(hull.y0 - my));
  const right = Math.min(level.width, Math.ceil(hull.x1 + mx));
  const bottom = Math.min(level.height, Math.ceil(hull.y1 + my));
  const cropped = await toRgb(raw(level).extract({ left, top, width: right - left, height: bottom - top }));
  return { image: cropped.width > options.width * 1.3 ? await resize(cropped, Math.round(options.width * 1.3)) : cropped, method: 'text' };
}
