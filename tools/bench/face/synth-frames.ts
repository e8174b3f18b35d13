import sharp from 'sharp';

/**
 * Synthetic liveness frames from one still photo, for tests of an active liveness check (turn, blink, open the
 * mouth). Each helper takes the photo and its 68 landmarks in that photo's pixels (`FaceAnalysis.landmarks` of the
 * neutral frame, analysed by the face engine) and returns a JPEG. Measured on the 15 calibration faces by
 * `npm run bench:face` (section "synthetic liveness frames"):
 * - turnHead: a 2.5D warp. Pixels get a depth (an ellipsoid over the face plus a bump for the nose) and are turned
 *   about the vertical axis, so the nose tip moves across the face further than the eye corners, as on a real
 *   head. +-30 degrees move the measured yaw by a median 24-27 degrees (beyond +-15 on 10-11 of 15 faces). A flat
 *   horizontal squeeze to 2/3 moved it by under 6 degrees, a 35-degree perspective keystone by 7-14.
 * - closeEyes: each eye, lashes and liner included, painted over with the skin under it. face-api's landmark net
 *   keeps a strong prior for open eyes: the eye aspect ratio falls by a median 11% only (x0.68-0.97; under 0.85
 *   of the open frame on 5 of 15 faces). Drawing a lash line, stretching the upper lid down over the eye, painting
 *   only the eye opening, a second landmark pass on a tighter crop and the tiny landmark net all did no better.
 * - openMouth: the lower lip and chin pulled down by 0.45 of the mouth's width, the gap filled with a dark cavity:
 *   the mouth ratio rises by a median 0.24 (by 0.15 or more on 10 of 15 faces; pursed lips, faces 0 and 20, barely move).
 * Face 21 (sample6.jpg, frontal, mouth closed) answers all three best among the faces that also make a valid
 * neutral frame: yaw -5 -> -28 / +18, mouth 0.07 -> 0.39, eye ratio x0.78.
 */

export interface Point {
  x: number;
  y: number;
}

interface Raw {
  data: Buffer;
  width: number;
  height: number;
}

const JPEG_QUALITY = 92;

async function toRaw(photo: Buffer): Promise<Raw> {
  const { data, info } = await sharp(photo).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const toJpeg = (raw: Raw) => sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 3 } }).jpeg({ quality: JPEG_QUALITY }).toBuffer();

function at(landmarks: readonly Point[], index: number): Point {
  const point = landmarks[index];
  if (!point) throw new RangeError(`expected 68 landmarks, got ${landmarks.length}`);
  return point;
}

const mean = (points: readonly Point[]): Point => ({ x: points.reduce((s, p) => s + p.x, 0) / points.length, y: points.reduce((s, p) => s + p.y, 0) / points.length });
const pick = (landmarks: readonly Point[], from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => at(landmarks, from + i));
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
const smoothstep = (edge0: number, edge1: number, x: number) => {
  const t = clamp((x - edge0) / (edge1 - edge0), 0, 1);
  return t * t * (3 - 2 * t);
};

/** Bilinear sample of channel c at a real-valued position (clamped to the image). */
function sample(raw: Raw, x: number, y: number, c: number): number {
  const fx = clamp(x, 0, raw.width - 1);
  const fy = clamp(y, 0, raw.height - 1);
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(raw.width - 1, x0 + 1);
  const y1 = Math.min(raw.height - 1, y0 + 1);
  const tx = fx - x0;
  const ty = fy - y0;
  const v = (xx: number, yy: number) => raw.data[(yy * raw.width + xx) * 3 + c] ?? 0;
  return (v(x0, y0) * (1 - tx) + v(x1, y0) * tx) * (1 - ty) + (v(x0, y1) * (1 - tx) + v(x1, y1) * tx) * ty;
}

