import type { FaceQualityCode } from './types';
import type { LivenessChallengeValue } from './liveness-challenges';

/** What the engine measured on one frame; `face` is null when it found no usable face (`problem` says why). */
export interface FrameObservation {
  capturedAtMs: number;
  face: { yaw: number; eyeAspectRatio: number; mouthOpenRatio: number; descriptor: number[] } | null;
  problem?: FaceQualityCode;
}

export type LivenessFailureCode =
  | 'LIVENESS_TIMING_IMPLAUSIBLE'
  | 'LIVENESS_NO_NEUTRAL_START'
  | 'LIVENESS_MULTIPLE_FACES'
  | 'LIVENESS_FACE_CHANGED'
  | 'LIVENESS_WRONG_ORDER'
  | 'LIVENESS_CHALLENGE_NOT_MET';

export type LivenessVerdict = { ok: true } | { ok: false; code: LivenessFailureCode; detail: string };

export interface LivenessRules {
  /** |yaw| at or beyond which a frame shows a turn. The engine's yaw is positive when the subject turned to their left. */
  turnDegrees: number;
  /** ...and the yaw moved at least this far from the neutral frame's, that way. */
  turnChange: number;
  /** |yaw| up to which a frame is frontal enough to judge eyes and mouth (turning distorts both ratios). */
  frontalDegrees: number;
  /** A blink: the eye aspect ratio falls to at most this share of the neutral frame's... */
  blinkClosedShare: number;
  /** ...and then recovers to at least this share. */
  blinkOpenShare: number;
  /** An open mouth: the mouth ratio at least this much above the neutral frame's. */
  mouthRise: number;
  /** The first frame: frontal, eyes open, mouth closed. */
  neutral: { maxYaw: number; minEyeAspectRatio: number; maxMouthOpenRatio: number };
}

/**
 * Calibrated on `npm run bench:face` ("synthetic liveness frames"): how far the engine's measures move between frames
 * of one still photo (each demo face re-captured: turned up to 4 degrees, moved, rescaled, relit, re-encoded; and the
 * bench's edited copies), against how far the synthetic gestures of @ekyc/testing move them.
 * - Turn: a still photo's yaw moved by up to 5.4 degrees (up to 9 over 550 such frames of 16 faces), so a neutral
 *   frame at the 10-degree limit could pass 15 without turning: a turn also needs 10 degrees of change from it.
 * - Blink: face-api's landmark net keeps a strong prior for open eyes and barely moves the lids. Eyes squeezed shut
 *   read x0.59-0.92 of the neutral eye aspect ratio on the 15 calibration faces (median x0.83, x0.66 on TEST_FACE),
 *   the earlier synthetic closings x0.44-1.03 (medians x0.89-0.90). A still photo stayed at x0.81 or above (x0.92
 *   re-captured, x0.81 as a card print; none lower in 550 frames), so a blink is a frontal frame at x0.80 or less
 *   followed by one back at x0.90 or more. The blink is the weakest challenge: 6 of the 15 faces' squeezed-shut
 *   frames reach x0.80, a real blink may not either, and a still photo never did. Every sequence also holds a turn
 *   or an open mouth (never the same step twice), which no still photo performs.
 * - Open mouth: a still photo's mouth ratio moved by at most +0.11; an opened mouth rises by 0.16-0.34.
 */
export const DEFAULT_LIVENESS_RULES: Readonly<LivenessRules> = Object.freeze({
  turnDegrees: 15,
  turnChange: 10,
  frontalDegrees: 10,
  blinkClosedShare: 0.8,
  blinkOpenShare: 0.9,
  mouthRise: 0.15,
  neutral: Object.freeze({ maxYaw: 10, minEyeAspectRatio: 0.15, maxMouthOpenRatio: 0.2 }),
});

export interface TimingRules {
  /** The session's lifetime: no frame may claim a later time. */
  windowMs: number;
  /** Time since the server opened the session: frames cannot span more than that (plus `graceMs`). */
  elapsedMs: number;
  graceMs: number;
  /** Closer frames than this are not from a camera (50 fps). */
  minGapMs: number;
  /** Three gestures take longer than this. */
  minSpanMs: number;
}

export const DEFAULT_TIMING: Readonly<Omit<TimingRules, 'windowMs' | 'elapsedMs'>> = Object.freeze({ graceMs: 2_000, minGapMs: 20, minSpanMs: 500 });

const fail = (code: LivenessFailureCode, detail: string): LivenessVerdict => ({ ok: false, code, detail });

/** Cheap checks on the claimed capture times, before any frame is analysed. `capturedAtMs` counts from the session's start on the device. */
export function checkFrameTiming(frames: ReadonlyArray<{ capturedAtMs: number }>, rules: TimingRules): LivenessVerdict {
  const times = frames.map((f) => f.capturedAtMs);
  const first = times[0];
  const last = times[times.length - 1];
  if (first === undefined || last === undefined || times.length < 2) return fail('LIVENESS_TIMING_IMPLAUSIBLE', 'at least two frames are needed');
  if (first < 0) return fail('LIVENESS_TIMING_IMPLAUSIBLE', 'capturedAtMs counts from the start of the session and cannot be negative');
  for (let i = 1; i < times.length; i++) {
    if ((times[i] as number) - (times[i - 1] as number) < rules.minGapMs) {
      return fail('LIVENESS_TIMING_IMPLAUSIBLE', `frame ${i} is not at least ${rules.minGapMs} ms after frame ${i - 1}: frames must be in capture order`);
    }
  }
  if (last - first < rules.minSpanMs) return fail('LIVENESS_TIMING_IMPLAUSIBLE', `the frames span ${last - first} ms, too short for the challenges`);
  if (last > rules.windowMs) return fail('LIVENESS_TIMING_IMPLAUSIBLE', 'a frame was captured after the session expired');
  if (last > rules.elapsedMs + rules.graceMs)
    return fail('LIVENESS_TIMING_IMPLAUSIBLE', 'the frames claim more time than has passed since the session started');
  return { ok: true };
}

