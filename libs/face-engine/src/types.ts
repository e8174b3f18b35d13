/** The face engine's public contract: detection, quality gates, descriptors and comparison. */

export type FaceQualityCode = 'NO_FACE' | 'MULTIPLE_FACES' | 'FACE_TOO_SMALL' | 'TOO_BLURRY' | 'TOO_DARK' | 'TOO_BRIGHT' | 'HEAD_TURNED' | 'IMAGE_UNREADABLE';

export interface FacePose {
  /** Degrees; negative: the subject turned to their right (image left). */
  yaw: number;
  pitch: number;
  roll: number;
}

export interface FaceMeasures {
  box: { x: number; y: number; width: number; height: number };
  detectionScore: number;
  pose: FacePose;
  /** Mean eye aspect ratio; drops sharply when the eyes close. */
  eyeAspectRatio: number;
  /** Inner-lip gap over mouth width; rises when the mouth opens. */
  mouthOpenRatio: number;
  /** 0-255 mean luminance of the face box. */
  brightness: number;
  /** Variance of the Laplacian over the face box: low means blurred. */
  sharpness: number;
  /** The 68 landmark points in image pixels. */
  landmarks: Array<{ x: number; y: number }>;
}

export interface FaceAnalysis extends FaceMeasures {
  /** 128-d descriptor of the aligned face. */
  descriptor: number[];
}

export type AnalyseResult = { ok: true; face: FaceAnalysis } | { ok: false; code: FaceQualityCode; message: string; measures?: FaceMeasures };

export interface AnalyseOptions {
  /** Skip the pose gate: liveness frames are meant to turn the head. */
  allowTurned?: boolean;
}

export interface FaceEngine {
  /** Detects faces in a JPEG or PNG and, when exactly one good face is found, describes it. */
  analyse(image: Buffer, options?: AnalyseOptions): Promise<AnalyseResult>;
  close(): Promise<void>;
}

/** Similarity 0-1 from two descriptors (1: identical). */
export type CompareFaces = (a: number[], b: number[]) => number;

export interface MatchThresholds {
  /** Similarity at or above which two faces match. */
  accept: number;
  /** Below this they do not; between reject and accept a person reviews. */
  reject: number;
}

export type MatchDecision = 'match' | 'review' | 'no_match';