/** Per-channel median of a square patch: skin without the odd freckle or highlight. */
function medianColour(raw: Raw, centre: Point, half: number): [number, number, number] {
  const channels: number[][] = [[], [], []];
  for (let y = Math.round(centre.y - half); y <= Math.round(centre.y + half); y++) {
    for (let x = Math.round(centre.x - half); x <= Math.round(centre.x + half); x++) {
      if (x < 0 || y < 0 || x >= raw.width || y >= raw.height) continue;
      for (let c = 0; c < 3; c++) channels[c]?.push(raw.data[(y * raw.width + x) * 3 + c] ?? 0);
    }
  }
  return channels.map((values) => {
    values.sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)] ?? 128;
  }) as [number, number, number];
}

/**
 * The head turned by `degrees` about the vertical axis: positive turns the nose towards the image right (the
 * engine's yaw positive, the subject turning to their left), negative towards the image left. Sensible up to ~35.
 */
export async function turnHead(photo: Buffer, landmarks: readonly Point[], degrees: number): Promise<Buffer> {
  const src = await toRaw(photo);
  const jawLeft = at(landmarks, 0);
  const jawRight = at(landmarks, 16);
  const brows = mean(pick(landmarks, 17, 26));
  const chin = at(landmarks, 8);
  const nose = at(landmarks, 30);
  const bridge = at(landmarks, 27);
  const halfWidth = Math.max(1, (jawRight.x - jawLeft.x) / 2);
  const centre = { x: (jawLeft.x + jawRight.x) / 2, y: (brows.y + chin.y) / 2 };
  const halfHeight = Math.max(1, ((chin.y - brows.y) / 2) * 1.35);
  const noseLength = Math.max(1, nose.y - bridge.y);
  // Depths in units of the face's half width: a head ~0.7 deep, the nose standing ~0.4 proud of the cheeks. Gentle
  // slopes keep the warp one-to-one (no folds) up to ~35 degrees.
  const depth = (x: number, y: number) => {
    const u = (x - centre.x) / (halfWidth * 1.2);
    const v = (y - centre.y) / halfHeight;
    const r2 = Math.min(1, u * u + v * v);
    const head = (1 - r2) * (1 - r2) * 0.7 * halfWidth;
    const nu = (x - nose.x) / (halfWidth * 0.3);
    const nv = (y - (nose.y - noseLength * 0.3)) / (noseLength * 0.8);
    return head + 0.4 * halfWidth * Math.exp(-(nu * nu + nv * nv) / 2);
  };
  const theta = (degrees * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const out = Buffer.alloc(src.data.length);
  for (let y = 0; y < src.height; y++) {
    for (let x = 0; x < src.width; x++) {
      // Output x' = cx + (x - cx) cos + z(x) sin; solved for the source x by fixed-point iteration.
      let sx = centre.x + (x - centre.x) / cos;
      for (let i = 0; i < 16; i++) sx = centre.x + (x - centre.x - depth(sx, y) * sin) / cos;
      const o = (y * src.width + x) * 3;
      for (let c = 0; c < 3; c++) out[o + c] = Math.round(sample(src, sx, y, c));
    }
  }
  return toJpeg({ ...src, data: out });
}

/** Both eyes shut: each eye, lashes and liner included, painted over with the skin under it, feathered at the edge. */
export async function closeEyes(photo: Buffer, landmarks: readonly Point[]): Promise<Buffer> {
  const raw = await toRaw(photo);
  const out = Buffer.from(raw.data);
  for (const first of [36, 42]) {
    const eye = pick(landmarks, first, first + 5);
    const [outer, , , inner] = eye as [Point, Point, Point, Point];
    const centre = mean(eye);
    const width = Math.hypot(inner.x - outer.x, inner.y - outer.y);
    const angle = Math.atan2(inner.y - outer.y, inner.x - outer.x);
    const skin = medianColour(raw, { x: centre.x, y: centre.y + width * 0.75 }, width * 0.15);
    const rx = width * 0.95;
    const ry = width * 0.6;
    const reach = Math.ceil(rx) + 2;
    for (let y = Math.floor(centre.y - reach); y <= centre.y + reach; y++) {
      for (let x = Math.floor(centre.x - reach); x <= centre.x + reach; x++) {
        if (x < 0 || y < 0 || x >= raw.width || y >= raw.height) continue;
        // Along (u) and across (v) the eye's axis.
        const u = (x - centre.x) * Math.cos(angle) + (y - centre.y) * Math.sin(angle);
        const v = -(x - centre.x) * Math.sin(angle) + (y - centre.y) * Math.cos(angle);
        const cover = 1 - smoothstep(0.7, 1, Math.hypot(u / rx, v / ry));
        if (cover <= 0) continue;
        const o = (y * raw.width + x) * 3;
        for (let c = 0; c < 3; c++) out[o + c] = Math.round((raw.data[o + c] ?? 0) * (1 - cover) + (skin[c] ?? 0) * cover);
      }
    }
  }
  return toJpeg({ ...raw, data: out });
}

/** The mouth opened by `opening` of the mouth's width (default 0.45): lower lip and chin pulled down over a dark cavity. */
export async function openMouth(photo: Buffer, landmarks: readonly Point[], opening = 0.45): Promise<Buffer> {
  const src = await toRaw(photo);
  const out = Buffer.from(src.data);
  const left = at(landmarks, 48);
  const right = at(landmarks, 54);
  const chin = at(landmarks, 8);
  const width = Math.hypot(right.x - left.x, right.y - left.y);
  const mid = (left.x + right.x) / 2;
  // The inner lip line (where the lips meet), piecewise linear through 60, 61/67, 62/66, 63/65, 64.
  const seam = [at(landmarks, 60), mean([at(landmarks, 61), at(landmarks, 67)]), mean([at(landmarks, 62), at(landmarks, 66)]), mean([at(landmarks, 63), at(landmarks, 65)]), at(landmarks, 64)];
  const seamY = (x: number) => {
    const first = seam[0] as Point;
    const last = seam[seam.length - 1] as Point;
    if (x <= first.x) return first.y;
    if (x >= last.x) return last.y;
    for (let i = 1; i < seam.length; i++) {
      const a = seam[i - 1] as Point;
      const b = seam[i] as Point;
      if (x <= b.x) return a.y + ((b.y - a.y) * (x - a.x)) / Math.max(1e-6, b.x - a.x);
    }
    return last.y;
  };
  const gapAt = (x: number) => opening * width * (1 - smoothstep(width * 0.3, width * 0.62, Math.abs(x - mid)));
  const cavity: [number, number, number] = [70, 22, 28];
  const end = chin.y + width * 0.6;
  for (let x = 0; x < src.width; x++) {
    const gap = gapAt(x);
    if (gap < 0.5) continue;
    const top = seamY(x);
    for (let y = Math.floor(top); y < Math.min(src.height, Math.ceil(end)); y++) {
      const o = (y * src.width + x) * 3;
      if (y < top + gap) {
        // Darker towards the middle of the opening, like the back of a mouth.
        const depth = 1 - 0.5 * Math.sin((Math.PI * (y - top)) / gap);
        for (let c = 0; c < 3; c++) out[o + c] = Math.round((cavity[c] ?? 0) * depth);
      } else {
        // Below the opening the lower face is shifted down by the gap, fading to no shift past the chin.
        const fade = 1 - smoothstep(top + gap, end, y);
        const sy = y - gap * fade;
        for (let c = 0; c < 3; c++) out[o + c] = Math.round(sample(src, x, sy, c));
      }
    }
  }
  return toJpeg({ ...src, data: out });
}

export interface LivenessFrames {
  /** yaw negative: the subject turned to their right (the nose to the image left). */
  turnedRight: Buffer;
  /** yaw positive: the subject turned to their left. */
  turnedLeft: Buffer;
  eyesClosed: Buffer;
  mouthOpen: Buffer;
}

/** The four gesture frames of one neutral photo, turns of +-`degrees` (default 30). */
export async function livenessFrames(photo: Buffer, landmarks: readonly Point[], degrees = 30): Promise<LivenessFrames> {
  const [turnedRight, turnedLeft, eyesClosed, mouthOpen] = await Promise.all([turnHead(photo, landmarks, -degrees), turnHead(photo, landmarks, degrees), closeEyes(photo, landmarks), openMouth(photo, landmarks)]);
  return { turnedRight, turnedLeft, eyesClosed, mouthOpen };
}
