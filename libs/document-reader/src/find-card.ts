import type { CV, Mat } from '@techstark/opencv-js';
import sharp from 'sharp';
import { aspectRatio, isConvex, landscapeCorners, orderCorners, polygonArea, refineQuad, scaleQuad, type Point, type Quad } from './card-geometry';
import { sideContrasts, snapQuadToEdges, type SideContrast } from './edge-snap';
import type { RgbImage } from './image-input';
import { lineQuads } from './line-quads';

/** `plain`: the usual look for an outline; `patterned`: the look for one a patterned surface broke up. Tried in the order given. */
export type Surface = 'plain' | 'patterned';

export interface FindCardOptions {
  /** Long over short side of the document: 1.586 for ID-1 cards. */
  aspect: number;
}

/** Contours are found on a small copy: edges of a card are long and straight at any scale. */
const DETECTION_SIDE = 640;
const MIN_AREA_FRACTION = 0.12;
// A quad covering (almost) the whole frame is the image border, not a card lying on a background.
const MAX_AREA_FRACTION = 0.97;
// Perspective and a loose outline move the measured proportions by a few percent; a card's light part below a
// dark header band (1.88) must not pass for the card (1.59).
const ASPECT_TOLERANCE = 0.14;
/** Mean colour difference (0-255) across a side of the outline for it to count as the document's edge. */
const MIN_SIDE_CONTRAST = 14;
// A pale card on a pale surface differs from it by less, but steadily: a fainter side counts when the difference
// across it is well above what either side varies by itself.
const MIN_FAINT_SIDE_CONTRAST = 6;
const isEdge = ({ across, within }: SideContrast) => across >= MIN_SIDE_CONTRAST || (across >= MIN_FAINT_SIDE_CONTRAST && across >= 2.5 * within + 2);
// On a patterned surface the pattern's own lines stand out too: a card's side also has the card's plain margin along
// its inside, plainer than the pattern beyond it.
const MAX_MARGIN_ROUGHNESS = 14;
const isCardSide = (side: SideContrast) => isEdge(side) && (side.roughInside <= MAX_MARGIN_ROUGHNESS || side.roughInside < 0.5 * side.roughOutside);
// The values of cv.RETR_EXTERNAL, cv.RETR_LIST and cv.MORPH_RECT; opencv.js's typings do not declare them.
const RETR_EXTERNAL = 0;
const RETR_LIST = 1;
const MORPH_RECT = 0;

async function smallRgb(image: RgbImage): Promise<{ data: Buffer; width: number; height: number; scale: number }> {
  const scale = Math.min(1, DETECTION_SIDE / Math.max(image.width, image.height));
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)))
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, scale };
}

function withMats<T>(run: (track: (mat: Mat) => Mat) => T): T {
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

function matPoints(mat: Mat): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < mat.rows; i++) points.push({ x: mat.data32S[i * 2], y: mat.data32S[i * 2 + 1] });
  return points;
}

/** The four corners of a contour: its polygon approximation when that has four corners, else its minimum-area rectangle. */
function contourQuad(cv: CV, contour: Mat): Point[] {
  return withMats((track) => {
    const hull = track(new cv.Mat());
    cv.convexHull(contour, hull, false, true);
    const perimeter = cv.arcLength(hull, true);
    for (const epsilon of [0.02, 0.035, 0.05]) {
      const approx = track(new cv.Mat());
      cv.approxPolyDP(hull, approx, epsilon * perimeter, true);
      if (approx.rows === 4) return matPoints(approx);
    }
    return cv.RotatedRect.points(cv.minAreaRect(hull)).map((p) => ({ x: p.x, y: p.y }));
  });
}

