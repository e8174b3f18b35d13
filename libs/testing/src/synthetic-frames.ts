import path from 'node:path';
import sharp from 'sharp';

/**
 * Test support: active-liveness frames made from one still photo, for tests that run the real face engine (the
 * biometric integration tests, the e2e) and for `npm run bench:face`, which measures them on its 15 calibration faces
 * ("synthetic liveness frames") and judges them by the biometric service's liveness rules. Each helper takes the photo
 * and its 68 landmarks in that photo's pixels (`FaceAnalysis.landmarks` of the neutral frame) and returns a JPEG.
 * Measured with the face engine on TEST_FACE (neutral: yaw -4.7, eye aspect ratio 0.32, mouth ratio 0.07) and on
 * the calibration faces:
 * - turnHead: a 2.5D warp. Pixels get a depth (an ellipsoid over the face plus a bump for the nose) and are turned
 *   about the vertical axis, so the nose tip moves across the face further than the eye corners, as on a real head.
 *   +-30 degrees move the yaw by a median 24-27 (same-face similarity 0.50-0.73); TEST_FACE: +18.2 / -28.1, similarity
 *   0.65 both ways (at 35 degrees it falls to 0.50). Squeezing one side of the face moved TEST_FACE to +6.6 / -16.3.
 * - closeEyes: squeezed shut. face-api's landmark net keeps a strong prior for open eyes: the eye aspect ratio falls to
 *   x0.59-0.92 of the open one (median x0.83; x0.66 on TEST_FACE, similarity 0.60). Painting each eye over with the
 *   skin under it gave x0.68-1.03, stretching the skin above the eye down over it x0.44-1.02 (medians x0.89-0.90); a
 *   smooth skin patch with a lash line, or squashing the opening alone, no better. The liveness rule is calibrated
 *   accordingly (libs/face-engine/src/liveness-check.ts).
 * - openMouth: everything below the lips' meeting line drops by 0.3 of the mouth's width over a dark cavity: the
 *   mouth ratio rises by 0.15 or more on 19 of the 21 demo faces it was tried on (TEST_FACE 0.07 -> 0.32, similarity
 *   0.74); pulling only the lower lip and chin down did so on 13.
 * - recaptureStill: the same still photo held up to the camera again (turned a little, moved, rescaled, relit,
 *   re-encoded), the frames of a photo attack: yaw within ~5 degrees, eye ratio x0.92-1.11, mouth within 0.11.
 */

/** The active-liveness challenges a synthetic frame can perform. */
export type LivenessGesture = 'turn_left' | 'turn_right' | 'blink' | 'open_mouth';

export interface Point {
  x: number;
  y: number;
}

/** The most frontal face in face-api's demo photos, mouth closed (the NID sandbox's face 21). */
export const TEST_FACE = { image: 'sample6.jpg', box: { left: 1402, top: 144, width: 382, height: 533 } } as const;

/** A demo face cropped as the NID sandbox crops it (300 x 360, JPEG 85), so the benchmark's numbers apply. */
export async function loadTestFace(face: { image: string; box: { left: number; top: number; width: number; height: number } } = TEST_FACE): Promise<Buffer> {
  const demoDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
  return sharp(path.join(demoDir, face.image)).extract(face.box).resize(300, 360, { fit: 'cover', position: 'centre' }).jpeg({ quality: 85 }).toBuffer();
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

const toJpeg = (raw: Raw) =>
  sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 3 } })
    .jpeg({ quality: JPEG_QUALITY })
    .toBuffer();

function at(landmarks: readonly Point[], index: number): Point {
  const point = landmarks[index];
  if (!point) throw new RangeError(`expected 68 landmarks, got ${landmarks.length}`);
  return point;
}

const mean = (points: readonly Point[]): Point => ({
  x: points.reduce((s, p) => s + p.x, 0) / points.length,
  y: points.reduce((s, p) => s + p.y, 0) / points.length,
});
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

/**
 * The head turned about the vertical axis by `degrees` (default 30) towards the subject's own `toward` side: 'left'
 * moves the nose to the image right (the engine's yaw positive), 'right' to the image left. Sensible up to ~35.
 */
