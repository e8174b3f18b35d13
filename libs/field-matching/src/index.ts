export type { Result } from './result';
export { canonicalText, detectScript, type Script } from './canonical-text';
export { normaliseName } from './normalise-name';
export { normaliseNid, type Nid, type NidKind } from './normalise-nid';
export { parseDate } from './parse-date';
export { addressSchema, normaliseAddress, type Address } from './normalise-address';
export { jaroWinkler, levenshtein, levenshteinSimilarity, textSimilarity, tokenSetSimilarity } from './similarity';
export { MATCH_FIELDS, SWAPPED_DATE_SCORE, scoreField, type ApplicantFields, type MatchField } from './score-field';
export { DEFAULT_THRESHOLDS, matchFields, resolveThresholds, thresholdOverridesSchema, type FieldScore, type Thresholds } from './match-fields';
