import {
  type AnalyseResult,
  checkLiveness,
  compareFaces,
  DEFAULT_LIVENESS_RULES,
  DEFAULT_MATCH_THRESHOLDS,
  type FaceAnalysis,
  type FaceEngine,
  type FrameObservation,
} from '@ekyc/face-engine';
// The bench measures the tests' own synthetic frames (tools may use the testing libs; production code may not).
import { closeEyes, openMouth, recaptureStill, turnHead, type LivenessGesture } from '@ekyc/testing';
import { quantile, sortedCopy } from './stats';

export interface LivenessFramesReport {
  faces: number;
  /** Sessions of one challenge answered by a still photo (re-captured) that passed: must be 0. */
  stillPasses: number;
  lines: string[];
}

/** Other images of a face (the benchmark's edited copies), analysed with the production gates. */
export interface OtherImage {
  identity: number;
  result: AnalyseResult;
}

const GESTURES: readonly LivenessGesture[] = ['turn_left', 'turn_right', 'blink', 'open_mouth'];
const RECAPTURES = 5;

const observe = (result: AnalyseResult, capturedAtMs: number): FrameObservation =>
  result.ok
    ? {
        capturedAtMs,
        face: {
          yaw: result.face.pose.yaw,
          eyeAspectRatio: result.face.eyeAspectRatio,
          mouthOpenRatio: result.face.mouthOpenRatio,
          descriptor: result.face.descriptor,
        },
      }
    : { capturedAtMs, face: null, problem: result.code };

/** A one-challenge session answered with `frames` after the neutral one, under the shipped rules and thresholds. */
const passes = (challenge: LivenessGesture, neutral: AnalyseResult, frames: AnalyseResult[]) =>
  checkLiveness(
    [challenge],
    [neutral, ...frames, neutral].map((r, i) => observe(r, i * 200)),
    { similarity: compareFaces, thresholds: DEFAULT_MATCH_THRESHOLDS },
  ).ok;

const f = (v: number | undefined, digits = 2) => (v === undefined || Number.isNaN(v) ? '  -  ' : v.toFixed(digits));
const signed = (v: number | undefined) => (v === undefined ? '  - ' : `${v >= 0 ? '+' : ''}${v.toFixed(0)}`);
const median = (values: readonly number[]) => quantile(sortedCopy(values), 0.5);
const range = (values: readonly number[], digits = 2) =>
  values.length === 0 ? 'n/a' : `${f(Math.min(...values), digits)} to ${f(Math.max(...values), digits)} (median ${f(median(values), digits)})`;

/**
 * What the synthetic liveness frames of @ekyc/testing measure on each face, against its neutral frame, and whether
 * a one-challenge session with them passes the biometric service's rules; then how far the same measures move
 * between frames of a still photo (re-captured, and the benchmark's edited copies): the noise the rules must clear.
 */