function candidates(cv: CV, binary: Mat, imageArea: number, aspect: number): { quad: Quad; score: number }[] {
  return withMats((track) => {
    const contours = new cv.MatVector();
    const hierarchy = track(new cv.Mat());
    try {
      cv.findContours(binary, contours, hierarchy, RETR_LIST, cv.CHAIN_APPROX_NONE);
      const found: { quad: Quad; score: number }[] = [];
      for (let i = 0; i < contours.size(); i++) {
        const contour = contours.get(i);
        try {
          const area = cv.contourArea(contour);
          if (area < MIN_AREA_FRACTION * imageArea) continue;
          const corners = contourQuad(cv, contour);
          if (!isConvex(corners)) continue;
          const quad = refineQuad(orderCorners(corners), matPoints(contour), 4);
          const quadArea = polygonArea(quad);
          if (quadArea > MAX_AREA_FRACTION * imageArea || quadArea < MIN_AREA_FRACTION * imageArea) continue;
          const aspectError = Math.abs(aspectRatio(quad) - aspect) / aspect;
          // A contour that fills little of its quad is clutter (a hand, a shadow) that merely spans a quad.
          const fill = area / quadArea;
          if (aspectError > ASPECT_TOLERANCE || fill < 0.8) continue;
          found.push({ quad, score: quadArea * (1 - aspectError) * fill });
        } finally {
          contour.delete();
        }
      }
      return found;
    } finally {
      contours.delete();
    }
  });
}

/** How many of the best-scoring quads on a patterned surface are checked against the full image. */
const QUADS_CHECKED = 12;

/**
 * Quads of the expected proportions in one view of the small copy: edges of each colour channel (a card on a
 * background of similar brightness but another colour: a dark green header band on navy cloth) and an Otsu threshold
 * (a bright card on a darker background), after `smoothing`. Every contour counts, holes included: the inside of the
 * card's outline survives when background texture merges with its outside.
 */
function quadsOf(
  cv: CV,
  small: { data: Buffer; width: number; height: number },
  aspect: number,
  smoothing: 'light' | 'heavy',
): { quad: Quad; score: number }[] {
  const imageArea = small.width * small.height;
  return withMats((track) => {
    const src = track(new cv.Mat(small.height, small.width, cv.CV_8UC3));
    src.data.set(small.data);
    const blurred = track(new cv.Mat());
    if (smoothing === 'heavy') {
      // Textured surfaces (stone, print, a weave, checks) break a card's outline into their own edges; a wide median
      // wipes out detail a few pixels across and keeps the long straight step of the card's edge.
      const median = track(new cv.Mat());
      cv.medianBlur(src, median, 9);
      cv.GaussianBlur(median, blurred, new cv.Size(5, 5), 0);
    } else {
      cv.GaussianBlur(src, blurred, new cv.Size(5, 5), 0);
    }
    const kernel = track(cv.getStructuringElement(MORPH_RECT, new cv.Size(3, 3)));

    const hsv = track(new cv.Mat());
    cv.cvtColor(blurred, hsv, cv.COLOR_RGB2HSV);
    const edges = track(new cv.Mat(small.height, small.width, cv.CV_8UC1, new cv.Scalar(0)));
    // Saturation separates a green band from green cloth of the same brightness.
    for (const [mat, indexes] of [
      [blurred, [0, 1, 2]],
      [hsv, [1]],
    ] as const) {
      const channels = new cv.MatVector();
      try {
        cv.split(mat, channels);
        for (const index of indexes) {
          const channel = track(channels.get(index));
          const channelEdges = track(new cv.Mat());
          cv.Canny(channel, channelEdges, 40, 120);
          cv.bitwise_or(edges, channelEdges, edges);
        }
      } finally {
        channels.delete();
      }
    }
    cv.dilate(edges, edges, kernel, new cv.Point(-1, -1), 1);

    const gray = track(new cv.Mat());
    cv.cvtColor(blurred, gray, cv.COLOR_RGB2GRAY);
    const bright = track(new cv.Mat());
    cv.threshold(gray, bright, 0, 255, cv.THRESH_BINARY + cv.THRESH_OTSU);
    cv.morphologyEx(bright, bright, cv.MORPH_CLOSE, kernel, new cv.Point(-1, -1), 3);

    const found = [...candidates(cv, edges, imageArea, aspect), ...candidates(cv, bright, imageArea, aspect)];
    if (found.length === 0 || smoothing === 'heavy') {
      // A pale card on a pale surface: its edge is a faint step of brightness only.
      const faint = track(new cv.Mat());
      cv.Canny(gray, faint, 12, 36);
      cv.dilate(faint, faint, kernel, new cv.Point(-1, -1), 1);
      if (found.length === 0) found.push(...candidates(cv, faint, imageArea, aspect));
      if (smoothing === 'heavy') {
        // Texture that joins the outline to its own edges leaves no contour around the card; its four sides are
        // still the longest straight lines in the picture.
        cv.bitwise_or(edges, faint, faint);
        found.push(...candidates(cv, quietRegions(cv, faint, track), imageArea, aspect));
        found.push(...candidates(cv, quietRegions(cv, fineEdges(cv, small, track), track), imageArea, aspect));
        found.push(
          ...lineQuads(cv, faint, { aspect, aspectTolerance: ASPECT_TOLERANCE, minAreaFraction: MIN_AREA_FRACTION, maxAreaFraction: MAX_AREA_FRACTION }),
        );
      }
    }
    return found.sort((a, b) => b.score - a.score);
  });
}

