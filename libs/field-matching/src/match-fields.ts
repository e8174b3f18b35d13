import { z } from 'zod';
import { MATCH_FIELDS, scoreField, type ApplicantFields, type MatchField } from './score-field';

export type Thresholds = Record<MatchField, number>;

/**
 * The NID and the birth date must be exact. 80 for names sits between a name with one of three words missing
 * or a long word misspelt (82-98) and different names one letter apart, like "Kamal"/"Jamal" or "Rahman"/"Rahim"
 * (64-68). Addresses average their parts, so at 70 the right division and district with the wrong upazila
 * (about 70) would pass; 80 needs every part right or nearly so.
 */
export const DEFAULT_THRESHOLDS: Thresholds = Object.freeze({
  nid: 100,
  dateOfBirth: 100,
  nameEn: 80,
  name: 80,
  father: 80,
  mother: 80,
  spouse: 80,
  presentAddress: 80,
  permanentAddress: 80,
});

const threshold = z.number().min(0).max(100).optional();
/** Tenant overrides, for validating tenant configuration where it is read. */
export const thresholdOverridesSchema = z.strictObject({
  nid: threshold,
  nameEn: threshold,
  name: threshold,
  father: threshold,
  mother: threshold,
  spouse: threshold,
  dateOfBirth: threshold,
  presentAddress: threshold,
  permanentAddress: threshold,
});

/** DEFAULT_THRESHOLDS with the overrides merged over them; throws a RangeError naming every invalid override. */
export function resolveThresholds(overrides: Partial<Thresholds> = {}): Thresholds {
  const parsed = thresholdOverridesSchema.safeParse(overrides);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'thresholds'}: ${issue.message}`);
    throw new RangeError(`invalid match thresholds: ${problems.join('; ')}`);
  }
  const resolved = { ...DEFAULT_THRESHOLDS };
  for (const field of MATCH_FIELDS) resolved[field] = parsed.data[field] ?? resolved[field];
  return resolved;
}

export interface FieldScore {
  field: MatchField;
  score: number;
  matched: boolean;
}

/** Scores each field present on both sides, in MATCH_FIELDS order; tenant overrides merge over DEFAULT_THRESHOLDS. */
export function matchFields(candidate: ApplicantFields, reference: ApplicantFields, thresholds?: Partial<Thresholds>): FieldScore[] {
  const limits = resolveThresholds(thresholds);
  return MATCH_FIELDS.flatMap((field) => {
    const score = scoreField(field, candidate[field], reference[field]);
    return score === null ? [] : [{ field, score, matched: score >= limits[field] }];
  });
}
