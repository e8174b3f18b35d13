import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { compareFaces, decideMatch, DEFAULT_MATCH_THRESHOLDS } from './compare-faces';
import { createFaceEngine } from './face-engine';
import { liveTensorCount } from './face-runtime';
import type { AnalyseResult, FaceAnalysis, FaceEngine } from './types';

// Libs cannot import apps: the sandbox's face boxes are read from disk, the photos from face-api's demo folder.
const REPO_ROOT = path.resolve(__dirname, '../../..');
const DEMO_DIR = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
const faces = JSON.parse(readFileSync(path.join(REPO_ROOT, 'apps/nid-sandbox/fixtures/faces.json'), 'utf8')) as Array<{
  image: string;
  box: { left: number; top: number; width: number; height: number };
}>;

/** The NID sandbox's 300x360 passport-style crop of demo face `id`. */
function faceCrop(id: number): Promise<Buffer> {
  const face = faces[id];
  if (!face) throw new Error(`no face ${id} in faces.json`);
  return sharp(path.join(DEMO_DIR, face.image)).extract(face.box).resize(300, 360, { fit: 'cover' }).jpeg({ quality: 85 }).toBuffer();
}

/** Face 20 (sample6.jpg) looks at the camera; 13 (sample5.jpg) is someone else; 14 has turned her head away. */
const FRONTAL = 20;
const OTHER = 13;
const TURNED = 14;

function expectFace(result: AnalyseResult): FaceAnalysis {
  if (!result.ok) throw new Error(`expected a face, got ${result.code}: ${result.message}`);
  return result.face;
}

function expectCode(result: AnalyseResult, code: string) {
  expect(result.ok ? 'ok' : result.code).toBe(code);
}

