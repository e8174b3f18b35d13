import { z } from 'zod';
import type { CompareFaces, MatchDecision, MatchThresholds } from './types';

/** Descriptor distance at and beyond which similarity is 0. */
export const ZERO_SIMILARITY_DISTANCE = 1.2;

/**
 * similarity = max(0, 1 - d / 1.2), d the euclidean distance of the two 128-d descriptors: linear, so thresholds
 * convert back to distances exactly (d = 1.2 * (1 - similarity)); face-api's usual 0.6 distance is similarity 0.5.
 */
export const compareFaces: CompareFaces = (a, b) => {
  if (a.length !== b.length || a.length === 0) throw new RangeError(`descriptors differ in length (${a.length} and ${b.length})`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += ((a[i] ?? 0) - (b[i] ?? 0)) ** 2;
  return Math.max(0, 1 - Math.sqrt(sum) / ZERO_SIMILARITY_DISTANCE);
};

/** The descriptor distance a similarity stands for (inverse of compareFaces' mapping above 0). */
export const similarityToDistance = (similarity: number) => ZERO_SIMILARITY_DISTANCE * (1 - similarity);

/**
 * Calibrated by `npm run bench:face` (seed 1) on the 15 of face-api's 22 demo faces that pass the gates (the other 7
 * fail HEAD_TURNED), each with 10 edited copies (re-cropped, rotated 5-10 degrees, relit, gamma, JPEG 30-60, blurred,
 * rescaled, printed on a rendered NID card and cropped back, combined):
 * - 10 626 impostor pairs (different faces, every copy against every copy): similarity 0.20-0.578, p95 0.508;
 *   the 231 pairs of all 22 faces analysed without the quality and pose gates reach 0.634;
 * - 699 genuine pairs (copies of one face): 0.825-0.976, p1 0.844, median 0.912.
 * accept 0.66 (distance 0.408) sits 0.082 above the highest gated impostor and above every ungated one: 0 false
 * accepts, 0% false rejects. reject 0.5 is distance 0.6, face-api's usual same-person limit; 6% of impostor
 * pairs land in the review band. Real genuine pairs (an NID photo years older than the selfie) score well below
 * these edited copies: expect many of them in the review band, not above accept.
 */
export const DEFAULT_MATCH_THRESHOLDS: Readonly<MatchThresholds> = Object.freeze({ accept: 0.66, reject: 0.5 });

const unit = z.number().min(0).max(1);
/** Tenant overrides of DEFAULT_MATCH_THRESHOLDS, for validating tenant configuration where it is read. */
export const matchThresholdsSchema = z
  .strictObject({ accept: unit.optional(), reject: unit.optional() })
  .refine((t) => t.accept === undefined || t.reject === undefined || t.reject <= t.accept, { message: 'reject must not exceed accept', path: ['reject'] });
export type MatchThresholdOverrides = z.infer<typeof matchThresholdsSchema>;

/** DEFAULT_MATCH_THRESHOLDS with the overrides merged over them; throws a RangeError naming every problem. */
export function resolveMatchThresholds(overrides: MatchThresholdOverrides = {}): MatchThresholds {
  const parsed = matchThresholdsSchema.safeParse(overrides);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'thresholds'}: ${issue.message}`);
  const resolved = { ...DEFAULT_MATCH_THRESHOLDS, ...(parsed.success ? stripUndefined(parsed.data) : {}) };
  if (parsed.success && resolved.reject > resolved.accept)
    problems.push(`reject: ${resolved.reject} exceeds accept ${resolved.accept} once merged with the defaults`);
  if (problems.length > 0) throw new RangeError(`invalid face match thresholds: ${problems.join('; ')}`);
  return resolved;
}

function stripUndefined(overrides: MatchThresholdOverrides): Partial<MatchThresholds> {
  const out: Partial<MatchThresholds> = {};
  if (overrides.accept !== undefined) out.accept = overrides.accept;
  if (overrides.reject !== undefined) out.reject = overrides.reject;
  return out;
}

/** 'match' at or above accept, 'no_match' below reject, 'review' between. */
export function decideMatch(similarity: number, thresholds: MatchThresholds = DEFAULT_MATCH_THRESHOLDS): MatchDecision {
  if (!Number.isFinite(similarity)) return 'no_match';
  if (similarity >= thresholds.accept) return 'match';
  if (similarity < thresholds.reject) return 'no_match';
  return 'review';
}