/**
 * Edges of the lightly smoothed grey copy: a fine-grained surface (print, grain, a weave) that a wide median turns as
 * flat as the card is dense with them here, while the card's plain paper has none.
 */
function fineEdges(cv: CV, small: { data: Buffer; width: number; height: number }, track: (mat: Mat) => Mat): Mat {
  const src = track(new cv.Mat(small.height, small.width, cv.CV_8UC3));
  src.data.set(small.data);
  const gray = track(new cv.Mat());
  cv.cvtColor(src, gray, cv.COLOR_RGB2GRAY);
  const edges = track(new cv.Mat());
  cv.Canny(gray, edges, 60, 160);
  return edges;
}

/** The side (odd, in pixels) of the window edges are counted in: about a text line's height on a card filling the picture. */
const quietWindow = (rows: number, cols: number) => Math.max(9, Math.round(Math.min(rows, cols) * 0.035) | 1);

/**
 * The parts of the picture where edges are sparse, text lines filled in: on a patterned surface (checks, print,
 * stone) the card is the one large quiet region, however its outline merges with the pattern's edges.
 */
function quietRegions(cv: CV, edges: Mat, track: (mat: Mat) => Mat): Mat {
  const density = track(new cv.Mat());
  const window = quietWindow(edges.rows, edges.cols);
  cv.blur(edges, density, new cv.Size(window, window));
  const quiet = track(new cv.Mat());
  // Under a fifth of the window on an edge: the card's plain paper and the gaps between its lines.
  cv.threshold(density, quiet, 0.2 * 255, 255, cv.THRESH_BINARY_INV);
  // Quiet specks between the pattern's marks go; the gaps a card's text leaves in its quiet paper are filled.
  const speck = track(cv.getStructuringElement(MORPH_RECT, new cv.Size(window, window)));
  cv.morphologyEx(quiet, quiet, cv.MORPH_OPEN, speck, new cv.Point(-1, -1), 1);
  const line = track(cv.getStructuringElement(MORPH_RECT, new cv.Size(window * 2 + 1, window + 1)));
  cv.morphologyEx(quiet, quiet, cv.MORPH_CLOSE, line, new cv.Point(-1, -1), 1);
  return quiet;
}

/**
 * Finds the document as the largest convex quadrilateral of the expected proportions, on a lightly smoothed small copy,
 * when three of its sides at least stand out from what lies beyond them. On a `patterned` surface it looks on a
 * heavily smoothed copy instead (a card on stone, print or a patterned cloth, whose outline the pattern breaks up),
 * from quiet regions and long straight lines, among more quads, and takes one only when all four sides are the card's:
 * they stand out, and the card's plain margin runs along their inside (a quad a checked cloth's own lines draw has
 * checks on both sides). Returns the corners in the input's pixels, the long edge on top, or null.
 */
