import type { CV, Mat } from '@techstark/opencv-js';
import { aspectRatio, isConvex, orderCorners, polygonArea, type Point, type Quad } from './card-geometry';

/** A straight line in normal form (x cos θ + y sin θ = ρ, θ in [0, π)) and how much edge stands on it. */
interface NormalLine {
  theta: number;
  rho: number;
  support: number;
}

export interface LineQuadOptions {
  aspect: number;
  aspectTolerance: number;
  minAreaFraction: number;
  maxAreaFraction: number;
}

/** Segments shorter than this share of the image's shorter side are texture, not a document's edge. */
const MIN_SEGMENT = 0.18;
/** Segments this close in angle and offset are one line. */
const SAME_ANGLE = (3 * Math.PI) / 180;
const SAME_OFFSET = 6;
/** Sides of a quad: opposite ones within this of parallel (perspective), neighbours within this of square. */
const PARALLEL = (10 * Math.PI) / 180;
const SQUARE = (20 * Math.PI) / 180;
const LINES_KEPT = 40;
/** Share of a side's length that must lie on edge pixels. */
const MIN_SIDE_COVERAGE = 0.45;

const toNormal = (x1: number, y1: number, x2: number, y2: number): NormalLine => {
  let theta = Math.atan2(x2 - x1, -(y2 - y1));
  let rho = x1 * Math.cos(theta) + y1 * Math.sin(theta);
  if (theta < 0) {
    theta += Math.PI;
    rho = -rho;
  }
  if (theta >= Math.PI) {
    theta -= Math.PI;
    rho = -rho;
  }
  return { theta, rho, support: Math.hypot(x2 - x1, y2 - y1) };
};

/** Angle between two line directions, 0..π/2. */
const angleBetween = (a: number, b: number): number => {
  const d = Math.abs(a - b) % Math.PI;
  return Math.min(d, Math.PI - d);
};

function intersection(a: NormalLine, b: NormalLine): Point | null {
  const det = Math.cos(a.theta) * Math.sin(b.theta) - Math.sin(a.theta) * Math.cos(b.theta);
  if (Math.abs(det) < 1e-6) return null;
  return {
    x: (a.rho * Math.sin(b.theta) - b.rho * Math.sin(a.theta)) / det,
    y: (b.rho * Math.cos(a.theta) - a.rho * Math.cos(b.theta)) / det,
  };
}

/** Segments into lines: those near in angle and offset are merged, each line keeping the length that supports it. */
function mergedLines(segments: Int32Array): NormalLine[] {
  const lines: NormalLine[] = [];
  for (let i = 0; i + 3 < segments.length; i += 4) {
    const s = toNormal(segments[i], segments[i + 1], segments[i + 2], segments[i + 3]);
    const same = lines.find((l) => {
      const flipped = Math.abs(l.theta - s.theta) > Math.PI / 2;
      return angleBetween(l.theta, s.theta) < SAME_ANGLE && Math.abs(l.rho - (flipped ? -s.rho : s.rho)) < SAME_OFFSET;
    });
    if (same) same.support += s.support;
    else lines.push(s);
  }
  return lines.sort((a, b) => b.support - a.support).slice(0, LINES_KEPT);
}

/** Share of the side from a to b that lies on edge pixels. */
function coverage(edges: Mat, a: Point, b: Point): number {
  const steps = Math.max(8, Math.round(Math.hypot(b.x - a.x, b.y - a.y) / 3));
  let on = 0;
  for (let k = 0; k <= steps; k++) {
    const x = Math.round(a.x + ((b.x - a.x) * k) / steps);
    const y = Math.round(a.y + ((b.y - a.y) * k) / steps);
    if (x >= 0 && y >= 0 && x < edges.cols && y < edges.rows && edges.data[y * edges.cols + x]) on += 1;
  }
  return on / (steps + 1);
}

/** Inside a card's side lies its plain margin: a line just inside it crosses few edges, where one inside a pattern's line crosses many. */
const MARGIN_OFFSETS = [0.03, 0.05];
// An emblem or a flag near the edge crosses it a few times; a pattern of checks or print, every few pixels.
const MARGIN_CROSSINGS_PER_PIXEL = 0.012;
const MARGIN_CROSSINGS_BASE = 4;

