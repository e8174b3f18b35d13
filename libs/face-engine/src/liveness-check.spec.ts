import { drawChallenges, LIVENESS_CHALLENGES, type LivenessChallengeValue } from './liveness-challenges';
import { checkFrameTiming, checkLiveness, DEFAULT_TIMING, type FrameObservation } from './liveness-check';

const ME = [1, 0, 0];
const SOMEONE_ELSE = [0, 1, 0];
/** Descriptors whose first component is the similarity to ME. */
const LOOKALIKE = [0.55, 0, 0];
const similarity = (a: number[], b: number[]) => (a[0] === 1 ? (b[0] ?? 0) : a[0] === b[0] ? 1 : 0);
const thresholds = { accept: 0.6, reject: 0.5 };

/** Measures of one frame: neutral unless told otherwise. */
const frame = (over: Partial<NonNullable<FrameObservation['face']>> = {}): NonNullable<FrameObservation['face']> => ({
  yaw: 0,
  eyeAspectRatio: 0.3,
  mouthOpenRatio: 0.02,
  descriptor: ME,
  ...over,
});

const GESTURE: Record<LivenessChallengeValue, Array<NonNullable<FrameObservation['face']>>> = {
  turn_left: [frame({ yaw: 8 }), frame({ yaw: 24 }), frame({ yaw: 3 })],
  turn_right: [frame({ yaw: -9 }), frame({ yaw: -22 }), frame({ yaw: -2 })],
  blink: [frame({ eyeAspectRatio: 0.12 }), frame({ eyeAspectRatio: 0.29 })],
  open_mouth: [frame({ mouthOpenRatio: 0.45 }), frame()],
};

/** A neutral frame, then each challenge's frames, 150 ms apart. */
function perform(sequence: readonly LivenessChallengeValue[], extra: Array<NonNullable<FrameObservation['face']>> = []): FrameObservation[] {
  const faces = [frame(), ...sequence.flatMap((c) => GESTURE[c]), ...extra];
  return faces.map((face, i) => ({ capturedAtMs: 100 + i * 150, face }));
}

const check = (challenges: LivenessChallengeValue[], frames: FrameObservation[]) => checkLiveness(challenges, frames, { similarity, thresholds });

