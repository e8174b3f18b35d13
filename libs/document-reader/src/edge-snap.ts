import { fitLine, intersect, quadSize, type Point, type Quad } from './card-geometry';
import type { RgbImage } from './image-input';

const SAMPLES_PER_EDGE = 48;
/** How far to look for the true edge on each side of the rough one, as a share of the card's shorter side. */
const SEARCH = 0.035;
/** A step this strong relative to the strongest one is still the card's edge when it lies further out. */
const OUTER_EDGE_RATIO = 0.6;

function sample(image: RgbImage, x: number, y: number, out: number[]): boolean {
  if (x < 0 || y < 0 || x > image.width - 1.001 || y > image.height - 1.001) return false;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const tx = x - x0;
  const ty = y - y0;
  const row = image.width * 3;
  const i = y0 * row + x0 * 3;
  for (let c = 0; c < 3; c++) {
    const top = image.data[i + c] * (1 - tx) + image.data[i + 3 + c] * tx;
    const bottom = image.data[i + row + c] * (1 - tx) + image.data[i + row + 3 + c] * tx;
    out[c] = top * (1 - ty) + bottom * ty;
  }
  return true;
}

/** Along the outward normal at a point: the offset of the card's boundary (the outermost strong colour step), or null. */
function edgeOffset(image: RgbImage, at: Point, normal: Point, reach: number): number | null {
  const profile: number[][] = [];
  for (let d = -reach; d <= reach; d++) {
    const value = [0, 0, 0];
    if (!sample(image, at.x + normal.x * d, at.y + normal.y * d, value)) return null;
    profile.push(value);
  }
  const strength: number[] = profile.map((_, i) => {
    if (i === 0 || i === profile.length - 1) return 0;
    return Math.abs(profile[i + 1][0] - profile[i - 1][0]) + Math.abs(profile[i + 1][1] - profile[i - 1][1]) + Math.abs(profile[i + 1][2] - profile[i - 1][2]);
  });
  const strongest = Math.max(...strength);
  if (strongest < 30) return null;
  let chosen = strength.indexOf(strongest);
  for (let i = strength.length - 2; i > chosen; i--) {
    if (strength[i] >= OUTER_EDGE_RATIO * strongest && strength[i] >= strength[i - 1] && strength[i] >= strength[i + 1]) {
      chosen = i;
      break;
    }
  }
  return chosen - reach;
}

/** Fits a line, drops points more than 1.5 px off, fits again. */
function robustLine(points: Point[]): ReturnType<typeof fitLine> {
  const first = fitLine(points);
  if (!first) return null;
  const residual = (p: Point) => Math.abs((p.x - first.point.x) * first.dir.y - (p.y - first.point.y) * first.dir.x);
  const median = [...points.map(residual)].sort((a, b) => a - b)[Math.floor(points.length / 2)];
  const kept = points.filter((p) => residual(p) <= Math.max(1.5, 2 * median));
  return kept.length >= points.length / 3 ? fitLine(kept) : first;
}

/**
 * Moves each edge of a rough quad (found on a small copy, so a few pixels off) onto the card's boundary in the
 * full image: samples along the edge search outwards and inwards for the colour step, a line is fitted through
 * them, and neighbouring lines are intersected. An edge without enough support keeps its rough position.
 */
