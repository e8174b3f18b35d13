import { compareFaces, decideMatch, DEFAULT_MATCH_THRESHOLDS, matchThresholdsSchema, resolveMatchThresholds, similarityToDistance } from './compare-faces';

const descriptor = (value: number) => new Array<number>(128).fill(value);

describe('compareFaces', () => {
  it('is 1 for identical descriptors and falls linearly with the euclidean distance to 0 at 1.2', () => {
    expect(compareFaces(descriptor(0.1), descriptor(0.1))).toBe(1);
    // 128 components 0.05 apart: distance 0.05 * sqrt(128) = 0.566.
    expect(compareFaces(descriptor(0), descriptor(0.05))).toBeCloseTo(1 - (0.05 * Math.sqrt(128)) / 1.2, 10);
    expect(compareFaces(descriptor(0), descriptor(0.5))).toBe(0);
  });

  it('is symmetric and converts back to the distance', () => {
    const a = descriptor(0).map((_, i) => Math.sin(i) / 10);
    const b = descriptor(0).map((_, i) => Math.cos(i) / 10);
    expect(compareFaces(a, b)).toBe(compareFaces(b, a));
    const distance = Math.hypot(...a.map((v, i) => v - (b[i] as number)));
    expect(similarityToDistance(compareFaces(a, b))).toBeCloseTo(distance, 10);
  });

  it('refuses descriptors of different lengths', () => {
    expect(() => compareFaces(descriptor(0), [0, 1])).toThrow(RangeError);
    expect(() => compareFaces([], [])).toThrow(RangeError);
  });
});

describe('decideMatch', () => {
  it('matches at and above accept, reviews between, rejects below reject', () => {
    const t = { accept: 0.7, reject: 0.5 };
    expect(decideMatch(0.7, t)).toBe('match');
    expect(decideMatch(0.95, t)).toBe('match');
    expect(decideMatch(0.69, t)).toBe('review');
    expect(decideMatch(0.5, t)).toBe('review');
    expect(decideMatch(0.49, t)).toBe('no_match');
    expect(decideMatch(Number.NaN, t)).toBe('no_match');
  });

  it('uses the calibrated defaults: a review band below accept, reject at distance 0.6', () => {
    expect(DEFAULT_MATCH_THRESHOLDS.reject).toBeLessThan(DEFAULT_MATCH_THRESHOLDS.accept);
    expect(similarityToDistance(DEFAULT_MATCH_THRESHOLDS.reject)).toBeCloseTo(0.6, 10);
    expect(decideMatch(DEFAULT_MATCH_THRESHOLDS.accept)).toBe('match');
    expect(Object.isFrozen(DEFAULT_MATCH_THRESHOLDS)).toBe(true);
  });
});

describe('tenant thresholds', () => {
  it('accepts partial overrides in [0, 1] with reject <= accept', () => {
    expect(matchThresholdsSchema.safeParse({ accept: 0.8, reject: 0.6 }).success).toBe(true);
    expect(matchThresholdsSchema.safeParse({ accept: 0.7, reject: 0.7 }).success).toBe(true);
    expect(matchThresholdsSchema.safeParse({ accept: 0.9 }).success).toBe(true);
    expect(matchThresholdsSchema.safeParse({}).success).toBe(true);
  });

  it('rejects values outside [0, 1], reject above accept and unknown keys', () => {
    expect(matchThresholdsSchema.safeParse({ accept: 1.2 }).success).toBe(false);
    expect(matchThresholdsSchema.safeParse({ reject: -0.1 }).success).toBe(false);
    expect(matchThresholdsSchema.safeParse({ accept: 0.5, reject: 0.6 }).success).toBe(false);
    expect(matchThresholdsSchema.safeParse({ accept: 0.7, threshold: 0.5 }).success).toBe(false);
  });

  it('merges overrides over the defaults and checks the result', () => {
    expect(resolveMatchThresholds()).toEqual(DEFAULT_MATCH_THRESHOLDS);
    expect(resolveMatchThresholds({ accept: 0.8 })).toEqual({ accept: 0.8, reject: DEFAULT_MATCH_THRESHOLDS.reject });
    expect(() => resolveMatchThresholds({ accept: 0.3 })).toThrow(/reject: 0.5 exceeds accept 0.3/);
    expect(() => resolveMatchThresholds({ accept: 2 })).toThrow(RangeError);
  });
});
