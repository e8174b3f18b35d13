import type { LivenessChallenge } from '../graphql/generated';

/** What the camera should see at one step: the face straight on, or a challenge being performed. */
export type LivenessPose = 'straight' | LivenessChallenge;

/** A straight frame first (the server needs it), then for each challenge the gesture and back to straight. */
export function capturePlan(challenges: readonly LivenessChallenge[]): LivenessPose[] {
  return ['straight', ...challenges.flatMap((c): LivenessPose[] => [c, 'straight'])];
}

/** Frame times from the session's start, strictly increasing even if the clock stalls (the server wants 20 ms or more apart). */
export function frameTimes(readings: readonly number[], minGapMs = 25): number[] {
  const out: number[] = [];
  for (const reading of readings) {
    const t = Math.max(0, Math.round(reading));
    const previous = out[out.length - 1];
    out.push(previous === undefined ? t : Math.max(t, previous + minGapMs));
  }
  return out;
}
