import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { CHIP_SIZE, chipTransform } from './face-alignment';
import { faceSharpness, meanLuminance, type PixelBox, type RgbImage } from './face-quality';
import { loadFaceRuntime, type DetectorKind, type FaceApi } from './face-runtime';
import { estimatePose, eyeAspectRatio, mouthOpenRatio, type Point } from './landmark-geometry';
import type { AnalyseOptions, AnalyseResult, FaceEngine, FaceMeasures, FaceQualityCode } from './types';

export interface FaceEngineLog {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
}

export interface QualityLimits {
  /** Smallest accepted face box width, in pixels of the analysed image (longest side at most MAX_ANALYSIS_SIDE). */
  minFaceWidth: number;
  /** Other faces narrower than this share of the main face's width are ignored (background passers-by). */
  negligibleFaceRatio: number;
  /** Mean luma (0-255) of the middle of the face box. */
  minBrightness: number;
  maxBrightness: number;
  /** Laplacian variance of the middle of the face box at SHARPNESS_WIDTH px. */
  minSharpness: number;
  /** Degrees; HEAD_TURNED beyond either, unless the caller allows a turned head. */
  maxYaw: number;
  maxRoll: number;
}

/**
 * From the demo faces' 300x360 crops (`npm run bench:face` and the blur sweep behind it): sharpness is 9-187 as
 * photographed, 6-57 after a gaussian blur of sigma 1.5 (similarity to the original still 0.87-0.95) and 5-27
 * after sigma 3 (0.74-0.88, the accept threshold in sight): 8 turns away most of the latter without refusing the
 * softest real photo. Brightness is 62-165 as photographed; darkened to x0.35 faces measure 22-57.
 */
export const DEFAULT_QUALITY_LIMITS: Readonly<QualityLimits> = Object.freeze({
  minFaceWidth: 80,
  negligibleFaceRatio: 0.3,
  minBrightness: 50,
  maxBrightness: 215,
  minSharpness: 8,
  maxYaw: 25,
  maxRoll: 25,
});

export interface FaceEngineOptions {
  log?: FaceEngineLog;
  /** 'ssd' (default): SSD MobileNet v1, the more accurate; 'tiny': the tiny face detector, about twice as fast. */
  detector?: DetectorKind;
  quality?: Partial<QualityLimits>;
}

/** Photos are analysed with their longest side at most this: more only costs time at phone-camera sizes. */
export const MAX_ANALYSIS_SIDE = 1024;
/** Refused before decoding: a 2 MB upload of more than 40 MP is a decompression bomb (7000 x 7000 px costs 4 s and 600 MB). */
const MAX_INPUT_PIXELS = 40_000_000;
const SSD_MIN_CONFIDENCE = 0.5;
const TINY_MIN_SCORE = 0.5;
const TINY_INPUT_SIZE = 416;
const MAX_FACES = 20;
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp']);
/**
 * SSD MobileNet misses faces that fill the frame (a selfie, an ID photo): with a mid-grey border of this share of
 * the longest side on every side, detection scores of the demo faces' passport crops rose from 0.1-0.99 to 0.7-1.
 */
const DETECTION_MARGIN = 0.3;
const BORDER_GREY = 128;

type FaceTensor = ReturnType<FaceApi['tf']['tensor3d']>;
type Landmarks68 = InstanceType<FaceApi['FaceLandmarks68']>;
type Failure = Extract<AnalyseResult, { ok: false }>;

interface Decoded extends RgbImage {
  /** Original (upright) pixels per analysed pixel: landmarks and boxes are reported in original pixels. */
  scale: number;
}

/** The decoded image inside a grey border of `margin` px, as the detector and the nets see it. */
interface Canvas {
  data: Uint8Array;
  width: number;
  height: number;
  margin: number;
}

/** A detected face, its box in canvas pixels. */
interface Detection {
  score: number;
  box: PixelBox;
}

const fail = (code: FaceQualityCode, message: string, measures?: FaceMeasures): Failure =>
  measures ? { ok: false, code, message, measures } : { ok: false, code, message };
const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

