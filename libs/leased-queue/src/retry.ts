/** When a failed attempt is tried again, and when the queue stops trying. */
export interface RetryPolicy {
  /** Delay after the first failed attempt; each later one is `factor` times longer, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Growth per attempt; 2 when not given. */
  factor?: number;
  /**
   * Up to this fraction of each delay is taken off at random, so the retries of one outage spread out instead of
   * arriving together; 0.5 when not given ("equal jitter": between half the delay and all of it).
   */
  jitter?: number;
  /** Give up once this long has passed since the work was queued. */
  giveUpAfterMs?: number;
  /** Give up after this many attempts. */
  maxAttempts?: number;
}

/** The wait after failed attempt number `attempt` (1 for the first): base·factor^(attempt-1), capped, less the jitter. */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const factor = policy.factor ?? 2;
  const jitter = policy.jitter ?? 0.5;
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * factor ** Math.max(0, attempt - 1));
  return Math.round(exponential * (1 - jitter * random()));
}

export type NextStep = { kind: 'retry'; delayMs: number } | { kind: 'give_up' };

/**
 * What follows failed attempt number `attempt` of work queued at `since`: give up when the policy's time or attempt
 * budget is spent, otherwise retry after the backoff (or after `delayMs` when the failure names its own wait, e.g. an
 * open circuit or a Retry-After; `atLeastMs` raises the backoff to a server's Retry-After without exceeding the cap).
 */
export function retryOrGiveUp(
  policy: RetryPolicy,
  failure: { attempt: number; since: Date; now?: number; delayMs?: number; atLeastMs?: number | null },
  random: () => number = Math.random,
): NextStep {
  const now = failure.now ?? Date.now();
  if (policy.maxAttempts !== undefined && failure.attempt >= policy.maxAttempts) return { kind: 'give_up' };
  if (policy.giveUpAfterMs !== undefined && now - failure.since.getTime() > policy.giveUpAfterMs) return { kind: 'give_up' };
  if (failure.delayMs !== undefined) return { kind: 'retry', delayMs: failure.delayMs };
  const backoff = backoffDelayMs(policy, failure.attempt, random);
  return { kind: 'retry', delayMs: Math.min(policy.maxDelayMs, Math.max(backoff, failure.atLeastMs ?? 0)) };
}
