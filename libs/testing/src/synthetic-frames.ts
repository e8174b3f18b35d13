import path from 'node:path';
import sharp from 'sharp';

/**
 * Test support: liveness frames made from one still photo, for tests that run the real face engine. Measured
 * with it on TEST_FACE: a turn gives 19-20 degrees of yaw (same-face similarity ~0.8), closed eyes ~63% of the
 * open eye aspect ratio (~0.65), an open mouth a ratio of ~0.3 against ~0.04 closed.
 */

/** The active-liveness challenges a synthetic frame can perform. */
export type LivenessGesture = 'turn_left' | 'turn_right' | 'blink' | 'open_mouth';

export interface Point {
  x: number;
  y: number;
}

/** A frontal face in face-api's demo photos (the NID sandbox's face 20), cropped as the sandbox crops it. */
export const TEST_FACE = { image: 'sample6.jpg', box: { left: 1105, top: 193, width: 339, height: 503 } } as const;

export async function loadTestFace(face: { image: string; box: { left: number; top: number; width: number; height: number } } = TEST_FACE): Promise<Buffer> {
  const demoDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
  return sharp(path.join(demoDir, face.image)).extract(face.box).resize(300, 360, { fit: 'cover' }).jpeg({ quality: 90 }).toBuffer();
}

const jpeg = (image: sharp.Sharp) => image.jpeg({ quality: 90 }).toBuffer();

/**
 * Turns the head by squeezing the image on one side of the nose and stretching it on the other, which moves
 * the nose tip off the middle of the eyes as a turn does. `toward` is the subject's own side.
 */
export async function turnHead(photo: Buffer, landmarks: readonly Point[], toward: 'left' | 'right'): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(photo).metadata();
  const nose = Math.round((landmarks[30] as Point).x);
  // The subject's left is the image's right: the nose moves right when the left part is stretched.
  const shift = Math.round(width * (toward === 'left' ? 0.12 : -0.15));
  const split = nose + shift;
  const left = await sharp(photo).extract({ left: 0, top: 0, width: nose, height }).resize(split, height, { fit: 'fill' }).toBuffer();
  const right = await sharp(photo).extract({ left: nose, top: 0, width: width - nose, height }).resize(width - split, height, { fit: 'fill' }).toBuffer();
  return jpeg(sharp({ create: { width, height, channels: 3, background: '#808080' } }).composite([{ input: left, left: 0, top: 0 }, { input: right, left: split, top: 0 }]));
}

/** Closes both eyes: the skin above each eye is stretched down over it to the lower lid. */
export async function closeEyes(photo: Buffer, landmarks: readonly Point[]): Promise<Buffer> {
  const layers: sharp.OverlayOptions[] = [];
  for (const first of [36, 42]) {
    const eye = landmarks.slice(first, first + 6) as Point[];
    const [outer, top1, top2, inner, bottom1, bottom2] = eye as [Point, Point, Point, Point, Point, Point];
    const width = Math.hypot(inner.x - outer.x, inner.y - outer.y);
    const x0 = Math.round(Math.min(outer.x, inner.x) - width * 0.15);
    const x1 = Math.round(Math.max(outer.x, inner.x) + width * 0.15);
    const lidTop = Math.min(top1.y, top2.y);
    const y0 = Math.round(lidTop - width * 1.2);
    const from = Math.round(lidTop - y0);
    const to = Math.round(Math.max(bottom1.y, bottom2.y) + width * 0.1 - y0);
    layers.push({ input: await sharp(photo).extract({ left: x0, top: y0, width: x1 - x0, height: from }).resize(x1 - x0, to, { fit: 'fill' }).toBuffer(), left: x0, top: y0 });
  }
  return jpeg(sharp(photo).composite(layers));
}

/** Opens the mouth: everything below the lips' meeting line drops, and the gap is the dark inside of a mouth. */
export async function openMouth(photo: Buffer, landmarks: readonly Point[]): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(photo).metadata();
  const at = (i: number) => landmarks[i] as Point;
  const line = Math.round([61, 62, 63, 65, 66, 67].reduce((sum, i) => sum + at(i).y, 0) / 6);
  const mouthWidth = Math.hypot(at(54).x - at(48).x, at(54).y - at(48).y);
  const gap = Math.round(mouthWidth * 0.3);
  const centre = (at(48).x + at(54).x) / 2;
  const upper = await sharp(photo).extract({ left: 0, top: 0, width, height: line }).toBuffer();
  const seam = await sharp(photo).extract({ left: 0, top: line, width, height: 1 }).resize(width, gap, { fit: 'fill' }).toBuffer();
  const lower = await sharp(photo).extract({ left: 0, top: line, width, height: height - line - gap }).toBuffer();
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

export interface SyntheticFrame {
  image: Buffer;
  capturedAtMs: number;
}

/** A neutral frame, then each challenge performed and released back to neutral, `stepMs` apart. */
export async function performChallenges(photo: Buffer, landmarks: readonly Point[], challenges: readonly LivenessGesture[], stepMs = 250): Promise<SyntheticFrame[]> {
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