async function decode(bytes: Buffer): Promise<Decoded | Failure> {
  if (!Buffer.isBuffer(bytes) || bytes.length === 0) return fail('IMAGE_UNREADABLE', 'the image is empty');
  try {
    const metadata = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    if (!metadata.format || !ACCEPTED_FORMATS.has(metadata.format))
      return fail('IMAGE_UNREADABLE', `only JPEG, PNG and WebP images are read, not ${metadata.format ?? 'this format'}`);
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'truncated' })
      .rotate()
      .resize({ width: MAX_ANALYSIS_SIDE, height: MAX_ANALYSIS_SIDE, fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) return fail('IMAGE_UNREADABLE', `the image decodes to ${info.channels} channels, not RGB`);
    const uprightWidth = (metadata.orientation ?? 1) >= 5 ? metadata.height : metadata.width;
    return { data, width: info.width, height: info.height, scale: uprightWidth ? uprightWidth / info.width : 1 };
  } catch (err) {
    return fail('IMAGE_UNREADABLE', `the image cannot be decoded: ${(err as Error).message}`);
  }
}

function withBorder(image: RgbImage): Canvas {
  const margin = Math.round(Math.max(image.width, image.height) * DETECTION_MARGIN);
  const width = image.width + 2 * margin;
  const height = image.height + 2 * margin;
  const data = new Uint8Array(width * height * 3).fill(BORDER_GREY);
  const row = image.width * 3;
  for (let y = 0; y < image.height; y++) data.set(image.data.subarray(y * row, (y + 1) * row), ((y + margin) * width + margin) * 3);
  return { data, width, height, margin };
}

/**
 * The canvas with the photo's levels stretched so its 1st and 99th luma percentiles become 0 and 255: SSD misses
 * under-exposed faces (brightness ~70-90 after darkening), which then deserve TOO_DARK or a descriptor, not NO_FACE.
 */
function levelled(canvas: Canvas, image: RgbImage): Canvas | null {
  const histogram = new Array<number>(256).fill(0);
  const pixels = image.width * image.height;
  for (let i = 0; i < pixels * 3; i += 3) {
    const luma = Math.round(0.299 * (image.data[i] ?? 0) + 0.587 * (image.data[i + 1] ?? 0) + 0.114 * (image.data[i + 2] ?? 0));
    histogram[luma] = (histogram[luma] ?? 0) + 1;
  }
  const percentile = (share: number) => {
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += histogram[v] ?? 0;
      if (seen >= share * pixels) return v;
    }
    return 255;
  };
  const low = percentile(0.01);
  const high = percentile(0.99);
  if (high - low < 8 || (low < 8 && high > 247)) return null;
  const table = Array.from({ length: 256 }, (_, v) => Math.max(0, Math.min(255, Math.round(((v - low) * 255) / (high - low)))));
  const data = new Uint8Array(canvas.data.length);
  for (let i = 0; i < data.length; i++) data[i] = table[canvas.data[i] ?? 0] ?? 0;
  return { ...canvas, data };
}

/** The middle of the detector's box: skin rather than hair and background, for brightness and sharpness. */
const innerBox = (box: PixelBox): PixelBox => ({ x: box.x + box.width * 0.15, y: box.y + box.height * 0.1, width: box.width * 0.7, height: box.height * 0.8 });

/**
 * Loads the models once per process (shared by every engine) and returns an engine whose `analyse` runs, in order:
 * decode (EXIF-upright, longest side capped at MAX_ANALYSIS_SIDE), detection, landmarks, the quality gates
 * (IMAGE_UNREADABLE, NO_FACE, MULTIPLE_FACES, FACE_TOO_SMALL, TOO_DARK / TOO_BRIGHT, TOO_BLURRY, HEAD_TURNED) and,
 * for a face that passes them all, the 128-d descriptor of the face chip cut with the eyes level.
 *
 * MULTIPLE_FACES: the widest face is the subject; another face counts unless it is narrower than
 * `negligibleFaceRatio` (0.3) of it, i.e. a far-away passer-by, never a second person close to the camera.
 */
