export * from './types';
export { createFaceEngine, DEFAULT_QUALITY_LIMITS, MAX_ANALYSIS_SIDE, type FaceEngineLog, type FaceEngineOptions, type QualityLimits } from './face-engine';
export {
  compareFaces,
  decideMatch,
  DEFAULT_MATCH_THRESHOLDS,
  matchThresholdsSchema,
  resolveMatchThresholds,
  similarityToDistance,
  ZERO_SIMILARITY_DISTANCE,
  type MatchThresholdOverrides,
} from './compare-faces';
export { estimatePose, eyeAspectRatio, LANDMARK_COUNT, mouthOpenRatio, type Point } from './landmark-geometry';
export type { DetectorKind } from './face-runtime';
export * from './liveness-check';
export * from './liveness-challenges';
