import { chipTransform } from './face-alignment';
import { estimatePose, eyeAspectRatio, LANDMARK_COUNT, mouthOpenRatio, type Point } from './landmark-geometry';

interface Point3 {
  x: number;
  y: number;
  z: number;
}

/**
 * A synthetic 68-point head in millimetres (y up, z towards the camera, nose tip at the origin) on the proportions
 * estimatePose assumes: outer eye corners 45 to either side, 34 up and 40 back; mouth corners 30 down and 25 back.
 */
function syntheticHead(): Point3[] {
  const head: Point3[] = Array.from({ length: LANDMARK_COUNT }, () => ({ x: 0, y: 0, z: -60 }));
  for (let i = 0; i <= 16; i++) {
    const a = Math.PI * (i / 16);
    head[i] = { x: -70 * Math.cos(a), y: 30 - 80 * Math.sin(a), z: -70 };
  }
  for (let i = 17; i <= 26; i++) head[i] = { x: -50 + (i - 17) * 11, y: 48, z: -35 };
  for (let i = 27; i <= 29; i++) head[i] = { x: 0, y: 34 - (i - 27) * 10, z: -20 + (i - 27) * 6 };
  head[30] = { x: 0, y: 0, z: 0 };
  for (let i = 31; i <= 35; i++) head[i] = { x: -12 + (i - 31) * 6, y: -8, z: -12 };
  // Image-left eye 36-41 (outer corner 36), image-right eye 42-47 (outer corner 45): 30 wide, 10 tall.
  const eye = (outer: number, inner: number) => [
    { x: outer, y: 34 },
    { x: outer + (inner - outer) * 0.27, y: 39 },
    { x: outer + (inner - outer) * 0.73, y: 39 },
    { x: inner, y: 34 },
    { x: outer + (inner - outer) * 0.73, y: 29 },
    { x: outer + (inner - outer) * 0.27, y: 29 },
  ];
  eye(-45, -15).forEach((p, i) => (head[36 + i] = { ...p, z: -40 }));
  [
    { x: 15, y: 34 },
    { x: 23, y: 39 },
    { x: 37, y: 39 },
    { x: 45, y: 34 },
    { x: 37, y: 29 },
    { x: 23, y: 29 },
  ].forEach((p, i) => (head[42 + i] = { ...p, z: -40 }));
  for (let i = 48; i <= 59; i++) {
    const a = (2 * Math.PI * (i - 48)) / 12;
    head[i] = { x: -25 * Math.cos(a), y: -30 + 8 * Math.sin(a), z: -25 };
  }
  // Inner lips: corners 60/64 18 either side, upper 61-63 2 above the seam, lower 67-65 2 below.
  const inner: Array<[number, number, number]> = [
    [60, -18, -30],
    [61, -9, -28],
    [62, 0, -28],
    [63, 9, -28],
    [64, 18, -30],
    [65, 9, -32],
    [66, 0, -32],
    [67, -9, -32],
  ];
  for (const [i, x, y] of inner) head[i] = { x, y, z: -25 };
  return head;
}

/** Orthographic view: head turned by yaw (about y), then pitch (about x, nose down positive), into image pixels. */
function project(head: readonly Point3[], { yaw = 0, noseDown = 0, roll = 0 }: { yaw?: number; noseDown?: number; roll?: number }): Point[] {
  const r = (d: number) => (d * Math.PI) / 180;
  return head.map((p) => {
    const x1 = p.x * Math.cos(r(yaw)) + p.z * Math.sin(r(yaw));
    const z1 = -p.x * Math.sin(r(yaw)) + p.z * Math.cos(r(yaw));
    const y2 = p.y * Math.cos(r(noseDown)) - z1 * Math.sin(r(noseDown));
    // Image axes: x right, y down; 2 px per mm around (300, 300), then the roll turns the picture clockwise.
    const ix = 2 * x1;
    const iy = -2 * y2;
    return { x: 300 + ix * Math.cos(r(roll)) - iy * Math.sin(r(roll)), y: 300 + ix * Math.sin(r(roll)) + iy * Math.cos(r(roll)) };
  });
}

const head = syntheticHead();

