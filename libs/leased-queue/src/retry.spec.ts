import { backoffDelayMs, retryOrGiveUp, type RetryPolicy } from './retry';

const policy: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 30_000 };

describe('backoffDelayMs', () => {
  it('doubles per attempt up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelayMs(policy, n, () => 0))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('takes up to `jitter` of the delay off at random (half by default)', () => {
    expect(backoffDelayMs(policy, 3, () => 1)).toBe(2_000);
    expect(backoffDelayMs(policy, 3, () => 0.5)).toBe(3_000);
    expect(backoffDelayMs({ ...policy, jitter: 0.1 }, 3, () => 1)).toBe(3_600);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelayMs(policy, 4);
      expect(delay).toBeGreaterThanOrEqual(4_000);
      expect(delay).toBeLessThanOrEqual(8_000);
    }
  });

  it('grows by the given factor', () => {
    expect([1, 2, 3].map((n) => backoffDelayMs({ ...policy, factor: 4 }, n, () => 0))).toEqual([1_000, 4_000, 16_000]);
  });
});

describe('retryOrGiveUp', () => {
  const since = new Date('2026-12-07T00:00:00Z');
  const at = (ms: number) => since.getTime() + ms;

  it('retries with the backoff while the time budget lasts, then gives up', () => {
    const timed = { ...policy, giveUpAfterMs: 60_000 };
    expect(retryOrGiveUp(timed, { attempt: 2, since, now: at(59_000) }, () => 0)).toEqual({ kind: 'retry', delayMs: 2_000 });
    expect(retryOrGiveUp(timed, { attempt: 2, since, now: at(60_001) })).toEqual({ kind: 'give_up' });
  });

  it('gives up after the last allowed attempt', () => {
    const counted = { ...policy, maxAttempts: 3 };
    expect(retryOrGiveUp(counted, { attempt: 2, since }, () => 0)).toEqual({ kind: 'retry', delayMs: 2_000 });
    expect(retryOrGiveUp(counted, { attempt: 3, since })).toEqual({ kind: 'give_up' });
  });

  it('a failure that names its own wait keeps it; a Retry-After raises the backoff but not past the cap', () => {
    expect(retryOrGiveUp(policy, { attempt: 1, since, delayMs: 123 })).toEqual({ kind: 'retry', delayMs: 123 });
    expect(retryOrGiveUp(policy, { attempt: 1, since, atLeastMs: 9_000 }, () => 0)).toEqual({ kind: 'retry', delayMs: 9_000 });
    expect(retryOrGiveUp(policy, { attempt: 1, since, atLeastMs: 90_000 }, () => 0)).toEqual({ kind: 'retry', delayMs: 30_000 });
  });
});
