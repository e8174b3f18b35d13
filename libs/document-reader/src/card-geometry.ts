export interface Point {
  x: number;
  y: number;
}

/** Corners of a quadrilateral: top-left, top-right, bottom-right, bottom-left. */
export type Quad = [Point, Point, Point, Point];

const distance = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);

/** Shoelace formula; positive for any vertex order. */
export function polygonArea(points: readonly Point[]): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i];
    const b = points[(i + 1) % points.length];
    twice += a.x * b.y - b.x * a.y;
  }
  return Math.abs(twice) / 2;
}

export function isConvex(points: readonly Point[]): boolean {
  let sign = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i];
    const b = points[(i + 1) % points.length];
    const c = points[(i + 2) % points.length];
    const cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
    if (cross === 0) continue;
    if (sign !== 0 && Math.sign(cross) !== sign) return false;
    sign = Math.sign(cross);
  }
  return sign !== 0;
}

/**
 * Orders four corners clockwise (y grows downwards) starting at the top-left one. Sorting by angle around the
 * centroid instead of by x+y keeps the order right for cards rotated by 45 degrees, where sums tie.
 */
export function orderCorners(points: readonly Point[]): Quad {
  if (points.length !== 4) throw new Error(`a quadrilateral has 4 corners, not ${points.length}`);
  const cx = points.reduce((sum, p) => sum + p.x, 0) / 4;
  const cy = points.reduce((sum, p) => sum + p.y, 0) / 4;
  const clockwise = [...points].sort((a, b) => Math.atan2(a.y - cy, a.x - cx) - Math.atan2(b.y - cy, b.x - cx));
  let start = 0;
  for (let i = 1; i < 4; i++) {
    if (clockwise[i].x + clockwise[i].y < clockwise[start].x + clockwise[start].y) start = i;
  }
  const ordered = [0, 1, 2, 3].map((i) => clockwise[(start + i) % 4]);
  return [ordered[0], ordered[1], ordered[2], ordered[3]];
}

/** Mean lengths of the top/bottom and left/right edges. */
export function quadSize(quad: Quad): { width: number; height: number } {
  const [tl, tr, br, bl] = quad;
  return { width: (distance(tl, tr) + distance(bl, br)) / 2, height: (distance(tl, bl) + distance(tr, br)) / 2 };
}

/**
 * Makes the long edge the top edge: a card photographed in portrait comes out landscape, upright or upside down
 * (the reader settles which by OCR).
 */
export function landscapeCorners(quad: Quad): Quad {
  const { width, height } = quadSize(quad);
  if (width >= height) return quad;
  const [tl, tr, br, bl] = quad;
  // Turning the card a quarter clockwise: what was the bottom-left corner becomes the top-left one.
  return [bl, tl, tr, br];
}

/** The same quad seen after rotating the destination by 180 degrees. */
export function rotateCorners180(quad: Quad): Quad {
  const [tl, tr, br, bl] = quad;
  return [br, bl, tl, tr];
}

export function scaleQuad(quad: Quad, factor: number): Quad {
  const [a, b, c, d] = quad.map((p) => ({ x: p.x * factor, y: p.y * factor }));
  return [a, b, c, d];
}

/** Long over short side: an ID-1 card is 85.6/53.98 = 1.586, a passport page 125/88 = 1.42. */
export function aspectRatio(quad: Quad): number {
  const { width, height } = quadSize(quad);
  return Math.max(width, height) / Math.max(1, Math.min(width, height));
}

interface Line {
  /** A point on the line and its unit direction. */
  point: Point;
  dir: Point;
}

/** Total least squares: the line through the centroid along the points' principal direction. */
export function fitLine(points: readonly Point[]): Line | null {
  if (points.length < 2) return null;
  const cx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const cy = points.reduce((s, p) => s + p.y, 0) / points.length;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const p of points) {
    sxx += (p.x - cx) ** 2;
    sxy += (p.x - cx) * (p.y - cy);
    syy += (p.y - cy) ** 2;
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  return { point: { x: cx, y: cy }, dir: { x: Math.cos(angle), y: Math.sin(angle) } };
}

export function intersect(a: Line, b: Line): Point | null {
  const det = a.dir.x * b.dir.y - a.dir.y * b.dir.x;
  if (Math.abs(det) < 1e-9) return null;
  const t = ((b.point.x - a.point.x) * b.dir.y - (b.point.y - a.point.y) * b.dir.x) / det;
  return { x: a.point.x + t * a.dir.x, y: a.point.y + t * a.dir.y };
}

/**
 * Sharper corners for a quad approximated from an outline: a line is fitted to the outline points along the middle
 * of each edge, and neighbouring lines intersected. Rounded card corners otherwise pull the approximated corners
 * inwards, which zooms the warped card by a few percent.
 */
export function refineQuad(quad: Quad, outline: readonly Point[], tolerance: number): Quad {
  const lines: Line[] = [];
  for (let i = 0; i < 4; i++) {
    const a = quad[i];
    const b = quad[(i + 1) % 4];
    const length = distance(a, b);
    if (length === 0) return quad;
    const dir = { x: (b.x - a.x) / length, y: (b.y - a.y) / length };
    const near = outline.filter((p) => {
      const along = (p.x - a.x) * dir.x + (p.y - a.y) * dir.y;
      const across = Math.abs((p.x - a.x) * dir.y - (p.y - a.y) * dir.x);
      return along > 0.15 * length && along < 0.85 * length && across <= tolerance;
    });
    const line = near.length >= 10 ? fitLine(near) : null;
    lines.push(line ?? { point: a, dir });
  }
  const corners = [0, 1, 2, 3].map((i) => intersect(lines[(i + 3) % 4], lines[i]));
  if (corners.some((c) => c === null)) return quad;
  const refined = corners as Point[];
  // A fit pulled away by clutter would move a corner far: keep the approximation then.
  const size = Math.max(quadSize(quad).width, quadSize(quad).height);
  if (refined.some((c, i) => distance(c, quad[i]) > 0.08 * size)) return quad;
  return [refined[0], refined[1], refined[2], refined[3]];
}
