import type { DataSource, EntityManager } from 'typeorm';
import { enqueueEvents } from '@ekyc/event-bus';
import { createEvent, type Actor, type KycEvent } from '@ekyc/event-schemas';
import type { Logger } from '@ekyc/logger';
import { ApplicationRecord } from '../application/application.entity';
import { AWAITING_RESUBMISSION } from '../review/pending-owner';
import { SubmissionRecord } from '../submission/submission.entity';
import { decide, type FaceResult, type LivenessResult, type NidResult } from './decide';

const SYSTEM: Actor = { kind: 'system', id: 'identity-document' };
const FINAL = new Set(['passed', 'failed', 'invalid']);

/** What the decision service asks of review cases: open one for a pending application that needs a person, close it when decided. */
export interface ReviewCases {
  openFor(manager: EntityManager, record: ApplicationRecord, causationId: string): Promise<void>;
  supersede(manager: EntityManager, record: ApplicationRecord, causationId: string): Promise<void>;
}

/**
 * Consumes the providers' results and moves the application through its state machine. A final
 * status is never changed by a late or redelivered result; each result is kept for the record.
 */
export class DecisionService {
  constructor(private readonly deps: { ds: DataSource; log: Logger; reviews?: ReviewCases }) {}

  onNidResult(manager: EntityManager, event: KycEvent<'nid.verification.completed'>): Promise<void> {
    const { outcome, fields, reason, ecPhotoRef } = event.data;
    return this.apply(manager, event, { nidResult: { outcome, fields, reason, ecPhotoRef } });
  }

  /** A comparison of a selfie the agent has since replaced (at a reviewer's request) is kept out of the decision. */
  onFaceResult(manager: EntityManager, event: KycEvent<'biometric.match.completed'>): Promise<void> {
    const { matches, knownFace, selfieRef } = event.data;
    return this.apply(manager, event, (record) =>
      selfieRef !== undefined && selfieRef !== record.selfieRef ? {} : { faceResult: { matches, knownFace: knownFace ?? null } },
    );
  }

  /** Each liveness session counts once, however often its event is delivered; one passed session is enough. */
  onLivenessResult(manager: EntityManager, event: KycEvent<'biometric.liveness.completed'>): Promise<void> {
    const { sessionId, status, reason } = event.data;
    return this.apply(manager, event, (record) => {
      const seen: LivenessResult = record.livenessResult ?? { passedSessionId: null, failures: [] };
      if (seen.passedSessionId === sessionId || seen.failures.some((f) => f.sessionId === sessionId)) return {};
      if (status === 'passed') return { livenessResult: { ...seen, passedSessionId: seen.passedSessionId ?? sessionId } };
      return { livenessResult: { ...seen, failures: [...seen.failures, { sessionId, reason }] } };
    });
  }

  private async apply(
    manager: EntityManager,
    event: KycEvent,
    change: { nidResult?: NidResult } | ((record: ApplicationRecord) => { faceResult?: FaceResult; livenessResult?: LivenessResult }),
  ): Promise<void> {
    const applicationId = (event.data as { applicationId: string }).applicationId;
    const record = await manager.findOne(ApplicationRecord, { where: { tenantId: event.tenantId, id: applicationId }, lock: { mode: 'pessimistic_write' } });
    if (!record) {
      this.deps.log.warn({ applicationId, eventType: event.type }, 'result for an unknown application ignored');
      return;
    }
    Object.assign(record, typeof change === 'function' ? change(record) : change);
    // Final, or waiting for what a reviewer asked the agent for: the result is kept, the decision waits.
    if (FINAL.has(record.status) || record.decisionReason?.startsWith(AWAITING_RESUBMISSION)) {
      await manager.save(ApplicationRecord, record);
      return;
    }
    await this.redecide(manager, record, event.id);
  }

  /** Decides a locked, pending application from the results it holds: final, or pending with a case when a person must look. */
  async redecide(manager: EntityManager, record: ApplicationRecord, causationId: string, actor: Actor = SYSTEM): Promise<void> {
    const decision = decide({
      nid: record.nidResult,
      face: record.faceResult,
      liveness: record.livenessResult,
      faceRequired: record.faceRequired,
      livenessRequired: record.livenessRequired,
      selfieResubmitted: selfieResubmitted(record),
    });
    if (decision.status === 'pending') {
      Object.assign(record, { status: 'pending', decisionReason: decision.reason, updatedAt: new Date() });
      await manager.save(ApplicationRecord, record);
      await this.deps.reviews?.openFor(manager, record, causationId);
      return;
    }
    await finalise(manager, this.deps.ds, record, { status: decision.status, reason: decision.reason }, { causationId, actor });
    await this.deps.reviews?.supersede(manager, record, causationId);
  }
}

/** Whether the agent sent a new selfie at a reviewer's request. */
function selfieResubmitted(record: ApplicationRecord): boolean {
  return Boolean(record.resubmission?.received && record.resubmission.items.includes('SELFIE'));
}

/**
 * Makes a pending application final (by the providers' results or by a reviewer) in the caller's transaction: the
 * status and reason, the submission settled, and `verification.completed` queued once.
 */
export async function finalise(
  manager: EntityManager,
  ds: DataSource,
  record: ApplicationRecord,
  decision: { status: 'passed' | 'failed' | 'invalid'; reason: string | null },
  meta: { causationId?: string; actor: Actor },
): Promise<void> {
  const now = new Date();
  Object.assign(record, { status: decision.status, decisionReason: decision.reason, decidedAt: now, updatedAt: now });
  await manager.save(ApplicationRecord, record);
  await settleSubmission(manager, record);
  await enqueueEvents(manager, ds, [
    createEvent(
      'verification.completed',
      { tenantId: record.tenantId, correlationId: record.id, ...(meta.causationId ? { causationId: meta.causationId } : {}), actor: meta.actor },
      { applicationId: record.id, status: decision.status, reason: decision.reason },
    ),
  ]);
}

/** What a submission becomes once its application is final: approved, or rejected with the reason; null before. */
export function submissionSettlement(record: ApplicationRecord): Pick<SubmissionRecord, 'kycStatus' | 'retryCode' | 'retryMessage'> | null {
  if (!FINAL.has(record.status)) return null;
  if (record.status === 'passed') return { kycStatus: 'approved', retryCode: null, retryMessage: null };
  return { kycStatus: 'rejected', retryCode: record.decisionReason?.split(':')[0] ?? null, retryMessage: record.decisionReason };
}

/** The submission's kycStatus follows the application's final status. */
export async function settleSubmission(manager: EntityManager, record: ApplicationRecord): Promise<void> {
  const settlement = submissionSettlement(record);
  if (!record.submissionId || !settlement) return;
  await manager.update(SubmissionRecord, { tenantId: record.tenantId, id: record.submissionId }, { ...settlement, updatedAt: new Date() });
}