describe('estimatePose', () => {
  it('reads a frontal face as 0 / 0 / 0', () => {
    expect(estimatePose(project(head, {}))).toEqual({ yaw: 0, pitch: 0, roll: 0 });
  });

  it.each([10, 20, 30, -15, -35])('recovers a yaw of %i degrees with its sign: negative when the nose points to the image left', (yaw) => {
    const pose = estimatePose(project(head, { yaw }));
    expect(pose.yaw).toBeCloseTo(yaw, 0);
    expect(Math.abs(pose.roll)).toBeLessThan(0.5);
  });

  it('gives negative yaw when the nose tip alone moves to the image left of the eye corners', () => {
    const points = project(head, {});
    const nose = points[30] as Point;
    points[30] = { x: nose.x - 30, y: nose.y };
    expect(estimatePose(points).yaw).toBeLessThan(-15);
  });

  it('reads roll as the eye line turning clockwise in the image, and yaw through it', () => {
    const pose = estimatePose(project(head, { yaw: 20, roll: 30 }));
    expect(pose.roll).toBeCloseTo(30, 0);
    expect(pose.yaw).toBeCloseTo(20, 0);
    expect(estimatePose(project(head, { roll: -12 })).roll).toBeCloseTo(-12, 0);
  });

  it('reads pitch positive with the chin up', () => {
    expect(estimatePose(project(head, { noseDown: -15 })).pitch).toBeCloseTo(15, 0);
    expect(estimatePose(project(head, { noseDown: 10 })).pitch).toBeCloseTo(-10, 0);
  });

  it('refuses a landmark list that is not 68 points', () => {
    expect(() => estimatePose(project(head, {}).slice(0, 40))).toThrow(RangeError);
  });
});

describe('eyeAspectRatio', () => {
  it('is (|p2-p6| + |p3-p5|) / (2 |p1-p4|), averaged over both eyes', () => {
    expect(eyeAspectRatio(project(head, {}))).toBeCloseTo(10 / 30, 5);
  });

  it('drops in proportion when the eyelid points are squeezed towards the eye line', () => {
    const open = project(head, {});
    const squeeze = (points: Point[], factor: number) =>
      points.map((p, i) => {
        if (i < 36 || i > 47) return p;
        const lidLine = (points[i < 42 ? 36 : 42] as Point).y;
        return { x: p.x, y: lidLine + (p.y - lidLine) * factor };
      });
    const open0 = eyeAspectRatio(open);
    expect(eyeAspectRatio(squeeze(open, 0.3))).toBeCloseTo(open0 * 0.3, 5);
    expect(eyeAspectRatio(squeeze(open, 0))).toBe(0);
  });

  it('does not change with the size of the face or a turn of the picture', () => {
    const scaled = project(head, {}).map((p) => ({ x: p.x * 3, y: p.y * 3 }));
    expect(eyeAspectRatio(scaled)).toBeCloseTo(10 / 30, 5);
    expect(eyeAspectRatio(project(head, { roll: 25 }))).toBeCloseTo(10 / 30, 5);
  });
});

describe('mouthOpenRatio', () => {
  it('is the mean inner-lip gap over the inner mouth width, and rises as the lower lip drops', () => {
    const closed = project(head, {});
    expect(mouthOpenRatio(closed)).toBeCloseTo(4 / 36, 5);
    const open = closed.map((p, i) => (i >= 65 && i <= 67 ? { x: p.x, y: p.y + 24 } : p));
    // 24 px is 12 mm at 2 px per mm.
    expect(mouthOpenRatio(open)).toBeCloseTo((4 + 12) / 36, 5);
  });
});

describe('chipTransform', () => {
  /** Inverse of the transform's affine part: image point -> chip point. */
  const toChip = (t: readonly number[], p: Point): Point => {
    const [a0, a1, a2, b0, b1, b2] = t as [number, number, number, number, number, number];
    const det = a0 * b1 - a1 * b0;
    const x = p.x - a2;
    const y = p.y - b2;
    return { x: (b1 * x - a1 * y) / det, y: (-b0 * x + a0 * y) / det };
  };
  const eyeCentre = (points: Point[], first: number) => ({
    x: points.slice(first, first + 6).reduce((s, p) => s + p.x, 0) / 6,
    y: points.slice(first, first + 6).reduce((s, p) => s + p.y, 0) / 6,
  });

  it.each([0, 20, -35])('levels the eyes of a face rolled %i degrees and frames it like dlib', (roll) => {
    const points = project(head, { roll });
    const t = chipTransform(points);
    const left = toChip(t, eyeCentre(points, 36));
    const right = toChip(t, eyeCentre(points, 42));
    expect(left.y).toBeCloseTo(right.y, 6);
    expect(left.x).toBeLessThan(right.x);
    // Eyes in the upper half, around the middle column, and the same chip for every roll.
    expect((left.x + right.x) / 2).toBeCloseTo(75, 0);
    expect(left.y).toBeGreaterThan(30);
    expect(left.y).toBeLessThan(75);
    expect(toChip(chipTransform(project(head, {})), eyeCentre(project(head, {}), 36)).y).toBeCloseTo(left.y, 4);
  });
});