/** Edges crossed by the line parallel to the side from a to b, `offset` pixels towards `centre`: the fewest over the offsets tried. */
function marginCrossings(edges: Mat, a: Point, b: Point, centre: Point, offsets: readonly number[]): number {
  const length = Math.hypot(b.x - a.x, b.y - a.y);
  let normal = { x: (a.y - b.y) / length, y: (b.x - a.x) / length };
  const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  if ((centre.x - mid.x) * normal.x + (centre.y - mid.y) * normal.y < 0) normal = { x: -normal.x, y: -normal.y };
  let fewest = Infinity;
  for (const offset of offsets) {
    let crossings = 0;
    let previous = false;
    const steps = Math.max(8, Math.round(length / 2));
    for (let k = Math.round(steps * 0.1); k <= Math.round(steps * 0.9); k++) {
      const x = Math.round(a.x + ((b.x - a.x) * k) / steps + normal.x * offset);
      const y = Math.round(a.y + ((b.y - a.y) * k) / steps + normal.y * offset);
      const on = x >= 0 && y >= 0 && x < edges.cols && y < edges.rows && edges.data[y * edges.cols + x] !== 0;
      if (on && !previous) crossings += 1;
      previous = on;
    }
    fewest = Math.min(fewest, crossings);
  }
  return fewest;
}

/**
 * Quads of the expected proportions made of four long straight edges: where a textured or pale surface breaks the
 * card's outline into pieces that no contour follows, the outline's sides are still the longest straight lines in the
 * picture. `edges` is a binary edge map (dilated a little: the sides are checked against it too).
 */
export function lineQuads(cv: CV, edges: Mat, options: LineQuadOptions): { quad: Quad; score: number }[] {
  const lines = new cv.Mat();
  let segments: Int32Array;
  try {
    const shorter = Math.min(edges.rows, edges.cols);
    cv.HoughLinesP(edges, lines, 1, Math.PI / 180, Math.round(shorter * 0.08), Math.round(shorter * MIN_SEGMENT), Math.round(shorter * 0.03));
    segments = Int32Array.from(lines.data32S);
  } finally {
    lines.delete();
  }
  const found = mergedLines(segments);
  const imageArea = edges.rows * edges.cols;
  const pairs: [NormalLine, NormalLine][] = [];
  for (let i = 0; i < found.length; i++) {
    for (let j = i + 1; j < found.length; j++) {
      if (angleBetween(found[i].theta, found[j].theta) < PARALLEL) pairs.push([found[i], found[j]]);
    }
  }
  const quads: { quad: Quad; score: number }[] = [];
  for (let p = 0; p < pairs.length; p++) {
    for (let q = p + 1; q < pairs.length; q++) {
      const [a, b] = pairs[p];
      const [c, d] = pairs[q];
      if (Math.abs(angleBetween(a.theta, c.theta) - Math.PI / 2) > SQUARE) continue;
      const corners = [intersection(a, c), intersection(c, b), intersection(b, d), intersection(d, a)];
      if (corners.some((corner) => corner === null)) continue;
      const points = corners as Point[];
      if (!isConvex(points)) continue;
      const quad = orderCorners(points);
      const area = polygonArea(quad);
      if (area < options.minAreaFraction * imageArea || area > options.maxAreaFraction * imageArea) continue;
      const aspectError = Math.abs(aspectRatio(quad) - options.aspect) / options.aspect;
      if (aspectError > options.aspectTolerance) continue;
      const sides = quad.map((corner, k) => coverage(edges, corner, quad[(k + 1) % 4]));
      if (Math.min(...sides) < MIN_SIDE_COVERAGE) continue;
      // A quad of a pattern's own lines (a check, a column of print) has more of the pattern just inside it.
      const centre = { x: quad.reduce((sum, corner) => sum + corner.x, 0) / 4, y: quad.reduce((sum, corner) => sum + corner.y, 0) / 4 };
      const shorter = Math.sqrt(area / options.aspect);
      const offsets = MARGIN_OFFSETS.map((f) => f * shorter);
      const busy = (corner: Point, next: Point) =>
        marginCrossings(edges, corner, next, centre, offsets) >
        MARGIN_CROSSINGS_BASE + MARGIN_CROSSINGS_PER_PIXEL * Math.hypot(next.x - corner.x, next.y - corner.y);
      if (quad.some((corner, k) => busy(corner, quad[(k + 1) % 4]))) continue;
      const mean = sides.reduce((s, v) => s + v, 0) / 4;
      quads.push({ quad, score: area * (1 - aspectError) * mean });
    }
  }
  return quads.sort((x, y) => y.score - x.score);
}
