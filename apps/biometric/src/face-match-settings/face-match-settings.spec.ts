import { validateThresholds } from './face-match-settings.service';

describe('validateThresholds', () => {
  it('accepts a review band, or none (reject equal to accept)', () => {
    expect(validateThresholds({ accept: 0.7, reject: 0.55 })).toEqual([]);
    expect(validateThresholds({ accept: 0.6, reject: 0.6 })).toEqual([]);
  });

  it('refuses reject above accept, on reject', () => {
    expect(validateThresholds({ accept: 0.5, reject: 0.7 })).toEqual([expect.objectContaining({ code: 'INVALID_THRESHOLDS', field: 'input.reject' })]);
  });

  it('refuses similarities outside 0-1, and thresholds so low that anyone matches, naming each field', () => {
    expect(
      validateThresholds({ accept: 1.2, reject: -0.1 })
        .map((p) => p.field)
        .sort(),
    ).toEqual(['input.accept', 'input.reject']);
    expect(
      validateThresholds({ accept: 0.2, reject: 0.1 })
        .map((p) => p.field)
        .sort(),
    ).toEqual(['input.accept', 'input.reject']);
    expect(validateThresholds({ accept: Number.NaN, reject: 0.5 }).map((p) => p.field)).toContain('input.accept');
  });
});
