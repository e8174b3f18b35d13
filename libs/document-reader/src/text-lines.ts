import type { CV, Mat } from '@techstark/opencv-js';
import type { RgbImage } from './image-input';

/** A rectangle in pixels of the image it was found on. */
export interface PixelBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface GrayImage {
  data: Buffer;
  width: number;
  height: number;
}

/** A run of text on one line: glyphs closer to each other than about a character's height. */
export interface Segment extends PixelBox {
  /**
   * Where its headline is, when it has one: Bengali letters hang from a headline (মাত্রা), a row of ink running
   * along most of the word in its upper part; Latin letters have none. `bottom`: the segment is upside down.
   */
  headline: 'top' | 'bottom' | null;
  /** Share of its width under the headline: 0 for Latin text and digits, near 1 for Bengali words. */
  bengali: number;
  /** No trace of a headline at all: Latin text or digits. */
  latin: boolean;
}

/** Segments that share a line, left to right; a row may hold several fields (`Blood Group: B+   জন্মস্থান: ঢাকা`). */
export interface TextRow {
  box: PixelBox;
  segments: Segment[];
  /** The height of the row's tallest segment: its text size. */
  textHeight: number;
}

export interface TextLayout {
  rows: TextRow[];
  /** The printed portrait, when there is one: nothing in it is text. */
  photo: PixelBox | null;
  /** Median glyph height: the page's body text size. */
  glyphHeight: number;
  /** Grayscale with the illumination flattened: what OCR reads. */
  gray: GrayImage;
  /** Ink mask (255 = ink) after the non-text blobs were removed. */
  ink: GrayImage;
}

const ELLIPSE = 2;
const MORPH_RECT = 0;

function withMats<T>(run: (track: <M extends Mat>(mat: M) => M) => T): T {
  const mats: Mat[] = [];
  try {
    return run((mat) => {
      mats.push(mat);
      return mat;
    });
  } finally {
    for (const mat of mats) mat.delete();
  }
}

/**
 * Divides a grayscale image by an estimate of its paper: the max filter removes dark strokes, a blur smooths the
 * rest. Glare, shadows and a light gradient across the card then no longer turn part of a line black when it is
 * binarised with one threshold.
 */
export function flattenIllumination(cv: CV, gray: GrayImage, kernelSize: number): GrayImage {
  // The paper varies slowly: it is estimated on a smaller copy, where the filters are cheap.
  const factor = Math.max(1, Math.floor(kernelSize / 7));
  const size = Math.max(3, Math.round(kernelSize / factor) | 1);
  return withMats((track) => {
    const src = track(new cv.Mat(gray.height, gray.width, cv.CV_8UC1));
    const small = track(new cv.Mat());
    const paper = track(new cv.Mat());
    const kernel = track(cv.getStructuringElement(ELLIPSE, new cv.Size(size, size)));
    src.data.set(gray.data);
    cv.resize(src, small, new cv.Size(Math.max(1, Math.round(gray.width / factor)), Math.max(1, Math.round(gray.height / factor))), 0, 0, cv.INTER_AREA);
    cv.dilate(small, small, kernel);
    cv.GaussianBlur(small, small, new cv.Size(0, 0), size / 2);
    cv.resize(small, paper, new cv.Size(gray.width, gray.height), 0, 0, cv.INTER_LINEAR);
    const out = Buffer.allocUnsafe(gray.data.length);
    const p = paper.data;
    for (let i = 0; i < out.length; i++) {
      const v = (gray.data[i] / Math.max(1, p[i])) * 255;
      out[i] = v > 255 ? 255 : v;
    }
    return { data: out, width: gray.width, height: gray.height };
  });
}

