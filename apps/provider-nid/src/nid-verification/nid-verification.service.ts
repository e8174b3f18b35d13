import type { DataSource, EntityManager } from 'typeorm';
import type { PiiCipher } from '@ekyc/crypto';
import { tableIn } from '@ekyc/db';
import { enqueueEvents, type OutboxRelay } from '@ekyc/event-bus';
import { applicantFieldsSchema, createEvent, type Actor, type ApplicantFields, type EventData, type KycEvent } from '@ekyc/event-schemas';
import { canonicalText } from '@ekyc/field-matching';
import { createLeasedTable, retryOrGiveUp, type LeasedTable, type RetryPolicy as QueueRetryPolicy } from '@ekyc/leased-queue';
import type { Logger } from '@ekyc/logger';
import type { NidCall, NidPartnerPort, NidVerificationOutcome, NidVerificationRequest } from '@ekyc/provider-contracts';
import { storeEcPhoto } from '../ec-photo/ec-photo.store';
import { recordNidCalls } from '../nid-calls/nid-call.recorder';
import { CREDENTIAL_PROBLEMS } from '../nid-credentials/credential-problems';
import type { NidSessions, SessionResult } from '../nid-credentials/nid-sessions';
import { FINAL_STATUSES, NidVerificationRecord, type NidVerificationStatusValue, type StoredFieldResult } from './nid-verification.entity';

const SYSTEM: Actor = { kind: 'system', id: 'provider-nid' };

/** The NID queue's retries: backoff with jitter, given up `giveUpAfterMs` after submission; `leaseMs` is how long a worker owns a claim. */
export type RetryPolicy = QueueRetryPolicy & { giveUpAfterMs: number; leaseMs: number };

/** Builds the EC request from what the applicant declared, in the form the service compares. */
export function toNidRequest(applicant: ApplicantFields): NidVerificationRequest {
  const text = (value: string | null) => (value === null ? undefined : canonicalText(value) || undefined);
  const address = (a: ApplicantFields['presentAddress']) =>
    a ? { division: canonicalText(a.division), district: canonicalText(a.district), upozila: canonicalText(a.upozila) } : undefined;
  return {
    identify: applicant.nid.length === 10 ? { nid10Digit: applicant.nid, nid17Digit: null } : { nid10Digit: null, nid17Digit: applicant.nid },
    verify: {
      nameEn: canonicalText(applicant.nameEn),
      name: canonicalText(applicant.name),
      dateOfBirth: applicant.dateOfBirth,
      father: text(applicant.father),
      mother: text(applicant.mother),
      spouse: text(applicant.spouse),
      permanentAddress: address(applicant.permanentAddress),
      presentAddress: address(applicant.presentAddress),
    },
  };
}

type Finish =
  | {
      kind: 'final';
      status: Extract<NidVerificationStatusValue, 'verified' | 'mismatch' | 'not_found' | 'rejected' | 'failed'>;
      reason: string | null;
      errorCode: string | null;
      outcome?: NidVerificationOutcome;
      photoRef: string | null;
    }
  | { kind: 'retry'; reason: string; errorCode: string; delayMs: number }
  | { kind: 'wait_for_operator'; reason: string; errorCode: string };

/**
 * Drives each submitted application through the EC's demographic verification: one durable work item
 * per application, claimed with a lease, so an outage delays it (visibly) but never loses or repeats it.
 */
export class NidVerificationService {
  private readonly queue: LeasedTable<NidVerificationRecord>;

  constructor(
    private readonly deps: {
      ds: DataSource;
      cipher: PiiCipher;
      client: NidPartnerPort;
      sessions: NidSessions;
      relay: Pick<OutboxRelay, 'nudge'>;
      log: Logger;
      retry: RetryPolicy;
      /** Pause before a retry while the circuit is open. */
      circuitOpenDelayMs: number;
    },
  ) {
    this.queue = createLeasedTable({
      ds: deps.ds,
      entity: NidVerificationRecord,
      table: tableIn(deps.ds, 'nid_verifications'),
      ready: ['queued', 'unavailable'],
      leased: 'in_progress',
      waiting: 'awaiting_credentials',
      leaseMs: deps.retry.leaseMs,
    });
  }

  private get table(): string {
    return tableIn(this.deps.ds, 'nid_verifications');
  }