describe('checkLiveness', () => {
  it.each([
    [['turn_left', 'blink', 'open_mouth']],
    [['turn_right', 'turn_left', 'turn_right']],
    [['blink', 'open_mouth', 'blink']],
    [['open_mouth', 'turn_right', 'blink']],
  ] as Array<[LivenessChallengeValue[]]>)('passes %j performed in order', (challenges) => {
    expect(check(challenges, perform(challenges))).toEqual({ ok: true });
  });

  it('passes with unusable frames in between (a face lost mid-turn, a blurred frame)', () => {
    const frames = perform(['turn_left', 'blink', 'open_mouth']);
    frames.splice(2, 0, { capturedAtMs: 0, face: null, problem: 'NO_FACE' }, { capturedAtMs: 0, face: null, problem: 'TOO_BLURRY' });
    expect(check(['turn_left', 'blink', 'open_mouth'], frames)).toEqual({ ok: true });
  });

  it('tolerates a gesture still held from the step just done', () => {
    const faces = [frame(), frame({ yaw: 24 }), frame({ yaw: 22 }), frame({ mouthOpenRatio: 0.4 }), frame({ mouthOpenRatio: 0.38 }), ...GESTURE.blink];
    const frames = faces.map((face, i) => ({ capturedAtMs: i * 120, face }));
    expect(check(['turn_left', 'open_mouth', 'blink'], frames)).toEqual({ ok: true });
    // Held two steps on, it is out of turn.
    expect(
      check(['turn_left', 'open_mouth', 'blink'], [...frames.slice(0, 4), { capturedAtMs: 1_000, face: frame({ yaw: 22 }) }, ...frames.slice(5)]),
    ).toMatchObject({
      ok: false,
      code: 'LIVENESS_WRONG_ORDER',
    });
  });

  it('refuses a still image repeated: no challenge observed', () => {
    const frames = Array.from({ length: 8 }, (_, i) => ({ capturedAtMs: i * 200, face: frame() }));
    expect(check(['blink', 'turn_left', 'open_mouth'], frames)).toEqual({ ok: false, code: 'LIVENESS_CHALLENGE_NOT_MET', detail: 'blink (step 1)' });
  });

  it('refuses the right gestures in the wrong order', () => {
    expect(check(['turn_left', 'turn_right', 'blink'], perform(['turn_right', 'turn_left', 'blink']))).toEqual({
      ok: false,
      code: 'LIVENESS_WRONG_ORDER',
      detail: 'turn_right while turn_left (step 1) was expected',
    });
  });

  it('refuses a recording that performs every gesture, even one containing the asked sequence', () => {
    expect(check(['turn_left', 'blink', 'turn_right'], perform(['turn_left', 'open_mouth', 'blink', 'turn_right']))).toMatchObject({
      ok: false,
      code: 'LIVENESS_WRONG_ORDER',
    });
    expect(check(['turn_left', 'blink', 'turn_right'], perform(['turn_left', 'blink', 'turn_right', 'open_mouth']))).toEqual({
      ok: false,
      code: 'LIVENESS_WRONG_ORDER',
      detail: 'open_mouth after the last challenge',
    });
  });

  it('names the first step not met when the sequence stops early', () => {
    expect(check(['turn_left', 'blink', 'open_mouth'], perform(['turn_left', 'blink']))).toEqual({
      ok: false,
      code: 'LIVENESS_CHALLENGE_NOT_MET',
      detail: 'open_mouth (step 3)',
    });
  });

  it('counts a blink only when the eyes open again, and only on frontal frames', () => {
    const closedOnly = perform([], [frame({ eyeAspectRatio: 0.1 }), frame({ eyeAspectRatio: 0.1 })]);
    expect(check(['blink'], closedOnly)).toMatchObject({ ok: false, code: 'LIVENESS_CHALLENGE_NOT_MET' });
    // Squinting while turned is perspective, not a blink.
    const turned = perform(['turn_left'], [frame({ yaw: 14, eyeAspectRatio: 0.1 }), frame({ yaw: 14, eyeAspectRatio: 0.3 })]);
    expect(check(['turn_left', 'blink'], turned)).toEqual({ ok: false, code: 'LIVENESS_CHALLENGE_NOT_MET', detail: 'blink (step 2)' });
  });

  it('follows the engine sign convention: positive yaw is the subject turning to their left', () => {
    const left = perform([], [frame({ yaw: 16 })]);
    expect(check(['turn_left'], left)).toEqual({ ok: true });
    expect(check(['turn_right'], left)).toMatchObject({ ok: false, code: 'LIVENESS_WRONG_ORDER' });
    expect(check(['turn_left'], perform([], [frame({ yaw: 14 })]))).toMatchObject({ ok: false, code: 'LIVENESS_CHALLENGE_NOT_MET' });
  });

  it('needs a turn to move the yaw 10 degrees from the neutral frame, as well as past 15', () => {
    // A still photo held at the neutral frame's 10-degree limit reaches 15 with a few degrees of noise.
    const started = (yaw: number, turned: number) => [
      { capturedAtMs: 0, face: frame({ yaw }) },
      { capturedAtMs: 200, face: frame({ yaw: turned }) },
      { capturedAtMs: 400, face: frame({ yaw }) },
    ];
    expect(check(['turn_left'], started(9, 17))).toEqual({ ok: false, code: 'LIVENESS_CHALLENGE_NOT_MET', detail: 'turn_left (step 1)' });
    expect(check(['turn_left'], started(9, 19))).toEqual({ ok: true });
    expect(check(['turn_right'], started(-8, -16))).toEqual({ ok: false, code: 'LIVENESS_CHALLENGE_NOT_MET', detail: 'turn_right (step 1)' });
    expect(check(['turn_right'], started(-8, -18))).toEqual({ ok: true });
  });

  it('sees closed eyes at 80% of the neutral eye ratio or less, and open ones again from 90%', () => {
    const blink = (...ratios: number[]) =>
      perform(
        [],
        ratios.map((r) => frame({ eyeAspectRatio: 0.3 * r })),
      );
    expect(check(['blink'], blink(0.8, 0.9))).toEqual({ ok: true });
    expect(check(['blink'], blink(0.82, 1))).toEqual({ ok: false, code: 'LIVENESS_CHALLENGE_NOT_MET', detail: 'blink (step 1)' });
    expect(check(['blink'], blink(0.7, 0.88, 0.85))).toEqual({ ok: false, code: 'LIVENESS_CHALLENGE_NOT_MET', detail: 'blink (step 1)' });
    expect(check(['blink'], blink(0.7, 0.88, 0.95))).toEqual({ ok: true });
  });

  it('refuses when another face appears, or two faces at once', () => {
    const swapped = perform(['turn_left', 'blink', 'open_mouth']);
    swapped[4] = { capturedAtMs: swapped[4]!.capturedAtMs, face: frame({ descriptor: SOMEONE_ELSE }) };
    expect(check(['turn_left', 'blink', 'open_mouth'], swapped)).toEqual({
      ok: false,
      code: 'LIVENESS_FACE_CHANGED',
      detail: 'frame 4 shows another face than the first',
    });
    // Mid-gesture a lower similarity is expected; on a plain frame it means another face.
    const blinking = perform(['blink']);
    blinking[1] = { capturedAtMs: blinking[1]!.capturedAtMs, face: frame({ eyeAspectRatio: 0.12, descriptor: LOOKALIKE }) };
    expect(check(['blink'], blinking)).toEqual({ ok: true });
    blinking[2] = { capturedAtMs: blinking[2]!.capturedAtMs, face: frame({ eyeAspectRatio: 0.29, descriptor: LOOKALIKE }) };
    expect(check(['blink'], blinking)).toEqual({ ok: false, code: 'LIVENESS_FACE_CHANGED', detail: 'frame 2 shows another face than the first' });
    const crowded = perform(['turn_left']);
    crowded[2] = { capturedAtMs: crowded[2]!.capturedAtMs, face: null, problem: 'MULTIPLE_FACES' };
    expect(check(['turn_left'], crowded)).toMatchObject({ ok: false, code: 'LIVENESS_MULTIPLE_FACES' });
  });

  it('needs a neutral first frame: usable, frontal, eyes open, mouth closed', () => {
    const cases: FrameObservation[] = [
      { capturedAtMs: 0, face: null, problem: 'NO_FACE' },
      { capturedAtMs: 0, face: frame({ yaw: 20 }) },
      { capturedAtMs: 0, face: frame({ eyeAspectRatio: 0.1 }) },
      { capturedAtMs: 0, face: frame({ mouthOpenRatio: 0.5 }) },
    ];
    for (const first of cases) {
      const frames = perform(['turn_left']);
      frames[0] = first;
      expect(check(['turn_left'], frames)).toMatchObject({ ok: false, code: 'LIVENESS_NO_NEUTRAL_START' });
    }
  });
});