export async function findCard(cv: CV, image: RgbImage, options: FindCardOptions & { surfaces?: readonly Surface[] }): Promise<Quad | null> {
  const small = await smallRgb(image);
  for (const surface of options.surfaces ?? ['plain']) {
    const patterned = surface === 'patterned';
    const quads = quadsOf(cv, small, options.aspect, patterned ? 'heavy' : 'light').slice(0, patterned ? QUADS_CHECKED : 1);
    for (const { quad: rough } of quads) {
      const quad = snapQuadToEdges(image, scaleQuad(rough, 1 / small.scale));
      const sides = sideContrasts(image, quad);
      if (patterned ? sides.every(isCardSide) : sides.filter(isEdge).length >= 3) return landscapeCorners(quad);
    }
  }
  return null;
}

/** Perspective-warps the quad of the image onto an upright `width` x `height` image (RGB). */
export function warpQuad(cv: CV, image: RgbImage, quad: Quad, width: number, height: number): RgbImage {
  return withMats((track) => {
    const src = track(new cv.Mat(image.height, image.width, cv.CV_8UC3));
    src.data.set(image.data);
    const from = track(
      cv.matFromArray(
        4,
        1,
        cv.CV_32FC2,
        quad.flatMap((p) => [p.x, p.y]),
      ),
    );
    const to = track(cv.matFromArray(4, 1, cv.CV_32FC2, [0, 0, width, 0, width, height, 0, height]));
    const transform = track(cv.getPerspectiveTransform(from, to));
    const out = track(new cv.Mat());
    cv.warpPerspective(src, out, transform, new cv.Size(width, height), cv.INTER_LINEAR, cv.BORDER_REPLICATE);
    return { data: Buffer.from(out.data), width, height };
  });
}

/**
 * A card's quiet region covers a fifth of the photo at least (a smaller one is a fragment of a card whose own print
 * breaks it up); one covering more than this share of the picture is the surface itself, plain like the card.
 */
const MIN_QUIET_FRACTION = 0.2;
const MAX_QUIET_FRACTION = 0.8;
/** Proportions of a card's quiet region, the card whole (1.59) or with part of it cut off by the frame. */
const MIN_QUIET_ASPECT = 1.2;
const MAX_QUIET_ASPECT = 2.2;

export interface PaintedSurface {
  /** The photo, its surface painted over. */
  image: RgbImage;
  /** The extent of what was kept, in the photo's pixels. */
  region: { left: number; top: number; width: number; height: number };
  /** How far the kept region's long side slants, in degrees clockwise (the card's turn, when its text is too little to tell). */
  slant: number;
}

/**
 * The picture with a patterned surface around the card painted over, when the card is the one large quiet region
 * (few fine edges) on a busy surface (print, grain, a weave) but its outline was not found (cut off by the frame,
 * merged with the pattern): the text that is left is the card's, so finding the card by its text does not take the
 * surface's print or speckle for it. The region's convex hull is kept; the rest takes the region's median colour.
 * Null when no such region stands out (a plain surface is as quiet as the card).
 */
