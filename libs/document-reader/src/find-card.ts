import type { CV, Mat } from '@techstark/opencv-js';
import sharp from 'sharp';
import { aspectRatio, isConvex, landscapeCorners, orderCorners, polygonArea, refineQuad, scaleQuad, type Point, type Quad } from './card-geometry';
import { sideContrasts, snapQuadToEdges, type SideContrast } from './edge-snap';
import type { RgbImage } from './image-input';

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
// The values of cv.RETR_LIST and cv.MORPH_RECT; opencv.js's typings do not declare them.
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

/**
 * Finds the document as the largest convex quadrilateral of the expected proportions, from two views of a small
 * copy: edges of each colour channel (a card on a background of similar brightness but another colour: a dark
 * green header band on navy cloth) and an Otsu threshold (a bright card on a darker background). Every contour
 * counts, holes included: the inside of the card's outline survives when background texture merges with its outside.
 * Returns the corners in the input's pixels, the long edge on top, or null.
 */
export async function findCard(cv: CV, image: RgbImage, options: FindCardOptions): Promise<Quad | null> {
  const small = await smallRgb(image);
  const imageArea = small.width * small.height;
  const best = withMats((track) => {
    const src = track(new cv.Mat(small.height, small.width, cv.CV_8UC3));
    src.data.set(small.data);
    const blurred = track(new cv.Mat());
    cv.GaussianBlur(src, blurred, new cv.Size(5, 5), 0);
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

    const found = [...candidates(cv, edges, imageArea, options.aspect), ...candidates(cv, bright, imageArea, options.aspect)];
    if (found.length === 0) {
      // A pale card on a pale surface: its edge is a faint step of brightness only.
      const faint = track(new cv.Mat());
      cv.Canny(gray, faint, 12, 36);
      cv.dilate(faint, faint, kernel, new cv.Point(-1, -1), 1);
      found.push(...candidates(cv, faint, imageArea, options.aspect));
    }
    return found.sort((a, b) => b.score - a.score)[0] ?? null;
  });
  if (best === null) return null;
  const quad = snapQuadToEdges(image, scaleQuad(best.quad, 1 / small.scale));
  // An outline is a document's only if three of its sides at least stand out from what lies beyond them.
  if (sideContrasts(image, quad).filter(isEdge).length < 3) return null;
  return landscapeCorners(quad);
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
