import type { FacePose } from './types';

export interface Point {
  x: number;
  y: number;
}

/**
 * Geometry on the 68-point (iBUG 300-W) landmarks, image coordinates (y down). Indices: jaw 0-16, nose tip 30,
 * image-left eye 36-41 (36 outer corner), image-right eye 42-47 (45 outer corner), mouth corners 48/54,
 * inner lips 60-67 (60/64 inner corners, 61-63 upper, 67-65 lower).
 */
export const LANDMARK_COUNT = 68;

/**
 * A generic head in millimetres, nose tip at the origin: outer eye corners 45 to either side, 34 above and 40
 * behind it (biocular width ~90 mm; the nose tip stands ~40 mm proud of the outer canthi), mouth corners 30
 * below and 25 behind. The often-used solvePnP model puts the eye corners only 27 mm behind the nose, which read
 * the demo faces' visible turns as 30-45 degrees. Without photos of known pose this is an estimate: expect
 * +-5-10 degrees on a real head, the landmark net itself underestimating strong turns.
 */
const MODEL = { eyeHalfWidth: 45, eyeDepth: 40, eyeHeight: 34, mouthHeight: 30, mouthDepth: 25 } as const;

const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);
const mean = (points: readonly Point[]): Point => ({
  x: points.reduce((s, p) => s + p.x, 0) / points.length,
  y: points.reduce((s, p) => s + p.y, 0) / points.length,
});
const degrees = (radians: number) => (radians * 180) / Math.PI;

function at(landmarks: readonly Point[], index: number): Point {
  const point = landmarks[index];
  if (!point) throw new RangeError(`expected ${LANDMARK_COUNT} landmarks, got ${landmarks.length}`);
  return point;
}

/** Soukupová and Čech's eye aspect ratio of one eye given its six points p1..p6 (corners p1 and p4). */
function oneEyeAspectRatio(landmarks: readonly Point[], first: number): number {
  const [p1, p2, p3, p4, p5, p6] = [0, 1, 2, 3, 4, 5].map((i) => at(landmarks, first + i)) as [Point, Point, Point, Point, Point, Point];
  const width = distance(p1, p4);
  return width === 0 ? 0 : (distance(p2, p6) + distance(p3, p5)) / (2 * width);
}

/** Mean of both eyes: about 0.25-0.35 open, under ~0.15 closed. */
export function eyeAspectRatio(landmarks: readonly Point[]): number {
  return (oneEyeAspectRatio(landmarks, 36) + oneEyeAspectRatio(landmarks, 42)) / 2;
}

/** Mean vertical gap of the inner lips (61-67, 62-66, 63-65) over the inner mouth width (60-64): ~0 closed. */
export function mouthOpenRatio(landmarks: readonly Point[]): number {
  const gap =
    (distance(at(landmarks, 61), at(landmarks, 67)) + distance(at(landmarks, 62), at(landmarks, 66)) + distance(at(landmarks, 63), at(landmarks, 65))) / 3;
  const width = distance(at(landmarks, 60), at(landmarks, 64));
  return width === 0 ? 0 : gap / width;
}

/**
 * Head pose in degrees from 2D landmarks, under the generic head model above (weak perspective):
 * - roll: the eye line's angle, positive when the image-right eye is lower (the head tilts clockwise in the image);
 * - yaw: the nose tip's offset from the midpoint of the outer eye corners, over half their distance, is
 *   (depth / half width) * tan(yaw); negative when the nose points to the image left (the subject turned to their right);
 * - pitch: from where the nose tip sits between the eye line and the mouth line; positive chin up. Individual
 *   faces differ from the model by several degrees here, so pitch is indicative only and gates nothing.
 */
export function estimatePose(landmarks: readonly Point[]): FacePose {
  const leftEye = mean([36, 37, 38, 39, 40, 41].map((i) => at(landmarks, i)));
  const rightEye = mean([42, 43, 44, 45, 46, 47].map((i) => at(landmarks, i)));
  const rollRadians = Math.atan2(rightEye.y - leftEye.y, rightEye.x - leftEye.x);
  // Undo the roll about the eyes' midpoint, so yaw and pitch are measured along the face's own axes.
  const pivot = mean([leftEye, rightEye]);
  const cos = Math.cos(-rollRadians);
  const sin = Math.sin(-rollRadians);
  const upright = (p: Point): Point => ({
    x: pivot.x + (p.x - pivot.x) * cos - (p.y - pivot.y) * sin,
    y: pivot.y + (p.x - pivot.x) * sin + (p.y - pivot.y) * cos,
  });

  const outerLeft = upright(at(landmarks, 36));
  const outerRight = upright(at(landmarks, 45));
  const nose = upright(at(landmarks, 30));
  const halfWidth = (outerRight.x - outerLeft.x) / 2;
  const offset = halfWidth > 0 ? (nose.x - (outerLeft.x + outerRight.x) / 2) / halfWidth : 0;
  const yaw = degrees(Math.atan((offset * MODEL.eyeHalfWidth) / MODEL.eyeDepth));

  const eyeLine = upright(pivot).y;
  const mouthLine = mean([upright(at(landmarks, 48)), upright(at(landmarks, 54))]).y;
  const above = nose.y - eyeLine;
  const below = mouthLine - nose.y;
  // Nose down by t: above = h_e cos t + d_e sin t, below = h_m cos t - d_m sin t; solved for t.
  const down = Math.atan2(MODEL.mouthHeight * above - MODEL.eyeHeight * below, MODEL.mouthDepth * above + MODEL.eyeDepth * below);
  return { yaw: round1(yaw), pitch: round1(-degrees(down)), roll: round1(degrees(rollRadians)) };
}

const round1 = (value: number) => Math.round(value * 10) / 10 + 0;
