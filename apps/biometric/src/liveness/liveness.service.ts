import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { randomToken, safeEqual, sha256Hex } from '@ekyc/crypto';
import { enqueueEvents, type OutboxRelay } from '@ekyc/event-bus';
import { createEvent } from '@ekyc/event-schemas';
import {
  checkFrameTiming,
  checkLiveness,
  type CompareFaces,
  DEFAULT_LIVENESS_RULES,
  DEFAULT_TIMING,
  drawChallenges,
  type FaceEngine,
  type FrameObservation,
  type LivenessChallengeValue,
  type LivenessRules,
  type LivenessVerdict,
  type MatchThresholds,
} from '@ekyc/face-engine';
import type { InternalContext } from '@ekyc/internal-context';
import type { Logger } from '@ekyc/logger';
import { actorOf, type FieldProblem } from '@ekyc/subgraph-kit';
import { FaceMatchRecord } from '../face-match/face-match.entity';
import { decodeFrames, type DecodedFrame } from './liveness-frames';
import { LivenessSessionRecord } from './liveness-session.entity';

export interface StartedSession {
  record: LivenessSessionRecord;
  /** Handed to the client once; only its hash is stored. */
  nonce: string;
}

export type LivenessResult<T> = { ok: true; value: T } | { ok: false; errors: FieldProblem[] };

const problem = (code: string, field: string | null, message: string): LivenessResult<never> => ({ ok: false, errors: [{ code, field, message }] });

/**
 * Active liveness: a session hands out a random challenge sequence and a nonce; one submission of frames
 * answers it. A session is used once: its frames are judged and the result kept, and any later submission
 * (a replay, or the same nonce again) is refused.
 */
export class LivenessService {
  constructor(
    private readonly deps: {
      ds: DataSource;
      engine: Pick<FaceEngine, 'analyse'>;
      compare: CompareFaces;
      thresholds: (tenantId: string) => Promise<MatchThresholds>;
      relay: Pick<OutboxRelay, 'nudge'>;
      log: Logger;
      ttlMs: number;
      rules?: LivenessRules;
      draw?: () => LivenessChallengeValue[];
    },
  ) {}

  async start(auth: InternalContext, applicationId: string): Promise<LivenessResult<StartedSession>> {
    const { ds } = this.deps;
    // Biometric learns of applications from application.created: one it has not seen is not the tenant's.
    const known = await ds.manager.existsBy(FaceMatchRecord, { tenantId: auth.tenantId, applicationId });
    if (!known) return problem('APPLICATION_NOT_FOUND', 'applicationId', 'no application with this id in your tenant');
    const nonce = randomToken(24);
    const now = new Date();
    const record = ds.manager.create(LivenessSessionRecord, {
      id: randomUUID(),
      tenantId: auth.tenantId,
      applicationId,
      challenges: (this.deps.draw ?? drawChallenges)(),
      nonceHash: sha256Hex(nonce),
      status: 'pending',
      reason: null,
      frameCount: null,
      expiresAt: new Date(now.getTime() + this.deps.ttlMs),
      createdBy: auth.userId,
      createdAt: now,
      completedAt: null,
      passedAt: null,
    });
    await ds.manager.insert(LivenessSessionRecord, record);
    return { ok: true, value: { record, nonce } };
  }

  async submit(
    auth: InternalContext,
    input: { sessionId: string; nonce: string; frames: ReadonlyArray<{ image: string; capturedAtMs: number }> },
  ): Promise<LivenessResult<LivenessSessionRecord>> {
    const decoded = decodeFrames(input.frames);
    if (!decoded.ok) return decoded;
    const claimed = await this.claim(auth.tenantId, input.sessionId, input.nonce);
    if (!claimed.ok) return claimed;
    const session = claimed.value;
    try {
      const verdict = await this.judge(session, decoded.frames);
      return { ok: true, value: await this.finish(auth, session, verdict, decoded.frames.length) };
    } catch (err) {
      this.deps.log.error({ err: (err as Error).message, sessionId: session.id }, 'liveness frames could not be analysed');
      await this.deps.ds.manager.update(
        LivenessSessionRecord,
        { id: session.id, status: 'verifying' },
        { status: 'failed', reason: 'LIVENESS_ERROR: the frames could not be analysed', completedAt: new Date() },
      );
      return problem('LIVENESS_UNAVAILABLE', null, 'the frames could not be analysed now; start a new session');
    }
  }