describe('createFaceEngine', () => {
  let engine: FaceEngine;
  let frontal: Buffer;
  let reference: FaceAnalysis;

  beforeAll(async () => {
    engine = await createFaceEngine();
    frontal = await faceCrop(FRONTAL);
    reference = expectFace(await engine.analyse(frontal));
  }, 60_000);

  afterAll(() => engine.close());

  it('describes a real face: 128-d descriptor, a plausible pose and measures, landmarks inside the box', () => {
    expect(reference.descriptor).toHaveLength(128);
    expect(reference.descriptor.every(Number.isFinite)).toBe(true);
    expect(Math.hypot(...reference.descriptor)).toBeGreaterThan(0.1);
    expect(reference.landmarks).toHaveLength(68);
    expect(Math.abs(reference.pose.yaw)).toBeLessThan(15);
    expect(Math.abs(reference.pose.roll)).toBeLessThan(10);
    expect(reference.detectionScore).toBeGreaterThan(0.9);
    expect(reference.box.width).toBeGreaterThan(120);
    expect(reference.eyeAspectRatio).toBeGreaterThan(0.2);
    expect(reference.eyeAspectRatio).toBeLessThan(0.45);
    expect(reference.mouthOpenRatio).toBeLessThan(0.15);
    expect(reference.brightness).toBeGreaterThan(80);
    expect(reference.sharpness).toBeGreaterThan(20);
    const { box } = reference;
    for (const p of reference.landmarks.slice(17)) {
      expect(p.x).toBeGreaterThan(box.x);
      expect(p.x).toBeLessThan(box.x + box.width);
    }
  });

  it('matches the same face edited (rotated, re-encoded, relit) at the default thresholds', async () => {
    const { dominant } = await sharp(frontal).stats();
    const turned = await sharp(frontal).rotate(7, { background: dominant }).toBuffer({ resolveWithObject: true });
    const edited = await sharp(turned.data)
      .extract({ left: Math.floor((turned.info.width - 300) / 2), top: Math.floor((turned.info.height - 360) / 2), width: 300, height: 360 })
      .linear(0.85, 10)
      .jpeg({ quality: 45 })
      .toBuffer();
    const copy = expectFace(await engine.analyse(edited));
    const similarity = compareFaces(reference.descriptor, copy.descriptor);
    expect(decideMatch(similarity, DEFAULT_MATCH_THRESHOLDS)).toBe('match');
    expect(copy.pose.roll - reference.pose.roll).toBeCloseTo(7, -1);
  });

  it('does not match two different people', async () => {
    const other = expectFace(await engine.analyse(await faceCrop(OTHER)));
    expect(decideMatch(compareFaces(reference.descriptor, other.descriptor), DEFAULT_MATCH_THRESHOLDS)).toBe('no_match');
  });

  it('reads EXIF orientation: a sideways-stored photo tagged to be shown upright gives the same face', async () => {
    const stored = await sharp(frontal).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 90 }).toBuffer();
    const face = expectFace(await engine.analyse(stored));
    expect(Math.abs(face.pose.roll)).toBeLessThan(10);
    expect(decideMatch(compareFaces(reference.descriptor, face.descriptor))).toBe('match');
  });

  it('IMAGE_UNREADABLE for random bytes, an empty buffer and a truncated JPEG', async () => {
    expectCode(await engine.analyse(randomBytes(4096)), 'IMAGE_UNREADABLE');
    expectCode(await engine.analyse(Buffer.alloc(0)), 'IMAGE_UNREADABLE');
    expectCode(await engine.analyse(frontal.subarray(0, Math.floor(frontal.length / 2))), 'IMAGE_UNREADABLE');
  });

  it('NO_FACE for a blank image', async () => {
    const blank = await sharp({ create: { width: 300, height: 360, channels: 3, background: '#b0a090' } })
      .png()
      .toBuffer();
    expectCode(await engine.analyse(blank), 'NO_FACE');
  });

  it('MULTIPLE_FACES for a group photo (sample1.jpg as it is)', async () => {
    const result = await engine.analyse(readFileSync(path.join(DEMO_DIR, 'sample1.jpg')));
    expectCode(result, 'MULTIPLE_FACES');
    expect(result.ok ? '' : result.message).toMatch(/^3 faces/);
  });

  it('FACE_TOO_SMALL for a face downscaled to ~55 px, with its measures', async () => {
    const tiny = await sharp(frontal).resize(100, 120).jpeg({ quality: 90 }).toBuffer();
    const result = await engine.analyse(tiny);
    expectCode(result, 'FACE_TOO_SMALL');
    expect(result.ok ? 0 : result.measures?.box.width).toBeLessThan(80);
  });

  it('TOO_DARK for a darkened copy, TOO_BRIGHT for a washed-out one', async () => {
    const dark = await engine.analyse(await sharp(frontal).linear(0.25, 0).jpeg().toBuffer());
    expectCode(dark, 'TOO_DARK');
    expect(dark.ok ? 255 : dark.measures?.brightness).toBeLessThan(50);
    expectCode(await engine.analyse(await sharp(frontal).linear(0.5, 150).jpeg().toBuffer()), 'TOO_BRIGHT');
  });

  it('TOO_BLURRY for a heavily blurred copy', async () => {
    const result = await engine.analyse(await sharp(frontal).blur(3).jpeg().toBuffer());
    expectCode(result, 'TOO_BLURRY');
    expect(result.ok ? 100 : result.measures?.sharpness).toBeLessThan(8);
  });

  it('HEAD_TURNED for a face turned away, unless the caller allows it (liveness frames)', async () => {
    const turned = await faceCrop(TURNED);
    const gated = await engine.analyse(turned);
    expectCode(gated, 'HEAD_TURNED');
    expect(gated.ok ? 0 : gated.measures?.pose.yaw).toBeGreaterThan(25);
    const allowed = expectFace(await engine.analyse(turned, { allowTurned: true }));
    expect(allowed.pose.yaw).toBeGreaterThan(25);
    expect(allowed.descriptor).toHaveLength(128);
  });

  it('shares the loaded models between engines and releases every tensor it allocates', async () => {
    const before = liveTensorCount();
    const second = await createFaceEngine({ detector: 'ssd' });
    const again = expectFace(await second.analyse(frontal));
    await second.close();
    await expect(second.analyse(frontal)).rejects.toThrow(/closed/);
    expect(again.descriptor).toEqual(reference.descriptor);
    await engine.analyse(Buffer.from('not an image'));
    expect(liveTensorCount()).toBe(before);
  });
});
