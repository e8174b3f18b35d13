import type { Point } from './landmark-geometry';

/** Side of the aligned face chip the recognition net reads. */
export const CHIP_SIZE = 150;

/** dlib's chip proportions, as face-api's `align({ useDlibAlignment: true })` uses them. */
const DLIB = { relX: 0.5, relY: 0.43, relScale: 0.45 } as const;

const centre = (points: readonly Point[]): Point => ({
  x: points.reduce((s, p) => s + p.x, 0) / points.length,
  y: points.reduce((s, p) => s + p.y, 0) / points.length,
});

function range(landmarks: readonly Point[], from: number, to: number): Point[] {
  const slice = landmarks.slice(from, to);
  if (slice.length !== to - from) throw new RangeError(`expected 68 landmarks, got ${landmarks.length}`);
  return slice;
}

/**
 * The projective transform (tf.image.transform's 8 numbers, output chip pixel -> input pixel) that cuts dlib's face
 * chip out of the image with the eyes level. face-api cuts the same square box without turning it, so a tilted
 * head reached the recognition net tilted, which it was not trained on: 8 degrees of roll cost ~0.1 similarity.
 */
export function chipTransform(landmarks: readonly Point[], size = CHIP_SIZE): [number, number, number, number, number, number, number, number] {
  const leftEye = centre(range(landmarks, 36, 42));
  const rightEye = centre(range(landmarks, 42, 48));
  const mouth = centre(range(landmarks, 48, 68));
  const angle = Math.atan2(rightEye.y - leftEye.y, rightEye.x - leftEye.x);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const eyeToMouth = (Math.hypot(mouth.x - leftEye.x, mouth.y - leftEye.y) + Math.hypot(mouth.x - rightEye.x, mouth.y - rightEye.y)) / 2;
  const side = eyeToMouth / DLIB.relScale;
  // The reference point in the frame turned by -angle, where the eyes are level.
  const ref = centre([leftEye, rightEye, mouth]);
  const upright = { x: ref.x * cos + ref.y * sin, y: -ref.x * sin + ref.y * cos };
  const x0 = upright.x - DLIB.relX * side;
  const y0 = upright.y - DLIB.relY * side;
  const s = side / size;
  // chip (u, v) -> upright (x0 + s u, y0 + s v) -> image, turned back by +angle.
  return [s * cos, -s * sin, x0 * cos - y0 * sin, s * sin, s * cos, x0 * sin + y0 * cos, 0, 0];
}