type Gesture = LivenessChallengeValue;
type Face = NonNullable<FrameObservation['face']>;

/** The gestures one frame shows, relative to the neutral frame. */
function gesturesOf(face: Face, neutral: Face, rules: LivenessRules): { gestures: Set<Gesture>; eyesClosed: boolean; eyesOpen: boolean } {
  const gestures = new Set<Gesture>();
  if (face.yaw >= rules.turnDegrees && face.yaw - neutral.yaw >= rules.turnChange) gestures.add('turn_left');
  if (face.yaw <= -rules.turnDegrees && neutral.yaw - face.yaw >= rules.turnChange) gestures.add('turn_right');
  const frontal = Math.abs(face.yaw) <= rules.frontalDegrees;
  const eyesClosed = frontal && face.eyeAspectRatio <= rules.blinkClosedShare * neutral.eyeAspectRatio;
  const eyesOpen = frontal && face.eyeAspectRatio >= rules.blinkOpenShare * neutral.eyeAspectRatio;
  if (eyesClosed) gestures.add('blink');
  if (frontal && face.mouthOpenRatio >= neutral.mouthOpenRatio + rules.mouthRise) gestures.add('open_mouth');
  return { gestures, eyesClosed, eyesOpen };
}

/**
 * Active liveness over per-frame measures: a neutral first frame, then every challenge in order, each seen on
 * the frames (a blink as closed then open eyes), the same face throughout (every plain frame at the accept
 * threshold against the first, a frame mid-gesture at least at reject), and no other gesture out of turn
 * (a recording that performs every gesture is refused as LIVENESS_WRONG_ORDER). Frames the engine could not
 * use (blur, a face lost mid-turn) are skipped; a second face anywhere refuses the session.
 */
export function checkLiveness(
  challenges: readonly LivenessChallengeValue[],
  frames: readonly FrameObservation[],
  options: { similarity: (a: number[], b: number[]) => number; thresholds: { accept: number; reject: number }; rules?: LivenessRules },
): LivenessVerdict {
  const rules = options.rules ?? DEFAULT_LIVENESS_RULES;
  const crowded = frames.findIndex((f) => f.problem === 'MULTIPLE_FACES');
  if (crowded >= 0) return fail('LIVENESS_MULTIPLE_FACES', `frame ${crowded} shows more than one face`);
  const neutral = frames[0]?.face;
  if (!neutral) return fail('LIVENESS_NO_NEUTRAL_START', `the first frame shows no usable face${frames[0]?.problem ? ` (${frames[0].problem})` : ''}`);
  if (
    Math.abs(neutral.yaw) > rules.neutral.maxYaw ||
    neutral.eyeAspectRatio < rules.neutral.minEyeAspectRatio ||
    neutral.mouthOpenRatio > rules.neutral.maxMouthOpenRatio
  ) {
    return fail('LIVENESS_NO_NEUTRAL_START', 'the first frame must look straight at the camera with eyes open and mouth closed');
  }
  for (let i = 1; i < frames.length; i++) {
    const face = frames[i]?.face;
    if (!face) continue;
    // A gesture changes the descriptor by itself (same-face similarity measured 0.50-0.73 turned 30 degrees, 0.48-0.78
    // eyes squeezed shut, 0.69-0.85 mouth open), so a frame performing a gesture must not be another person (reject);
    // a plain frame must be the same one (accept).
    const gesturing = Math.abs(face.yaw) > rules.frontalDegrees || gesturesOf(face, neutral, rules).gestures.size > 0;
    const needed = gesturing ? options.thresholds.reject : options.thresholds.accept;
    if (options.similarity(neutral.descriptor, face.descriptor) < needed) return fail('LIVENESS_FACE_CHANGED', `frame ${i} shows another face than the first`);
  }

  let step = 0;
  let previous: Gesture | null = null;
  let closedSeen = false;
  for (let i = 1; i < frames.length; i++) {
    const face = frames[i]?.face;
    if (!face) continue;
    const seen = gesturesOf(face, neutral, rules);
    const expected = challenges[step];
    if (expected !== undefined) {
      let done = false;
      if (expected === 'blink') {
        if (seen.eyesClosed) closedSeen = true;
        else if (closedSeen && seen.eyesOpen) done = true;
      } else {
        done = seen.gestures.has(expected);
      }
      if (done) {
        previous = expected;
        step++;
        closedSeen = false;
        continue;
      }
    }
    // A gesture still held from the step just done is fine; any other out of turn is not.
    const stray = [...seen.gestures].find((g) => g !== expected && g !== previous);
    if (stray) {
      return fail(
        'LIVENESS_WRONG_ORDER',
        expected === undefined ? `${stray} after the last challenge` : `${stray} while ${expected} (step ${step + 1}) was expected`,
      );
    }
  }
  if (step < challenges.length) return fail('LIVENESS_CHALLENGE_NOT_MET', `${challenges[step]} (step ${step + 1})`);
  return { ok: true };
}
