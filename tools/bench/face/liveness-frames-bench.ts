import type { AnalyseResult, FaceEngine } from '@ekyc/face-engine';
import { closeEyes, openMouth, turnHead } from './synth-frames';

export interface LivenessFramesReport {
  faces: number;
  lines: string[];
}

interface Measured {
  yaw: number;
  ear: number;
  mouth: number;
}

const measuredOf = (result: AnalyseResult): Measured | null => {
  const m = result.ok ? result.face : result.measures;
  return m ? { yaw: m.pose.yaw, ear: m.eyeAspectRatio, mouth: m.mouthOpenRatio } : null;
};

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : (sorted[Math.floor((sorted.length - 1) / 2)] as number);
};

/** What the synthetic liveness frames (synth-frames.ts) measure on each face, against its neutral frame. */
export async function benchLivenessFrames(engine: FaceEngine, photos: ReadonlyArray<{ id: number; jpeg: Buffer }>, degrees = 30): Promise<LivenessFramesReport> {
  const rows: string[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const earRatio: number[] = [];
  const mouthGain: number[] = [];
  let clear = { left: 0, right: 0, eyes: 0, mouth: 0 };
  for (const { id, jpeg } of photos) {
    const base = await engine.analyse(jpeg, { allowTurned: true });
    if (!base.ok) continue;
    const lm = base.face.landmarks;
    const [l, r, e, m] = await Promise.all([turnHead(jpeg, lm, -degrees), turnHead(jpeg, lm, degrees), closeEyes(jpeg, lm), openMouth(jpeg, lm)]);
    const [ml, mr, me, mm] = [measuredOf(await engine.analyse(l, { allowTurned: true })), measuredOf(await engine.analyse(r, { allowTurned: true })), measuredOf(await engine.analyse(e)), measuredOf(await engine.analyse(m))];
    const b = { yaw: base.face.pose.yaw, ear: base.face.eyeAspectRatio, mouth: base.face.mouthOpenRatio };
    if (ml) left.push(ml.yaw - b.yaw);
    if (mr) right.push(mr.yaw - b.yaw);
    if (me) earRatio.push(me.ear / b.ear);
    if (mm) mouthGain.push(mm.mouth - b.mouth);
    clear = {
      left: clear.left + (ml && ml.yaw <= -15 ? 1 : 0),
      right: clear.right + (mr && mr.yaw >= 15 ? 1 : 0),
      eyes: clear.eyes + (me && me.ear <= 0.85 * b.ear ? 1 : 0),
      mouth: clear.mouth + (mm && mm.mouth >= b.mouth + 0.15 ? 1 : 0),
    };
    const f = (v: number | undefined, d = 2) => (v === undefined ? '  -  ' : v.toFixed(d));
    rows.push(
      `  face ${String(id).padStart(2)}: yaw ${f(b.yaw, 0)} -> ${f(ml?.yaw, 0)} / ${f(mr?.yaw, 0)}; EAR ${f(b.ear)} -> ${f(me?.ear)}; mouth ${f(b.mouth)} -> ${f(mm?.mouth)}`,
    );
  }
  const n = rows.length;
  const lines = [
    ...rows,
    `  median change: turn -${degrees}: yaw ${median(left).toFixed(1)}; turn +${degrees}: yaw +${median(right).toFixed(1)}; eyes closed: EAR x${median(earRatio).toFixed(2)}; mouth opened: +${median(mouthGain).toFixed(2)}`,
    `  clear (yaw <= -15 / >= +15, EAR <= 0.85 x neutral, mouth >= neutral + 0.15): left ${clear.left}/${n}, right ${clear.right}/${n}, eyes ${clear.eyes}/${n}, mouth ${clear.mouth}/${n}`,
  ];
  return { faces: n, lines };
}