  /** Every new application gets a verification record, so its state is visible before submission. */
  async track(manager: EntityManager, event: KycEvent<'application.created'>): Promise<void> {
    const now = new Date(event.occurredAt);
    await manager
      .createQueryBuilder()
      .insert()
      .into(NidVerificationRecord)
      .values({ tenantId: event.tenantId, applicationId: event.data.applicationId, status: 'awaiting_submission', attempts: 0, createdAt: now, updatedAt: now })
      .orIgnore()
      .execute();
  }

  /** Queues the verification; a redelivered or repeated submission of a verification already under way changes nothing. */
  async enqueue(manager: EntityManager, event: KycEvent<'application.submitted'>): Promise<void> {
    const at = new Date(event.occurredAt);
    await manager.query(
      `INSERT INTO ${this.table} AS v
         (tenant_id, application_id, submission_id, status, applicant_sealed, attempts, next_attempt_at, submitted_at, created_at, updated_at)
       VALUES ($1, $2, $3, 'queued', $4, 0, now(), $5, $5, now())
       ON CONFLICT (tenant_id, application_id) DO UPDATE
         SET status = 'queued', submission_id = EXCLUDED.submission_id, applicant_sealed = EXCLUDED.applicant_sealed,
             next_attempt_at = now(), submitted_at = EXCLUDED.submitted_at, status_reason = NULL, updated_at = now()
       WHERE v.status = 'awaiting_submission'`,
      [event.tenantId, event.data.applicationId, event.data.submissionId, event.data.applicantSealed, at],
    );
  }

  forApplication(tenantId: string, applicationId: string): Promise<NidVerificationRecord | null> {
    return this.deps.ds.manager.findOneBy(NidVerificationRecord, { tenantId, applicationId });
  }

  /** Puts work that waited for an operator back in the queue, e.g. after a password change. */
  resumeWaiting(tenantId: string): Promise<number> {
    return this.queue.resumeWaiting(tenantId);
  }

  /** Claims due work (and work whose lease lapsed after a crash), skipping rows other workers hold. */
  claimDue(limit: number): Promise<NidVerificationRecord[]> {
    return this.queue.claimDue(limit);
  }

  /** One attempt for one claimed verification: call the service, store what it said, publish the result. */
  async process(record: NidVerificationRecord): Promise<NidVerificationStatusValue> {
    const calls: NidCall[] = [];
    let username: string | null = null;
    let finish: Finish;
    const applicant = this.openApplicant(record);
    if (!applicant) {
      finish = {
        kind: 'final',
        status: 'rejected',
        reason: 'the submitted applicant data could not be read',
        errorCode: 'APPLICANT_UNREADABLE',
        photoRef: null,
      };
    } else {
      const result = await this.deps.sessions.withSession(record.tenantId, calls, (token) =>
        this.deps.client.verify(token, toNidRequest(applicant), (c) => calls.push(c)),
      );
      username = result.username;
      finish = await this.decide(record, result, calls);
    }
    return this.save(record, finish, calls, username);
  }