export async function benchLivenessFrames(
  engine: FaceEngine,
  photos: ReadonlyArray<{ id: number; jpeg: Buffer }>,
  others: readonly OtherImage[] = [],
  degrees = 30,
): Promise<LivenessFramesReport> {
  const rows: string[] = [];
  const change = { left: [] as number[], right: [] as number[], ear: [] as number[], mouth: [] as number[] };
  const similarity = { turn: [] as number[], blink: [] as number[], mouth: [] as number[] };
  const passed: Record<LivenessGesture, number> = { turn_left: 0, turn_right: 0, blink: 0, open_mouth: 0 };
  const still = { ear: [] as number[], yaw: [] as number[], mouth: [] as number[] };
  let judged = 0;
  let stillPasses = 0;
  let closedStill = 0;
  const bases = new Map<number, FaceAnalysis>();
  for (const { id, jpeg } of photos) {
    const neutral = await engine.analyse(jpeg, { allowTurned: true });
    if (!neutral.ok) continue;
    const b = neutral.face;
    bases.set(id, b);
    const lm = b.landmarks;
    const analyse = async (image: Promise<Buffer>) => engine.analyse(await image, { allowTurned: true });
    const frames: Record<LivenessGesture, AnalyseResult> = {
      turn_left: await analyse(turnHead(jpeg, lm, 'left', degrees)),
      turn_right: await analyse(turnHead(jpeg, lm, 'right', degrees)),
      blink: await analyse(closeEyes(jpeg, lm)),
      open_mouth: await analyse(openMouth(jpeg, lm)),
    };
    const m = (g: LivenessGesture) => (frames[g].ok ? frames[g].face : frames[g].measures);
    const sim = (g: LivenessGesture) => {
      const r = frames[g];
      return r.ok ? compareFaces(b.descriptor, r.face.descriptor) : undefined;
    };
    const [left, right, closed, open] = [m('turn_left'), m('turn_right'), m('blink'), m('open_mouth')];
    if (left) change.left.push(left.pose.yaw - b.pose.yaw);
    if (right) change.right.push(right.pose.yaw - b.pose.yaw);
    if (closed) change.ear.push(closed.eyeAspectRatio / b.eyeAspectRatio);
    if (open) change.mouth.push(open.mouthOpenRatio - b.mouthOpenRatio);
    for (const [list, g] of [
      [similarity.turn, 'turn_left'],
      [similarity.turn, 'turn_right'],
      [similarity.blink, 'blink'],
      [similarity.mouth, 'open_mouth'],
    ] as const) {
      const s = sim(g);
      if (s !== undefined) list.push(s);
    }

    const recaptures = await Promise.all(Array.from({ length: RECAPTURES }, (_, i) => recaptureStill(jpeg, i + 1)));
    const stills: AnalyseResult[] = [];
    for (const image of recaptures) stills.push(await engine.analyse(image, { allowTurned: true }));
    for (const s of stills) {
      if (!s.ok) continue;
      still.ear.push(s.face.eyeAspectRatio / b.eyeAspectRatio);
      still.yaw.push(s.face.pose.yaw - b.pose.yaw);
      still.mouth.push(s.face.mouthOpenRatio - b.mouthOpenRatio);
    }

    // Only a neutral frame the rules accept can start a session.
    const rules = DEFAULT_LIVENESS_RULES;
    const startable =
      Math.abs(b.pose.yaw) <= rules.neutral.maxYaw &&
      b.eyeAspectRatio >= rules.neutral.minEyeAspectRatio &&
      b.mouthOpenRatio <= rules.neutral.maxMouthOpenRatio;
    let verdicts = 'no session: the neutral frame is not frontal, or the mouth is open';
    if (startable) {
      judged += 1;
      const ok = GESTURES.filter((g) => passes(g, neutral, [frames[g]]));
      for (const g of ok) passed[g] += 1;
      const fooled = GESTURES.filter((g) => passes(g, neutral, stills));
      stillPasses += fooled.length;
      for (const s of stills)
        if (s.ok && Math.abs(s.face.pose.yaw) <= rules.frontalDegrees && s.face.eyeAspectRatio <= rules.blinkClosedShare * b.eyeAspectRatio) closedStill += 1;
      verdicts = `passes: ${ok.join(', ') || 'none'}${fooled.length > 0 ? `; STILL PHOTO PASSES ${fooled.join(', ')}` : ''}`;
    }
    rows.push(
      `  face ${String(id).padStart(2)}: yaw ${signed(b.pose.yaw)} -> ${signed(left?.pose.yaw)} / ${signed(right?.pose.yaw)} (sim ${f(sim('turn_left'))} / ${f(sim('turn_right'))}); ` +
        `EAR ${f(b.eyeAspectRatio)} -> x${f(closed ? closed.eyeAspectRatio / b.eyeAspectRatio : undefined)} (sim ${f(sim('blink'))}); mouth ${f(b.mouthOpenRatio)} -> ${f(open?.mouthOpenRatio)} (sim ${f(sim('open_mouth'))}); ${verdicts}`,
    );
  }

  const edited = { ear: [] as number[], yaw: [] as number[], mouth: [] as number[] };
  for (const other of others) {
    const b = bases.get(other.identity);
    const o = other.result.ok ? other.result.face : other.result.measures;
    if (!b || !o) continue;
    edited.ear.push(o.eyeAspectRatio / b.eyeAspectRatio);
    edited.yaw.push(o.pose.yaw - b.pose.yaw);
    edited.mouth.push(o.mouthOpenRatio - b.mouthOpenRatio);
  }
  const noise = (name: string, n: { ear: number[]; yaw: number[]; mouth: number[] }) => {
    const ear = sortedCopy(n.ear);
    const yaw = n.yaw.map(Math.abs);
    return `  ${name} (${ear.length} frames): EAR x${f(ear[0])}-x${f(ear[ear.length - 1])} (p1 x${f(quantile(ear, 0.01))}, ${ear.filter((v) => v <= DEFAULT_LIVENESS_RULES.blinkClosedShare).length} at or below x${DEFAULT_LIVENESS_RULES.blinkClosedShare}); |yaw change| <= ${f(Math.max(0, ...yaw), 1)} (p95 ${f(quantile(sortedCopy(yaw), 0.95), 1)}); mouth change ${f(Math.min(0, ...n.mouth))} to +${f(Math.max(0, ...n.mouth))}`;
  };
  const n = rows.length;
  const lines = [
    ...rows,
    `  turn -${degrees}: yaw change ${range(change.right, 1)}; turn +${degrees}: ${range(change.left, 1)}; same-face similarity ${range(similarity.turn)}`,
    `  eyes closed: EAR x${range(change.ear)}, ${change.ear.filter((v) => v <= DEFAULT_LIVENESS_RULES.blinkClosedShare).length} of ${change.ear.length} at or below x${DEFAULT_LIVENESS_RULES.blinkClosedShare}; similarity ${range(similarity.blink)}`,
    `  mouth opened: ratio change ${range(change.mouth)}, similarity ${range(similarity.mouth)}`,
    `  one-challenge sessions passed under the shipped rules (${judged} of ${n} faces can start one): turn_left ${passed.turn_left}, turn_right ${passed.turn_right}, blink ${passed.blink}, open_mouth ${passed.open_mouth}`,
    '  between frames of a still photo (the noise the rules must clear):',
    noise(`re-captured ${RECAPTURES} times`, still),
    ...(edited.ear.length > 0 ? [noise('the edited copies above', edited)] : []),
    `  sessions of each challenge answered by the re-captured still photo that passed: ${stillPasses} (${judged * GESTURES.length} tried; frontal frames that read as closed eyes: ${closedStill})`,
  ];
  return { faces: n, stillPasses, lines };
}