export async function turnHead(photo: Buffer, landmarks: readonly Point[], toward: 'left' | 'right', degrees = 30): Promise<Buffer> {
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
  const theta = ((toward === 'left' ? degrees : -degrees) * Math.PI) / 180;
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

/** One eye in its own frame: u along the line through its corners, v across it (down in an upright face), pixels. */
interface EyeFrame {
  centre: Point;
  width: number;
  cos: number;
  sin: number;
  /** v of the highest upper-lid point and of the lowest lower-lid point. */
  top: number;
  bottom: number;
}

function eyeFrames(landmarks: readonly Point[]): EyeFrame[] {
  return [36, 42].map((first) => {
    const eye = pick(landmarks, first, first + 5);
    const [p1, p2, p3, p4, p5, p6] = eye as [Point, Point, Point, Point, Point, Point];
    const centre = mean(eye);
    const angle = Math.atan2(p4.y - p1.y, p4.x - p1.x);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const v = (p: Point) => -(p.x - centre.x) * sin + (p.y - centre.y) * cos;
    return { centre, width: Math.hypot(p4.x - p1.x, p4.y - p1.y), cos, sin, top: Math.min(v(p2), v(p3)), bottom: Math.max(v(p5), v(p6)) };
  });
}

/** Calls `visit(x, y, u, v)` for every pixel within `reach` of the eye's centre, u and v in the eye's frame. */
function aroundEye(raw: Raw, eye: EyeFrame, reach: number, visit: (x: number, y: number, u: number, v: number) => void) {
  for (let y = Math.max(0, Math.floor(eye.centre.y - reach)); y <= Math.min(raw.height - 1, Math.ceil(eye.centre.y + reach)); y++) {
    for (let x = Math.max(0, Math.floor(eye.centre.x - reach)); x <= Math.min(raw.width - 1, Math.ceil(eye.centre.x + reach)); x++) {
      const dx = x - eye.centre.x;
      const dy = y - eye.centre.y;
      visit(x, y, dx * eye.cos + dy * eye.sin, -dx * eye.sin + dy * eye.cos);
    }
  }
}

const fromEyeFrame = (eye: EyeFrame, u: number, v: number): Point => ({
  x: eye.centre.x + u * eye.cos - v * eye.sin,
  y: eye.centre.y + u * eye.sin + v * eye.cos,
});

/**
 * Both eyes squeezed shut: brows and upper lids pulled down onto the lower lids by `lower` (default 0.45) eye widths,
 * fading out over the forehead and the cheek, then what is left of the opening squashed to `opening` (default 20%)
 * of its height, the lids closing on a lash line.
 */
export async function closeEyes(photo: Buffer, landmarks: readonly Point[], { lower = 0.45, opening = 0.2 } = {}): Promise<Buffer> {
  const src = await toRaw(photo);
  const eyes = eyeFrames(landmarks);
  const lowered = Buffer.from(src.data);
  for (const eye of eyes) {
    const w = eye.width;
    aroundEye(src, eye, w * 1.6, (x, y, u, v) => {
      const along = v < 0 ? 1 - smoothstep(0.3 * w, 1.5 * w, -v) : 1 - smoothstep(0, 0.5 * w, v);
      const shift = lower * w * along * (1 - smoothstep(0.7 * w, 1.2 * w, Math.abs(u)));
      if (shift <= 0.01) return;
      const from = fromEyeFrame(eye, u, v - shift);
      for (let c = 0; c < 3; c++) lowered[(y * src.width + x) * 3 + c] = Math.round(sample(src, from.x, from.y, c));
    });
  }
  const pulled: Raw = { ...src, data: lowered };
  const out = Buffer.from(lowered);
  for (const eye of eyes) {
    const w = eye.width;
    const middle = (eye.top + eye.bottom) / 2;
    const half = Math.max(1, (eye.bottom - eye.top) / 2) * 1.25;
    const outer = 1.1 * w;
    aroundEye(pulled, eye, w * 1.2 + 3, (x, y, u, v) => {
      // Within `half` of the middle the opening shrinks to `k` of its height; the rest of the band, out to `outer`,
      // stretches to fill the gap. k rises back to 1 towards the eye's corners, so the map stays continuous.
      const k = 1 - (1 - opening) * (1 - smoothstep(0.45 * w, 0.85 * w, Math.abs(u)));
      const d = Math.abs(v - middle);
      let source = d;
      if (d < k * half) source = d / k;
      else if (d < outer) source = half + ((d - k * half) * (outer - half)) / (outer - k * half);
      const from = fromEyeFrame(eye, u, middle + Math.sign(v - middle) * source);
      for (let c = 0; c < 3; c++) out[(y * src.width + x) * 3 + c] = Math.round(sample(pulled, from.x, from.y, c));
    });
  }
  return toJpeg({ ...src, data: out });
}

const jpeg = (image: sharp.Sharp) => image.jpeg({ quality: 90 }).toBuffer();

/** Opens the mouth: everything below the lips' meeting line drops, and the gap is the dark inside of a mouth. */
export async function openMouth(photo: Buffer, landmarks: readonly Point[]): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(photo).metadata();
  const line = Math.round([61, 62, 63, 65, 66, 67].reduce((sum, i) => sum + at(landmarks, i).y, 0) / 6);
  const mouthWidth = Math.hypot(at(landmarks, 54).x - at(landmarks, 48).x, at(landmarks, 54).y - at(landmarks, 48).y);
  const gap = Math.round(mouthWidth * 0.3);
  const centre = (at(landmarks, 48).x + at(landmarks, 54).x) / 2;
  const upper = await sharp(photo).extract({ left: 0, top: 0, width, height: line }).toBuffer();
  const seam = await sharp(photo).extract({ left: 0, top: line, width, height: 1 }).resize(width, gap, { fit: 'fill' }).toBuffer();
  const lower = await sharp(photo)
    .extract({ left: 0, top: line, width, height: height - line - gap })
    .toBuffer();
  const inside = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><filter id="b"><feGaussianBlur stdDeviation="1"/></filter></defs>` +
      `<ellipse cx="${centre}" cy="${line + gap / 2}" rx="${mouthWidth * 0.42}" ry="${gap / 2 + 1}" fill="rgb(55,18,22)" filter="url(#b)"/></svg>`,
  );
  return jpeg(
    sharp({ create: { width, height, channels: 3, background: '#000' } }).composite([
      { input: upper, left: 0, top: 0 },
      { input: seam, left: 0, top: line },
      { input: lower, left: 0, top: line + gap },
      { input: inside, left: 0, top: 0 },
    ]),
  );
}

/** A small seeded generator (mulberry32): the same seed, the same frames. */
function seeded(seed: number): (low: number, high: number) => number {
  let state = seed >>> 0;
  return (low, high) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return low + (((t ^ (t >>> 14)) >>> 0) / 4294967296) * (high - low);
  };
}

/**
 * The still photo held up to the camera again, frame `seed`: turned by up to 4 degrees in the image plane, moved by
 * up to 15 px, rescaled by 0.8-1.2, relit by 0.85-1.15 and saved at JPEG 60-90; the frame keeps the photo's size.
 */
export async function recaptureStill(photo: Buffer, seed: number): Promise<Buffer> {
  const draw = seeded(seed * 7919 + 17);
  const [degrees, scale, light, quality, dx, dy] = [
    draw(-4, 4),
    draw(0.8, 1.2),
    draw(0.85, 1.15),
    Math.round(draw(60, 90)),
    Math.round(draw(-15, 15)),
    Math.round(draw(-15, 15)),
  ];
  const { width = 0, height = 0 } = await sharp(photo).metadata();
  const { dominant } = await sharp(photo).stats();
  const moved = await sharp(photo)
    .rotate(degrees, { background: dominant })
    .resize({ width: Math.round(width * scale) })
    .toBuffer({ resolveWithObject: true });
  const pad = Math.max(width, height);
  const canvas = await sharp({ create: { width: width + 2 * pad, height: height + 2 * pad, channels: 3, background: dominant } })
    .composite([
      { input: moved.data, left: Math.round(pad + (width - moved.info.width) / 2) + dx, top: Math.round(pad + (height - moved.info.height) / 2) + dy },
    ])
    .raw()
    .toBuffer({ resolveWithObject: true });
  // Composited raw output carries an alpha channel.
  return sharp(canvas.data, { raw: { width: canvas.info.width, height: canvas.info.height, channels: canvas.info.channels } })
    .removeAlpha()
    .extract({ left: pad, top: pad, width, height })
    .linear(light, 0)
    .jpeg({ quality })
    .toBuffer();
}

export interface SyntheticFrame {
  image: Buffer;
  capturedAtMs: number;
}

/** A neutral frame, then each challenge performed and released back to neutral, `stepMs` apart. */
export async function performChallenges(
  photo: Buffer,
  landmarks: readonly Point[],
  challenges: readonly LivenessGesture[],
  stepMs = 250,
): Promise<SyntheticFrame[]> {
  const gesture: Record<LivenessGesture, () => Promise<Buffer>> = {
    turn_left: () => turnHead(photo, landmarks, 'left'),
    turn_right: () => turnHead(photo, landmarks, 'right'),
    blink: () => closeEyes(photo, landmarks),
    open_mouth: () => openMouth(photo, landmarks),
  };
  const images = [photo];
  for (const challenge of challenges) images.push(await gesture[challenge](), photo);
  return images.map((image, i) => ({ image, capturedAtMs: 100 + i * stepMs }));
}