  private openApplicant(record: NidVerificationRecord): ApplicantFields | null {
    if (!record.applicantSealed) return null;
    try {
      const parsed = applicantFieldsSchema.safeParse(JSON.parse(this.deps.cipher.decrypt(record.applicantSealed, record.tenantId)));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private async decide(record: NidVerificationRecord, result: SessionResult<NidVerificationOutcome>, calls: NidCall[]): Promise<Finish> {
    if (result.ok) {
      const outcome = result.value;
      if (outcome.kind === 'not_found') {
        return { kind: 'final', status: 'not_found', reason: 'the EC has no person with this national id', errorCode: null, outcome, photoRef: null };
      }
      const photoRef = outcome.person ? await this.fetchPhoto(record, outcome.person.photo, calls) : null;
      const status = outcome.kind === 'verified' ? 'verified' : 'mismatch';
      const reason = outcome.kind === 'mismatch' ? 'Person data mismatch' : null;
      return { kind: 'final', status, reason, errorCode: outcome.person && !photoRef ? 'EC_PHOTO_UNAVAILABLE' : null, outcome, photoRef };
    }
    const { code, message, field } = result.error;
    if (CREDENTIAL_PROBLEMS.has(code)) return { kind: 'wait_for_operator', reason: message, errorCode: code };
    if (code === 'NID_BAD_REQUEST')
      return { kind: 'final', status: 'rejected', reason: field ? `${field}: ${message}` : message, errorCode: code, photoRef: null };
    const next = retryOrGiveUp(this.deps.retry, {
      attempt: record.attempts + 1,
      since: record.submittedAt ?? record.createdAt,
      ...(code === 'NID_CIRCUIT_OPEN' ? { delayMs: this.deps.circuitOpenDelayMs } : {}),
    });
    if (next.kind === 'give_up')
      return { kind: 'final', status: 'failed', reason: `the NID service stayed unavailable: ${message}`, errorCode: code, photoRef: null };
    return { kind: 'retry', reason: message, errorCode: code, delayMs: next.delayMs };
  }

  /** The photo URL expires 120 s after the answer: fetch it now, store it encrypted, keep only a reference. */
  private async fetchPhoto(record: NidVerificationRecord, url: string, calls: NidCall[]): Promise<string | null> {
    const photo = await this.deps.client.fetchPhoto(url, (c) => calls.push(c));
    if (!photo.ok) {
      this.deps.log.warn({ applicationId: record.applicationId, code: photo.error.code }, 'EC photo could not be fetched');
      return null;
    }
    return storeEcPhoto(this.deps.ds.manager, this.deps.cipher, record.tenantId, photo.value);
  }

  private async save(record: NidVerificationRecord, finish: Finish, calls: NidCall[], username: string | null): Promise<NidVerificationStatusValue> {
    const { ds, cipher } = this.deps;
    const verificationCalls = calls.filter((c) => c.operation === 'demographic_verification').length;
    const lastAttemptAt = calls.findLast((c) => c.operation === 'demographic_verification')?.startedAt ?? record.lastAttemptAt;
    const now = new Date();
    const common = { attempts: record.attempts + verificationCalls, lastAttemptAt };
    let update: Partial<NidVerificationRecord>;
    if (finish.kind === 'retry') {
      update = {
        ...common,
        status: 'unavailable',
        statusReason: finish.reason,
        lastErrorCode: finish.errorCode,
        nextAttemptAt: new Date(now.getTime() + finish.delayMs),
      };
    } else if (finish.kind === 'wait_for_operator') {
      update = { ...common, status: 'awaiting_credentials', statusReason: finish.reason, lastErrorCode: finish.errorCode, nextAttemptAt: null };
    } else {
      const person = finish.outcome && finish.outcome.kind !== 'not_found' ? finish.outcome.person : null;
      update = {
        ...common,
        status: finish.status,
        statusReason: finish.reason,
        lastErrorCode: finish.errorCode,
        nextAttemptAt: null,
        completedAt: now,
        verified: finish.status === 'verified',
        fieldResults: finish.outcome && finish.outcome.kind !== 'not_found' ? toFieldResults(finish.outcome.fields) : null,
        ecRequestId: person?.requestId ?? null,
        nationalIdEnc: person ? cipher.encrypt(person.nationalId, record.tenantId) : null,
        pinEnc: person ? cipher.encrypt(person.pin, record.tenantId) : null,
        ecPhotoRef: finish.photoRef,
      };
    }
    const saved = await ds.transaction(async (m) => {
      // Only the lease holder may write: a worker that lost its lease after a stall must not overwrite a newer result.
      const held = await this.queue.settle(m, record, update);
      if (username) await recordNidCalls(m, ds, { tenantId: record.tenantId, username, applicationId: record.applicationId, actor: SYSTEM }, calls);
      if (!held) return false;
      if (finish.kind === 'final') {
        await enqueueEvents(m, ds, [
          createEvent(
            'nid.verification.completed',
            { tenantId: record.tenantId, correlationId: record.applicationId, actor: SYSTEM },
            completedEvent(record.applicationId, finish, update.fieldResults ?? []),
          ),
        ]);
      }
      return true;
    });
    if (!saved) this.deps.log.warn({ applicationId: record.applicationId }, 'verification lease lost; result of this attempt discarded');
    this.deps.relay.nudge();
    return update.status ?? record.status;
  }
}

export const isFinal = (status: NidVerificationStatusValue): boolean => FINAL_STATUSES.includes(status);

function toFieldResults(fields: Record<string, boolean>): StoredFieldResult[] {
  return Object.entries(fields).map(([field, matched]) => ({ field, matched }));
}

function completedEvent(
  applicationId: string,
  finish: Extract<Finish, { kind: 'final' }>,
  fields: StoredFieldResult[],
): EventData<'nid.verification.completed'> {
  return {
    applicationId,
    outcome: finish.status === 'verified' ? 'verified' : finish.status,
    verified: finish.status === 'verified',
    fields: fields.map((f) => ({ field: f.field, matched: f.matched })),
    ecPhotoRef: finish.photoRef,
    reason: finish.reason,
  };
}
