import { randomInt } from 'node:crypto';

export const LIVENESS_CHALLENGES = ['turn_left', 'turn_right', 'blink', 'open_mouth'] as const;
export type LivenessChallengeValue = (typeof LIVENESS_CHALLENGES)[number];

export const CHALLENGE_STEPS = 3;

/**
 * A random challenge sequence from a cryptographic source, never the same step twice in a row: 4 x 3 x 3 = 36
 * sequences, so a prepared recording passes one session in 36 at best, and the wrong-order check refuses the rest.
 */
export function drawChallenges(steps = CHALLENGE_STEPS, random: (max: number) => number = randomInt): LivenessChallengeValue[] {
  const drawn: LivenessChallengeValue[] = [];
  for (let i = 0; i < steps; i++) {
    const choices = LIVENESS_CHALLENGES.filter((c) => c !== drawn[i - 1]);
    drawn.push(choices[random(choices.length)] as LivenessChallengeValue);
  }
  return drawn;
}