export async function createFaceEngine(options: FaceEngineOptions = {}): Promise<FaceEngine> {
  const started = Date.now();
  const detector = options.detector ?? 'ssd';
  const limits: QualityLimits = { ...DEFAULT_QUALITY_LIMITS, ...options.quality };
  const runtime = await loadFaceRuntime();
  await runtime.detector(detector);
  const { faceapi } = runtime;
  const detectorOptions =
    detector === 'ssd'
      ? new faceapi.SsdMobilenetv1Options({ minConfidence: SSD_MIN_CONFIDENCE, maxResults: MAX_FACES })
      : new faceapi.TinyFaceDetectorOptions({ inputSize: TINY_INPUT_SIZE, scoreThreshold: TINY_MIN_SCORE });
  options.log?.info({ detector, ms: Date.now() - started }, 'face engine ready');
  let closed = false;

  const toTensor = (canvas: Canvas): FaceTensor => faceapi.tf.tensor3d(canvas.data, [canvas.height, canvas.width, 3], 'int32');

  /** Bordered first; then without the border, for a face far smaller than the frame, which the border shrinks further. */
  async function detect(tensor: FaceTensor, canvas: Canvas, image: RgbImage): Promise<Detection[]> {
    const toDetection = (d: { score: number; box: PixelBox }, shift: number): Detection => ({
      score: d.score,
      box: { x: d.box.x + shift, y: d.box.y + shift, width: d.box.width, height: d.box.height },
    });
    const bordered = await faceapi.detectAllFaces(tensor, detectorOptions);
    if (bordered.length > 0) return bordered.map((d) => toDetection(d, 0));
    const inner = faceapi.tf.slice3d(tensor, [canvas.margin, canvas.margin, 0], [image.height, image.width, 3]);
    try {
      return (await faceapi.detectAllFaces(inner, detectorOptions)).map((d) => toDetection(d, canvas.margin));
    } finally {
      inner.dispose();
    }
  }

  async function landmarksOf(tensor: FaceTensor, detection: Detection): Promise<Landmarks68> {
    const { x, y, width, height } = detection.box;
    const [face] = await faceapi.extractFaceTensors(tensor, [new faceapi.Rect(x, y, width, height)]);
    if (!face) throw new Error('face-api extracted no face tensor');
    try {
      const unshifted = (await faceapi.nets.faceLandmark68Net.detectLandmarks(face)) as Landmarks68;
      return unshifted.shiftBy<Landmarks68>(x, y);
    } finally {
      face.dispose();
    }
  }

  async function describe(tensor: FaceTensor, canvas: Canvas, landmarks: readonly Point[]): Promise<number[]> {
    const [a0, a1, a2, b0, b1, b2] = chipTransform(landmarks);
    // Only the part of the canvas under the chip is cast to float and sampled.
    const corners = [0, CHIP_SIZE].flatMap((u) => [0, CHIP_SIZE].map((v) => ({ x: a0 * u + a1 * v + a2, y: b0 * u + b1 * v + b2 })));
    const left = Math.max(0, Math.floor(Math.min(...corners.map((c) => c.x))) - 1);
    const top = Math.max(0, Math.floor(Math.min(...corners.map((c) => c.y))) - 1);
    const right = Math.min(canvas.width, Math.ceil(Math.max(...corners.map((c) => c.x))) + 2);
    const bottom = Math.min(canvas.height, Math.ceil(Math.max(...corners.map((c) => c.y))) + 2);
    if (right - left < 2 || bottom - top < 2) throw new Error('the face chip lies outside the image');
    // face-api bundles its own tfjs typings; at run time both are the one @tensorflow/tfjs module.
    const source = tensor as unknown as tf.Tensor3D;
    const chip = tf.tidy(() => {
      const region = tf.cast(tf.slice(source, [top, left, 0], [bottom - top, right - left, 3]), 'float32');
      const transform = tf.tensor2d([[a0, a1, a2 - left, b0, b1, b2 - top, 0, 0]]);
      return tf.squeeze(
        tf.image.transform(tf.expandDims(region) as tf.Tensor4D, transform, 'bilinear', 'constant', BORDER_GREY, [CHIP_SIZE, CHIP_SIZE]),
        [0],
      ) as tf.Tensor3D;
    });
    try {
      return Array.from((await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(chip as unknown as FaceTensor)) as Float32Array);
    } finally {
      chip.dispose();
    }
  }

  async function measure(tensor: FaceTensor, canvas: Canvas, image: Decoded, detections: Detection[], analyseOptions: AnalyseOptions): Promise<AnalyseResult> {
    const main = detections[0];
    if (!main) return fail('NO_FACE', 'no face was found');
    const others = detections.slice(1).filter((d) => d.box.width >= main.box.width * limits.negligibleFaceRatio);
    if (others.length > 0) return fail('MULTIPLE_FACES', `${others.length + 1} faces were found; the photo must show one person`);

    const m = canvas.margin;
    const landmarks = (await landmarksOf(tensor, main)).positions.map((p): Point => ({ x: p.x, y: p.y }));
    const points = landmarks.map((p) => ({ x: p.x - m, y: p.y - m }));
    const box: PixelBox = { x: main.box.x - m, y: main.box.y - m, width: main.box.width, height: main.box.height };
    const inner = innerBox(box);
    const s = image.scale;
    const measures: FaceMeasures = {
      box: { x: round(box.x * s, 1), y: round(box.y * s, 1), width: round(box.width * s, 1), height: round(box.height * s, 1) },
      detectionScore: round(main.score, 3),
      pose: estimatePose(points),
      eyeAspectRatio: round(eyeAspectRatio(points), 4),
      mouthOpenRatio: round(mouthOpenRatio(points), 4),
      brightness: round(meanLuminance(image, inner), 1),
      sharpness: round(await faceSharpness(image, inner), 1),
      landmarks: points.map((p) => ({ x: round(p.x * s, 1), y: round(p.y * s, 1) })),
    };

    if (box.width < limits.minFaceWidth) {
      return fail(
        'FACE_TOO_SMALL',
        `the face is ${Math.round(box.width)} px wide at the ${MAX_ANALYSIS_SIDE} px analysis size, less than ${limits.minFaceWidth}`,
        measures,
      );
    }
    if (measures.brightness < limits.minBrightness)
      return fail('TOO_DARK', `the face's mean brightness is ${measures.brightness}, below ${limits.minBrightness}`, measures);
    if (measures.brightness > limits.maxBrightness)
      return fail('TOO_BRIGHT', `the face's mean brightness is ${measures.brightness}, above ${limits.maxBrightness}`, measures);
    if (measures.sharpness < limits.minSharpness)
      return fail('TOO_BLURRY', `the face's sharpness is ${measures.sharpness}, below ${limits.minSharpness}`, measures);
    const { yaw, roll } = measures.pose;
    if (!analyseOptions.allowTurned && (Math.abs(yaw) > limits.maxYaw || Math.abs(roll) > limits.maxRoll)) {
      return fail('HEAD_TURNED', `the head is turned (yaw ${yaw}°, roll ${roll}°; at most ${limits.maxYaw}° and ${limits.maxRoll}°)`, measures);
    }
    return { ok: true, face: { ...measures, descriptor: await describe(tensor, canvas, landmarks) } };
  }

  async function analyse(bytes: Buffer, analyseOptions: AnalyseOptions = {}): Promise<AnalyseResult> {
    if (closed) throw new Error('the face engine is closed');
    const image = await decode(bytes);
    if ('ok' in image) return image;
    let canvas = withBorder(image);
    let tensor = toTensor(canvas);
    try {
      let detections = await detect(tensor, canvas, image);
      const brighter = detections.length === 0 ? levelled(canvas, image) : null;
      if (brighter) {
        const retry = toTensor(brighter);
        const found = await detect(retry, brighter, image);
        if (found.length > 0) {
          tensor.dispose();
          [tensor, canvas, detections] = [retry, brighter, found];
        } else {
          retry.dispose();
        }
      }
      detections.sort((a, b) => b.box.width - a.box.width);
      return await measure(tensor, canvas, image, detections, analyseOptions);
    } finally {
      tensor.dispose();
    }
  }

  return {
    analyse,
    async close() {
      // The models stay loaded: other engines in this process share them.
      closed = true;
    },
  };
}