export async function paintOutSurface(cv: CV, image: RgbImage): Promise<PaintedSurface | null> {
  const small = await smallRgb(image);
  const kept = withMats((track) => {
    const quiet = quietRegions(cv, fineEdges(cv, small, track), track);
    const window = quietWindow(small.height, small.width);
    // The card's print (a portrait, a barcode, a block of text) leaves holes in its quiet region: filled. Quiet patches
    // of the surface that touch the card are narrower than it: a wide opening parts them from it.
    const filled = new cv.MatVector();
    try {
      cv.findContours(quiet, filled, track(new cv.Mat()), RETR_EXTERNAL, cv.CHAIN_APPROX_SIMPLE);
      cv.drawContours(quiet, filled, -1, new cv.Scalar(255), -1);
    } finally {
      filled.delete();
    }
    const wide = track(cv.getStructuringElement(MORPH_RECT, new cv.Size(window * 2, window * 2)));
    cv.morphologyEx(quiet, quiet, cv.MORPH_OPEN, wide, new cv.Point(-1, -1), 1);
    const contours = new cv.MatVector();
    const hierarchy = track(new cv.Mat());
    try {
      cv.findContours(quiet, contours, hierarchy, RETR_EXTERNAL, cv.CHAIN_APPROX_SIMPLE);
      let largest = -1;
      let largestArea = 0;
      for (let i = 0; i < contours.size(); i++) {
        const contour = contours.get(i);
        const area = cv.contourArea(contour);
        contour.delete();
        if (area > largestArea) [largest, largestArea] = [i, area];
      }
      const imageArea = small.width * small.height;
      if (largest < 0 || largestArea < MIN_QUIET_FRACTION * imageArea || largestArea > MAX_QUIET_FRACTION * imageArea) return null;
      const hull = track(new cv.Mat());
      cv.convexHull(contours.get(largest), hull, false, true);
      // Only a region shaped like a card, or like one whose side the frame cuts off, is taken for it; a card whose
      // own print breaks its quiet region up leaves a fragment, and the text decides alone.
      const { size, angle: rectAngle } = cv.minAreaRect(hull);
      const long = Math.max(size.width, size.height) / Math.max(1, Math.min(size.width, size.height));
      if (long < MIN_QUIET_ASPECT || long > MAX_QUIET_ASPECT || cv.contourArea(hull) < 0.75 * size.width * size.height) return null;
      const mask = track(cv.Mat.zeros(small.height, small.width, cv.CV_8UC1));
      const hulls = new cv.MatVector();
      try {
        hulls.push_back(hull);
        cv.drawContours(mask, hulls, 0, new cv.Scalar(255), -1);
      } finally {
        hulls.delete();
      }
      // The long side's slant, within 45 degrees of level (a card turned a quarter is left for its text to tell).
      let slant = size.width >= size.height ? rectAngle : rectAngle - 90;
      while (slant > 45) slant -= 90;
      while (slant <= -45) slant += 90;
      return { mask: Uint8Array.from(mask.data), slant, bounds: cv.boundingRect(hull) };
    } finally {
      contours.delete();
    }
  });
  if (!kept) return null;
  const keep = kept.mask;
  const inside: number[][] = [[], [], []];
  for (let i = 0; i < keep.length; i += 7) if (keep[i]) for (let c = 0; c < 3; c++) inside[c].push(small.data[i * 3 + c]);
  const fill = inside.map((values) => values.sort((a, b) => a - b)[values.length >> 1] ?? 255);
  const data = Buffer.from(image.data);
  const sx = small.width / image.width;
  const sy = small.height / image.height;
  for (let y = 0; y < image.height; y++) {
    const row = Math.min(small.height - 1, Math.floor(y * sy)) * small.width;
    for (let x = 0; x < image.width; x++) {
      if (keep[row + Math.min(small.width - 1, Math.floor(x * sx))]) continue;
      const o = (y * image.width + x) * 3;
      data[o] = fill[0];
      data[o + 1] = fill[1];
      data[o + 2] = fill[2];
    }
  }
  // The region's extent, with a few pixels to spare.
  const { x: x0, y: y0, width: w, height: h } = kept.bounds;
  const [x1, y1] = [x0 + w - 1, y0 + h - 1];
  const left = Math.max(0, Math.floor((x0 - 2) / sx));
  const top = Math.max(0, Math.floor((y0 - 2) / sy));
  const right = Math.min(image.width, Math.ceil((x1 + 3) / sx));
  const bottom = Math.min(image.height, Math.ceil((y1 + 3) / sy));
  return { image: { data, width: image.width, height: image.height }, region: { left, top, width: right - left, height: bottom - top }, slant: kept.slant };
}