describe('checkFrameTiming', () => {
  const rules = { ...DEFAULT_TIMING, windowMs: 120_000, elapsedMs: 10_000 };
  const at = (...times: number[]) => times.map((capturedAtMs) => ({ capturedAtMs }));

  it('accepts frames in capture order within the session', () => {
    expect(checkFrameTiming(at(0, 200, 400, 900), rules)).toEqual({ ok: true });
  });

  it.each([
    ['one frame', at(0)],
    ['all at the same instant', at(500, 500, 500, 500)],
    ['out of order', at(0, 400, 300, 900)],
    ['faster than a camera', at(0, 5, 10, 800)],
    ['too quick for three gestures', at(0, 100, 200, 300)],
    ['a negative time', at(-100, 400, 900)],
    ['after the expiry', at(0, 500, 121_000)],
    ['more time than has passed since the session started', at(0, 5_000, 12_500)],
  ])('refuses frames %s', (_label, frames) => {
    expect(checkFrameTiming(frames, rules)).toMatchObject({ ok: false, code: 'LIVENESS_TIMING_IMPLAUSIBLE' });
  });
});

describe('drawChallenges', () => {
  it('draws three steps, never the same twice in a row, covering every kind over many sessions', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const challenges = drawChallenges();
      expect(challenges).toHaveLength(3);
      challenges.forEach((c, j) => {
        expect(LIVENESS_CHALLENGES).toContain(c);
        if (j > 0) expect(c).not.toBe(challenges[j - 1]);
      });
      seen.add(challenges.join(','));
    }
    // 36 sequences exist; 500 draws from a uniform source miss almost none.
    expect(seen.size).toBeGreaterThan(30);
  });

  it('takes its choices from the given source', () => {
    expect(drawChallenges(3, () => 0)).toEqual(['turn_left', 'turn_right', 'turn_left']);
  });
});