  /** The session a frame submission may use: found in the tenant, the right nonce, never used, not expired; then marked in use. */
  private async claim(tenantId: string, sessionId: string, nonce: string): Promise<LivenessResult<LivenessSessionRecord>> {
    const { ds } = this.deps;
    const session = await ds.manager.findOneBy(LivenessSessionRecord, { tenantId, id: sessionId });
    if (!session) return problem('LIVENESS_SESSION_NOT_FOUND', 'input.sessionId', 'no liveness session with this id in your tenant');
    if (!safeEqual(sha256Hex(nonce), session.nonceHash))
      return problem('LIVENESS_NONCE_MISMATCH', 'input.nonce', 'the nonce is not the one this session handed out');
    if (session.status !== 'pending')
      return problem(
        'LIVENESS_REPLAY',
        'input.sessionId',
        `this session was already used (${session.status === 'verifying' ? 'frames are being checked' : session.status}); start a new one`,
      );
    if (session.expiresAt.getTime() <= Date.now()) {
      await ds.manager.update(
        LivenessSessionRecord,
        { id: session.id, status: 'pending' },
        { status: 'expired', reason: 'LIVENESS_EXPIRED', completedAt: new Date() },
      );
      return problem('LIVENESS_EXPIRED', 'input.sessionId', 'the session expired; start a new one');
    }
    // One submission wins a race for the same session; the other is a replay.
    const res = await ds.manager
      .createQueryBuilder()
      .update(LivenessSessionRecord)
      .set({ status: 'verifying' })
      .where("id = :id AND status = 'pending' AND expires_at > now()", { id: session.id })
      .execute();
    if (res.affected === 0) return problem('LIVENESS_REPLAY', 'input.sessionId', 'this session was already used; start a new one');
    return { ok: true, value: Object.assign(session, { status: 'verifying' as const }) };
  }

  private async judge(session: LivenessSessionRecord, frames: DecodedFrame[]): Promise<LivenessVerdict> {
    const timing = checkFrameTiming(frames, {
      ...DEFAULT_TIMING,
      windowMs: session.expiresAt.getTime() - session.createdAt.getTime(),
      elapsedMs: Date.now() - session.createdAt.getTime(),
    });
    if (!timing.ok) return timing;
    const observations: FrameObservation[] = [];
    for (const frame of frames) {
      const result = await this.deps.engine.analyse(frame.bytes, { allowTurned: true });
      observations.push(
        result.ok
          ? {
              capturedAtMs: frame.capturedAtMs,
              face: {
                yaw: result.face.pose.yaw,
                eyeAspectRatio: result.face.eyeAspectRatio,
                mouthOpenRatio: result.face.mouthOpenRatio,
                descriptor: result.face.descriptor,
              },
            }
          : { capturedAtMs: frame.capturedAtMs, face: null, problem: result.code },
      );
      // Without a usable first frame nothing can pass: spare the CPU the other frames.
      if (observations.length === 1 && !result.ok) break;
    }
    const thresholds = await this.deps.thresholds(session.tenantId);
    return checkLiveness(session.challenges, observations, { similarity: this.deps.compare, thresholds, rules: this.deps.rules ?? DEFAULT_LIVENESS_RULES });
  }

  private async finish(auth: InternalContext, session: LivenessSessionRecord, verdict: LivenessVerdict, frameCount: number): Promise<LivenessSessionRecord> {
    const { ds } = this.deps;
    const now = new Date();
    const reason = verdict.ok ? null : `${verdict.code}: ${verdict.detail}`;
    const status = verdict.ok ? 'passed' : 'failed';
    await ds.transaction(async (m) => {
      await m.update(
        LivenessSessionRecord,
        { id: session.id, status: 'verifying' },
        { status, reason, frameCount, completedAt: now, passedAt: verdict.ok ? now : null },
      );
      await enqueueEvents(m, ds, [
        createEvent(
          'biometric.liveness.completed',
          { tenantId: session.tenantId, correlationId: session.applicationId, actor: actorOf(auth) },
          { applicationId: session.applicationId, sessionId: session.id, status, challenges: session.challenges, reason },
        ),
      ]);
    });
    this.deps.relay.nudge();
    return Object.assign(session, { status, reason, frameCount, completedAt: now, passedAt: verdict.ok ? now : null });
  }

  /** The application's liveness: its passed session if it has one, else the latest. */
  async forApplication(tenantId: string, applicationId: string): Promise<LivenessSessionRecord | null> {
    return this.deps.ds.manager
      .createQueryBuilder(LivenessSessionRecord, 's')
      .where('s.tenant_id = :tenantId AND s.application_id = :applicationId', { tenantId, applicationId })
      .orderBy(`CASE WHEN s.status = 'passed' THEN 0 ELSE 1 END`)
      .addOrderBy('s.created_at', 'DESC')
      .getOne();
  }
}