interface Component extends PixelBox {
  area: number;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const overlapY = (a: PixelBox, b: PixelBox) => Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
const union = (a: PixelBox, b: PixelBox): PixelBox => {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
};

/** Glyph-sized components: not specks, not photos, chips, rules, barcodes or the card's edge. */
function glyphComponents(
  cv: CV,
  binary: Mat,
  width: number,
  height: number,
  photo: PixelBox | null,
): { components: Component[]; labels: Int32Array; keep: Uint8Array } {
  return withMats((track) => {
    const labels = track(new cv.Mat());
    const stats = track(new cv.Mat());
    const centroids = track(new cv.Mat());
    const n = cv.connectedComponentsWithStats(binary, labels, stats, centroids, 8, cv.CV_32S);
    const s = stats.data32S;
    const all: Component[] = [];
    for (let i = 0; i < n; i++) all.push({ x: s[i * 5], y: s[i * 5 + 1], w: s[i * 5 + 2], h: s[i * 5 + 3], area: s[i * 5 + 4] });
    const maxH = height / 6;
    const plausible = all.slice(1).filter((c) => c.h >= 6 && c.h <= maxH && c.w <= width / 3 && c.area >= 12 && c.w / c.h <= 25 && c.w / c.h >= 0.08);
    const glyph = median(plausible.map((c) => c.h)) || 12;
    const keep = new Uint8Array(n);
    const components: Component[] = [];
    // Large solid blobs (a photo's hair and shadows, a chip, a header band, a barcode) mark areas where nothing that
    // looks like a glyph is text; hollow ones (the card's outline, a frame) mark nothing.
    const zones: PixelBox[] = all.slice(1).filter((c) => c.area >= 20 * glyph * glyph && c.area / (c.w * c.h) >= 0.25 && (c.h > glyph * 4 || c.w > glyph * 40));
    if (photo) zones.push(photo);
    const inZone = (c: PixelBox) => {
      const cx = c.x + c.w / 2;
      const cy = c.y + c.h / 2;
      return zones.some((z) => cx >= z.x && cx <= z.x + z.w && cy >= z.y && cy <= z.y + z.h);
    };
    for (let i = 1; i < n; i++) {
      const c = all[i];
      const fill = c.area / (c.w * c.h);
      // The document's own edge (and what a warp leaves beside it) is no text.
      const edge = Math.max(2, Math.round(Math.min(width, height) * 0.008));
      const touchesEdge = c.x <= edge || c.y <= edge || c.x + c.w >= width - edge || c.y + c.h >= height - edge;
      const sized = c.h >= glyph * 0.25 && c.h <= glyph * 4 && c.w <= glyph * 40 && c.area >= Math.max(4, glyph * 0.3);
      // A rule or underline is long and thin; a solid block (chip contacts, photo shadow) is nearly full.
      const rule = c.h < glyph * 0.35 && c.w > glyph * 3;
      if (sized && !rule && fill < 0.92 && !touchesEdge && !inZone(c)) {
        keep[i] = 1;
        components.push(c);
      }
    }
    return { components, labels: labels.data32S.slice(), keep };
  });
}

/** Luminance: red and black inks come out dark, pale green and orange security print light. */
export function luminance(image: RgbImage): GrayImage {
  const { data, width, height } = image;
  const out = Buffer.allocUnsafe(width * height);
  for (let i = 0, j = 0; i < out.length; i++, j += 3) out[i] = (data[j] * 77 + data[j + 1] * 150 + data[j + 2] * 29) >> 8;
  return { data: out, width, height };
}

/**
 * Sauvola's local threshold: a pixel is ink when darker than its neighbourhood's mean lowered by a share that
 * shrinks where the neighbourhood varies. Thin grey labels next to bold black values both come out, where one global
 * threshold keeps only the values; flat security print stays out.
 */
function sauvola(cv: CV, gray: GrayImage, window: number, k: number): Buffer {
  return withMats((track) => {
    const src = track(new cv.Mat(gray.height, gray.width, cv.CV_8UC1));
    src.data.set(gray.data);
    const f = track(new cv.Mat());
    src.convertTo(f, cv.CV_32F);
    const sq = track(new cv.Mat());
    cv.multiply(f, f, sq);
    const mean = track(new cv.Mat());
    const meanSq = track(new cv.Mat());
    const size = new cv.Size(window | 1, window | 1);
    cv.boxFilter(f, mean, -1, size);
    cv.boxFilter(sq, meanSq, -1, size);
    // threshold = mean * (1 + k * (sd / 128 - 1)) = mean * (1 - k) + mean * sd * k / 128
    const variance = track(new cv.Mat());
    cv.multiply(mean, mean, variance);
    cv.subtract(meanSq, variance, variance);
    cv.max(variance, track(new cv.Mat(gray.height, gray.width, cv.CV_32F, new cv.Scalar(0))), variance);
    const sd = track(new cv.Mat());
    cv.sqrt(variance, sd);
    const threshold = track(new cv.Mat());
    cv.multiply(mean, sd, threshold, k / 128);
    cv.addWeighted(mean, 1 - k, threshold, 1, 0, threshold);
    const ink = track(new cv.Mat());
    cv.compare(f, threshold, ink, cv.CMP_LT);
    return Buffer.from(ink.data);
  });
}

/** Per row of the box: ink in horizontal runs at least `minRun` long (gaps of up to two pixels bridged, two rows together). */
function longRuns(box: PixelBox, ink: GrayImage, minRun: number): number[] {
  const out: number[] = [];
  for (let y = box.y; y < box.y + box.h - 1; y++) {
    const base = y * ink.width;
    let run = 0;
    let gap = 0;
    let long = 0;
    for (let x = box.x; x <= box.x + box.w; x++) {
      if (x < box.x + box.w && (ink.data[base + x] || ink.data[base + ink.width + x])) {
        run += gap + 1;
        gap = 0;
      } else if (x < box.x + box.w && run > 0 && gap < 2) gap++;
      else {
        if (run >= minRun) long += run;
        run = 0;
        gap = 0;
      }
    }
    out.push(long);
  }
  return out;
}

/**
 * The segment's headline: Bengali words hang from one (মাত্রা), a long horizontal run of ink in their upper part;
 * Latin letters and digits have none. `bengali` is the share of the width under a clear headline (about all of it for
 * Bengali words, part of it for a Bengali label before a Latin value); `latin` says not even a broken one was seen.
 */
function headlineOf(box: PixelBox, ink: GrayImage): Pick<Segment, 'headline' | 'bengali' | 'latin'> {
  if (box.h < 8) return { headline: null, bengali: 0, latin: false };
  const strict = longRuns(box, ink, 1.5 * box.h);
  const loose = longRuns(box, ink, 0.8 * box.h);
  const best = strict.indexOf(Math.max(...strict));
  const bengali = strict[best] / box.w;
  // Only a headline's place counts: bold capitals packed close run into each other at mid-height too.
  const latin = Math.max(...loose.slice(0, Math.ceil(loose.length * 0.45))) < 0.15 * box.w;
  if (bengali < 0.2) return { headline: null, bengali: 0, latin };
  const at = best / box.h;
  return { headline: at < 0.45 ? 'top' : at > 0.55 ? 'bottom' : null, bengali, latin };
}

/** Splits a segment that holds two lines touching through their vowel signs at its thinnest row. */
function splitTall(segment: PixelBox, ink: GrayImage, typical: number): PixelBox[] {
  if (segment.h < 1.75 * typical) return [segment];
  const counts: number[] = [];
  for (let y = segment.y; y < segment.y + segment.h; y++) {
    let count = 0;
    const base = y * ink.width;
    for (let x = segment.x; x < segment.x + segment.w; x++) if (ink.data[base + x]) count++;
    counts.push(count);
  }
  const from = Math.round(segment.h * 0.25);
  const to = Math.round(segment.h * 0.75);
  let cut = from;
  for (let i = from; i <= to; i++) if (counts[i] < counts[cut]) cut = i;
  const peak = Math.max(...counts);
  if (counts[cut] > 0.2 * peak) return [segment];
  const top = { ...segment, h: cut };
  const bottom = { ...segment, y: segment.y + cut, h: segment.h - cut };
  return [...splitTall(top, ink, typical), ...splitTall(bottom, ink, typical)];
}

/** A photograph varies inside; a frame around blank paper does not. */
function textured(small: Mat, r: { x: number; y: number; width: number; height: number }): boolean {
  let sum = 0;
  let sq = 0;
  let n = 0;
  for (let y = r.y + Math.round(r.height * 0.15); y < r.y + r.height * 0.85; y += 2) {
    for (let x = r.x + Math.round(r.width * 0.15); x < r.x + r.width * 0.85; x += 2) {
      const v = small.data[y * small.cols + x];
      sum += v;
      sq += v * v;
      n++;
    }
  }
  const mean = sum / Math.max(1, n);
  return Math.sqrt(Math.max(0, sq / Math.max(1, n) - mean * mean)) >= 20;
}

/**
 * The printed portrait: a rectangle of strong straight edges with a picture inside, portrait-shaped, a fifth to a
 * third of the document wide, on its left (the one coarse zone of an ID card the reader assumes). Null when there is
 * none (a card's back, or a portrait without edges to find).
 */
export function findPhotoBox(cv: CV, gray: GrayImage): PixelBox | null {
  const scale = Math.min(1, 600 / gray.width);
  return withMats((track) => {
    const src = track(new cv.Mat(gray.height, gray.width, cv.CV_8UC1));
    src.data.set(gray.data);
    const small = track(new cv.Mat());
    const w = Math.round(gray.width * scale);
    const h = Math.round(gray.height * scale);
    cv.resize(src, small, new cv.Size(w, h), 0, 0, cv.INTER_AREA);
    const edges = track(new cv.Mat());
    cv.Canny(small, edges, 40, 120);
    const vertical = track(new cv.Mat());
    const horizontal = track(new cv.Mat());
    cv.morphologyEx(edges, vertical, cv.MORPH_OPEN, track(cv.getStructuringElement(MORPH_RECT, new cv.Size(1, Math.round(h * 0.12)))));
    cv.morphologyEx(edges, horizontal, cv.MORPH_OPEN, track(cv.getStructuringElement(MORPH_RECT, new cv.Size(Math.round(w * 0.06), 1))));
    const frame = track(new cv.Mat());
    cv.bitwise_or(vertical, horizontal, frame);
    cv.dilate(frame, frame, track(cv.getStructuringElement(MORPH_RECT, new cv.Size(5, 5))));
    const contours = new cv.MatVector();
    const hierarchy = track(new cv.Mat());
    let best: PixelBox | null = null;
    try {
      cv.findContours(frame, contours, hierarchy, cv.RETR_LIST, cv.CHAIN_APPROX_SIMPLE);
      for (let i = 0; i < contours.size(); i++) {
        const contour = contours.get(i);
        const r = cv.boundingRect(contour);
        contour.delete();
        const portrait = r.height / Math.max(1, r.width);
        if (r.width < w * 0.12 || r.width > w * 0.4 || r.height < h * 0.3 || r.height > h * 0.8 || portrait < 0.9 || portrait > 1.9) continue;
        // Not the document's own edge, on the left, and a picture inside.
        if (r.x < 2 || r.y < 2 || r.x + r.width > w - 3 || r.y + r.height > h - 3 || r.x + r.width / 2 > w * 0.5 || !textured(small, r)) continue;
        if (!best || r.width * r.height > best.w * best.h) best = { x: r.x, y: r.y, w: r.width, h: r.height };
      }
    } finally {
      contours.delete();
    }
    return best ? { x: best.x / scale, y: best.y / scale, w: best.w / scale, h: best.h / scale } : null;
  });
}

/** Lets the event loop run: OCR workers that finished are handed their next line between the heavy steps here. */
export const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Finds the lines of text on an image of a document (or of a photo with a document in it), by the shape of its ink
 * alone: no position on the card is assumed. Glyphs are joined into segments by a horizontal closing about a
 * glyph high, and segments that share a line into rows. `portrait`: look for a printed portrait to leave out.
 */
export async function findTextLayout(cv: CV, image: RgbImage, options: { portrait?: boolean } = {}): Promise<TextLayout> {
  const { width, height } = image;
  const lum = luminance(image);
  const gray = flattenIllumination(cv, lum, Math.max(15, Math.min(width, height) / 25));
  await breathe();
  const binaryData = sauvola(cv, gray, Math.max(15, Math.round(Math.min(width, height) / 15)), 0.2);
  await breathe();
  const photo = options.portrait === false ? null : findPhotoBox(cv, lum);
  await breathe();
  const { glyphHeight, inkData } = withMats((track) => {
    const binary = track(new cv.Mat(height, width, cv.CV_8UC1));
    binary.data.set(binaryData);
    const { components, labels, keep } = glyphComponents(cv, binary, width, height, photo);
    const ink = Buffer.alloc(width * height);
    for (let p = 0; p < labels.length; p++) if (keep[labels[p]]) ink[p] = 255;
    return { glyphHeight: median(components.filter((c) => c.h >= 6).map((c) => c.h)) || 12, inkData: ink };
  });
  await breathe();
  const found = withMats((track) => {
    const ink = track(new cv.Mat(height, width, cv.CV_8UC1));
    ink.data.set(inkData);
    const smeared = track(new cv.Mat());
    const kernel = track(cv.getStructuringElement(MORPH_RECT, new cv.Size(Math.max(3, Math.round(glyphHeight * 0.9)), 1)));
    cv.morphologyEx(ink, smeared, cv.MORPH_CLOSE, kernel);
    const contours = new cv.MatVector();
    const hierarchy = track(new cv.Mat());
    const boxes: PixelBox[] = [];
    try {
      cv.findContours(smeared, contours, hierarchy, cv.RETR_EXTERNAL, cv.CHAIN_APPROX_SIMPLE);
      for (let i = 0; i < contours.size(); i++) {
        const contour = contours.get(i);
        const r = cv.boundingRect(contour);
        contour.delete();
        if (r.height >= glyphHeight * 0.45 && r.height <= glyphHeight * 6 && r.width >= glyphHeight * 0.5)
          boxes.push({ x: r.x, y: r.y, w: r.width, h: r.height });
      }
    } finally {
      contours.delete();
    }
    return boxes;
  });
  await breathe();
  const inkImage = { data: inkData, width, height };
  const typical = median(found.filter((s) => s.w >= 2 * s.h).map((s) => s.h)) || glyphHeight * 1.5;
  // Taller than any line of text: the edge of a photo, a signature's loops, a stamp.
  const segments = found
    .flatMap((s) => splitTall(s, inkImage, typical))
    .filter((s) => s.h <= typical * 2.2)
    .map((s): Segment => ({ ...s, ...headlineOf(s, inkImage) }));
  return { rows: groupRows(segments), photo, glyphHeight, gray, ink: inkImage };
}

/**
 * Segments that share a line form a row; rows come top to bottom, segments left to right. The widest segments (runs
 * of words) anchor rows; a narrower one joins the row whose anchor it overlaps most, or whose band holds its middle:
 * a small label printed on a large value's baseline sits low beside it. Rows side by side on one baseline (a label
 * far left of its value) are one row.
 */
export function groupRows(segments: readonly Segment[]): TextRow[] {
  const sorted = [...segments].sort((a, b) => b.w - a.w);
  const rows: { core: Segment; segments: Segment[] }[] = [];
  for (const segment of sorted) {
    let best: { row: (typeof rows)[number]; overlap: number } | null = null;
    const centre = segment.y + segment.h / 2;
    for (const row of rows) {
      const overlap = overlapY(row.core, segment) / Math.min(row.core.h, segment.h);
      const beside = centre >= row.core.y && centre <= row.core.y + row.core.h * 1.15 && segment.h <= row.core.h * 1.3;
      if ((overlap >= 0.5 || beside) && (!best || overlap > best.overlap)) best = { row, overlap };
    }
    if (best) best.row.segments.push(segment);
    else rows.push({ core: segment, segments: [segment] });
  }
  const built: TextRow[] = rows.map((row) => {
    const ordered = [...row.segments].sort((a, b) => a.x - b.x);
    return { box: ordered.map(({ x, y, w, h }) => ({ x, y, w, h })).reduce(union), segments: ordered, textHeight: Math.max(...ordered.map((s) => s.h)) };
  });
  // Side by side and on one baseline: bottoms level (within a third of the taller row) and heights overlapping.
  const sideBySide = (a: TextRow, b: TextRow): boolean => {
    const apart = a.box.x + a.box.w <= b.box.x + 0.3 * b.textHeight || b.box.x + b.box.w <= a.box.x + 0.3 * a.textHeight;
    const level = Math.abs(a.box.y + a.box.h - (b.box.y + b.box.h)) <= Math.max(a.textHeight, b.textHeight) / 3;
    return apart && level && overlapY(a.box, b.box) >= 0.4 * Math.min(a.box.h, b.box.h);
  };
  for (let merged = true; merged;) {
    merged = false;
    outer: for (let i = 0; i < built.length; i++) {
      for (let j = i + 1; j < built.length; j++) {
        if (!sideBySide(built[i], built[j])) continue;
        const [a, b] = [built[i], built[j]];
        built[i] = {
          box: union(a.box, b.box),
          segments: [...a.segments, ...b.segments].sort((p, q) => p.x - q.x),
          textHeight: Math.max(a.textHeight, b.textHeight),
        };
        built.splice(j, 1);
        merged = true;
        break outer;
      }
    }
  }
  return built.sort((a, b) => a.box.y + a.box.h / 2 - (b.box.y + b.box.h / 2));
}