export function snapQuadToEdges(image: RgbImage, quad: Quad): Quad {
  const reach = Math.max(4, Math.round(SEARCH * Math.min(quadSize(quad).width, quadSize(quad).height)));
  const cx = quad.reduce((s, p) => s + p.x, 0) / 4;
  const cy = quad.reduce((s, p) => s + p.y, 0) / 4;
  const lines = quad.map((a, i) => {
    const b = quad[(i + 1) % 4];
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    const dir = { x: (b.x - a.x) / length, y: (b.y - a.y) / length };
    let normal = { x: dir.y, y: -dir.x };
    const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    if ((mid.x - cx) * normal.x + (mid.y - cy) * normal.y < 0) normal = { x: -normal.x, y: -normal.y };
    const points: Point[] = [];
    for (let s = 0; s < SAMPLES_PER_EDGE; s++) {
      // Away from the rounded corners.
      const t = 0.12 + (0.76 * s) / (SAMPLES_PER_EDGE - 1);
      const at = { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
      const offset = edgeOffset(image, at, normal, reach);
      if (offset !== null) points.push({ x: at.x + normal.x * offset, y: at.y + normal.y * offset });
    }
    return points.length >= SAMPLES_PER_EDGE / 3 ? robustLine(points) : { point: a, dir };
  });
  const corners = quad.map((_, i) => {
    const before = lines[(i + 3) % 4];
    const after = lines[i];
    return before && after ? intersect(before, after) : null;
  });
  if (corners.some((c, i) => c === null || Math.hypot(c.x - quad[i].x, c.y - quad[i].y) > reach * 2)) return quad;
  const [tl, tr, br, bl] = corners as Point[];
  return [tl, tr, br, bl];
}

/** How much a side of a quad separates two things, and how much either thing varies on its own. */
export interface SideContrast {
  /** Median colour difference (0-255) between just inside and just outside the side. */
  across: number;
  /** Median colour difference between two points on the same side of it, one twice as far from it as the other. */
  within: number;
  /**
   * How rough the colour just inside is along the side, and just outside: the 80th percentile of the difference between
   * neighbouring samples. A card's margin is smooth even where a shadow's soft edge crosses it; a pattern is not.
   */
  roughInside: number;
  roughOutside: number;
}

const colourDistance = (p: number[], q: number[]) => (Math.abs(p[0] - q[0]) + Math.abs(p[1] - q[1]) + Math.abs(p[2] - q[2])) / 3;
const medianOf = (values: number[]) => (values.length === 0 ? 0 : [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]);

/** How much colours change from one sample to the next along a line: the 80th percentile of the steps. */
function roughnessOf(colours: number[][]): number {
  if (colours.length < 2) return 0;
  const steps = colours
    .slice(1)
    .map((colour, i) => colourDistance(colour, colours[i]))
    .sort((x, y) => x - y);
  return steps[Math.floor(steps.length * 0.8)];
}

/**
 * How much the quad's outline separates two different things: for each side, the median colour difference between
 * just inside and just outside it, beside how much each of the two varies by itself. A card on a table differs from
 * the table along every side; a quad that some print on the card happened to form has the same card paper on both
 * sides of most of its outline, so its difference across is no larger than the paper's own variation.
 */
export function sideContrasts(image: RgbImage, quad: Quad): SideContrast[] {
  const { width, height } = quadSize(quad);
  const d = Math.max(3, 0.02 * Math.min(width, height));
  const cx = quad.reduce((s, p) => s + p.x, 0) / 4;
  const cy = quad.reduce((s, p) => s + p.y, 0) / 4;
  const inner = [0, 0, 0];
  const outer = [0, 0, 0];
  const deepInner = [0, 0, 0];
  const farOuter = [0, 0, 0];
  return quad.map((a, i) => {
    const b = quad[(i + 1) % 4];
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    let normal = { x: (b.y - a.y) / length, y: -(b.x - a.x) / length };
    const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    if ((mid.x - cx) * normal.x + (mid.y - cy) * normal.y < 0) normal = { x: -normal.x, y: -normal.y };
    const across: number[] = [];
    const within: number[] = [];
    const insides: number[][] = [];
    const outsides: number[][] = [];
    for (let s = 0; s < 24; s++) {
      const t = 0.12 + (0.76 * s) / 23;
      const at = { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
      if (!sample(image, at.x - normal.x * d, at.y - normal.y * d, inner) || !sample(image, at.x + normal.x * d, at.y + normal.y * d, outer)) continue;
      across.push(colourDistance(inner, outer));
      insides.push([...inner]);
      outsides.push([...outer]);
      if (sample(image, at.x - normal.x * 3 * d, at.y - normal.y * 3 * d, deepInner)) within.push(colourDistance(inner, deepInner));
      if (sample(image, at.x + normal.x * 3 * d, at.y + normal.y * 3 * d, farOuter)) within.push(colourDistance(outer, farOuter));
    }
    return { across: medianOf(across), within: medianOf(within), roughInside: roughnessOf(insides), roughOutside: roughnessOf(outsides) };
  });
}
