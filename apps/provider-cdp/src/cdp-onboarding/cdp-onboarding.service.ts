import type { DataSource, EntityManager } from 'typeorm';
import type { PiiCipher } from '@ekyc/crypto';
import { tableIn } from '@ekyc/db';
import { enqueueEvents, type OutboxRelay } from '@ekyc/event-bus';
import { applicantFieldsSchema, createEvent, type Actor, type ApplicantFields, type EventData, type KycEvent } from '@ekyc/event-schemas';
import type { InternalContext } from '@ekyc/internal-context';
import { backoffDelayMs, createLeasedTable, retryOrGiveUp, type LeasedTable, type RetryPolicy as QueueRetryPolicy } from '@ekyc/leased-queue';
import type { Logger } from '@ekyc/logger';
import {
  CDP_MASTER_DATA,
  CDP_MAX_DOCUMENT_BYTES,
  type CdpCall,
  type CdpCustomer,
  type CdpDocument,
  type CdpError,
  type CdpPort,
} from '@ekyc/provider-contracts';
import type { BlobFetchResult, FieldProblem } from '@ekyc/subgraph-kit';
import { recordCdpCalls } from '../cdp-calls/cdp-call.recorder';
import type { CdpSettingsService } from '../cdp-settings/cdp-settings.service';
import type { CdpSessions, SessionResult } from '../cdp-settings/cdp-sessions';
import { CREDENTIAL_PROBLEMS } from '../cdp-settings/credential-problems';
import { CdpOnboardingRecord, FINAL_STATUSES, type CdpOnboardingStatusValue } from './cdp-onboarding.entity';
import { ekycReport, toCdpOnboardingRequest } from './onboarding-request';

const SYSTEM: Actor = { kind: 'system', id: 'provider-cdp' };

/** The CDP queue's retries: backoff with jitter, given up `giveUpAfterMs` after queueing; `leaseMs` is how long a worker owns a claim. */
export type RetryPolicy = QueueRetryPolicy & { giveUpAfterMs: number; leaseMs: number };

type FinalStatus = Extract<CdpOnboardingStatusValue, 'onboarded' | 'existing' | 'blocked' | 'under_investigation' | 'failed'>;
export type Finish =
  | { kind: 'final'; status: FinalStatus; reason: string | null; errorCode: string | null; customer?: Pick<CdpCustomer, 'customerId' | 'subscriptionStatus'> }
  | { kind: 'not_eligible'; reason: string }
  | { kind: 'retry'; reason: string; errorCode: string; delayMs?: number }
  | { kind: 'wait_for_operator'; reason: string; errorCode: string }
  | { kind: 'lease_lost' };

type ImageSource = (tenantId: string, ref: string) => Promise<BlobFetchResult>;
export type ManualResult = { ok: true; record: CdpOnboardingRecord } | { ok: false; errors: FieldProblem[] };

const PROBLEM_LIMIT = 5;
const describeProblems = (error: Pick<CdpError, 'message' | 'problems'>) =>
  error.problems.length === 0
    ? error.message
    : `${error.message}: ${error.problems
        .slice(0, PROBLEM_LIMIT)
        .map((p) => `${p.field} (${p.message})`)
        .join('; ')}`;

/**
 * Onboards every passed application of a tenant that enabled it into the CDP, exactly once: one durable work
 * item per application, claimed with a lease, that always looks the customer up before it onboards, so a
 * retried onboarding whose first answer was lost finds the customer instead of creating another.
 */
export class CdpOnboardingService {
  private readonly queue: LeasedTable<CdpOnboardingRecord>;

  constructor(
    private readonly deps: {
      ds: DataSource;
      cipher: PiiCipher;
      client: CdpPort;
      sessions: CdpSessions;
      settings: Pick<CdpSettingsService, 'find' | 'usable'>;
      images: ImageSource;
      relay: Pick<OutboxRelay, 'nudge'>;
      log: Logger;
      retry: RetryPolicy;
      /** Pause before a retry while the circuit is open. */
      circuitOpenDelayMs: number;
      /** How long to wait for the NID result (and its EC photo) when the application has no other face image. */
      nidWaitMs: number;
    },
  ) {
    // One person is never onboarded twice at once: rows of one tenant with the same NID are claimed one at a time.
    this.queue = createLeasedTable({
      ds: deps.ds,
      entity: CdpOnboardingRecord,
      table: tableIn(deps.ds, 'cdp_onboardings'),
      ready: ['queued', 'unavailable'],
      leased: 'in_progress',
      waiting: 'awaiting_credentials',
      exclusiveKey: 'nid_idx',
      leaseMs: deps.retry.leaseMs,
    });
  }

  private get table(): string {
    return tableIn(this.deps.ds, 'cdp_onboardings');
  }

  /** Every new application gets a record, so its state is visible before it is decided. */
  async track(manager: EntityManager, event: KycEvent<'application.created'>): Promise<void> {
    const now = new Date(event.occurredAt);
    await manager
      .createQueryBuilder()
      .insert()
      .into(CdpOnboardingRecord)
      .values({
        tenantId: event.tenantId,
        applicationId: event.data.applicationId,
        status: 'awaiting_verification',
        attempts: 0,
        createdAt: now,
        updatedAt: now,
      })
      .orIgnore()
      .execute();
  }

  /** Keeps what the onboarding will need: the sealed applicant and mobile number, and the image references. */
  async onSubmitted(manager: EntityManager, event: KycEvent<'application.submitted'>): Promise<void> {
    const { data, tenantId } = event;
    const applicant = this.open(data.applicantSealed, tenantId);
    const at = new Date(event.occurredAt);
    await manager.query(
      `INSERT INTO ${this.table} AS o
         (tenant_id, application_id, status, attempts, applicant_sealed, mobile_sealed, nid_idx, document_type, selfie_ref, card_photo_ref,
          document_front_ref, document_back_ref, submitted_at, created_at, updated_at)
       VALUES ($1, $2, 'awaiting_verification', 0, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, now())
       ON CONFLICT (tenant_id, application_id) DO UPDATE
         SET applicant_sealed = EXCLUDED.applicant_sealed, mobile_sealed = EXCLUDED.mobile_sealed, nid_idx = EXCLUDED.nid_idx,
             document_type = EXCLUDED.document_type, selfie_ref = EXCLUDED.selfie_ref, card_photo_ref = EXCLUDED.card_photo_ref,
             document_front_ref = EXCLUDED.document_front_ref, document_back_ref = EXCLUDED.document_back_ref,
             submitted_at = EXCLUDED.submitted_at, updated_at = now()
       WHERE o.status = 'awaiting_verification'`,
      [
        tenantId,
        data.applicationId,
        data.applicantSealed,
        data.mobileNumberSealed ?? null,
        applicant ? this.deps.cipher.blindIndex(applicant.nid, tenantId) : null,
        data.documentType,
        data.selfieRef ?? null,
        data.cardPhotoRef ?? null,
        data.documentRefs?.front ?? null,
        data.documentRefs?.back ?? null,
        at,
      ],
    );
  }

  /** The EC's answer: the field results for the eKYC report, and the EC photo, the face image of last resort. */
  async onNidResult(manager: EntityManager, event: KycEvent<'nid.verification.completed'>): Promise<boolean> {
    const { data, tenantId } = event;
    const rows = (await manager.query(
      `INSERT INTO ${this.table} AS o (tenant_id, application_id, status, attempts, ec_photo_ref, nid_result, nid_completed_at, created_at, updated_at)
       VALUES ($1, $2, 'awaiting_verification', 0, $3, $4, $5, $5, now())
       ON CONFLICT (tenant_id, application_id) DO UPDATE
         SET ec_photo_ref = EXCLUDED.ec_photo_ref, nid_result = EXCLUDED.nid_result, nid_completed_at = EXCLUDED.nid_completed_at, updated_at = now(),
             next_attempt_at = CASE WHEN o.status = 'unavailable' AND o.last_error_code = 'FACE_IMAGE_PENDING' THEN now() ELSE o.next_attempt_at END
       RETURNING status`,
      [
        tenantId,
        data.applicationId,
        data.ecPhotoRef,
        JSON.stringify({ outcome: data.outcome, fields: data.fields.map(({ field, matched }) => ({ field, matched })) }),
        new Date(event.occurredAt),
      ],
    )) as Array<{ status: CdpOnboardingStatusValue }>;
    // An onboarding that waits for the EC photo can go on now.
    return rows.some((r) => r.status === 'queued' || r.status === 'unavailable');
  }

  /** Queues the onboarding of a passed application when the tenant onboards automatically; a redelivery changes nothing. */
  async onVerificationCompleted(manager: EntityManager, event: KycEvent<'verification.completed'>): Promise<boolean> {
    const { data, tenantId } = event;
    const decidedAt = new Date(event.occurredAt);
    let status: CdpOnboardingStatusValue = 'not_eligible';
    let reason: string | null = `the application was not passed (${data.status})`;
    if (data.status === 'passed') {
      const settings = await this.deps.settings.find(tenantId);
      if (settings?.enabled) [status, reason] = ['queued', null];
      else reason = 'automatic CDP onboarding is not enabled for this tenant; a partner admin can onboard it';
    }
    const queued = status === 'queued';
    const rows = (await manager.query(
      `INSERT INTO ${this.table} AS o (tenant_id, application_id, status, status_reason, attempts, application_status, decided_at, trigger, queued_at, next_attempt_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 0, $5, $6, $7, $8, $8, $6, now())
       ON CONFLICT (tenant_id, application_id) DO UPDATE
         SET status = EXCLUDED.status, status_reason = EXCLUDED.status_reason, application_status = EXCLUDED.application_status,
             decided_at = EXCLUDED.decided_at, trigger = EXCLUDED.trigger, queued_at = EXCLUDED.queued_at, next_attempt_at = EXCLUDED.next_attempt_at, updated_at = now()
       WHERE o.status = 'awaiting_verification'
       RETURNING id`,
      [tenantId, data.applicationId, status, reason, data.status, decidedAt, queued ? 'automatic' : null, queued ? new Date() : null],
    )) as unknown[];
    return queued && rows.length > 0;
  }

  forApplication(tenantId: string, applicationId: string): Promise<CdpOnboardingRecord | null> {
    return this.deps.ds.manager.findOneBy(CdpOnboardingRecord, { tenantId, applicationId });
  }

  /**
   * A partner admin's request to onboard a passed application now: one that automatic onboarding skipped, that
   * failed, or whose customer was blocked or under investigation (the CDP is asked again, lookup first).
   */
  async requestManual(auth: InternalContext, applicationId: string): Promise<ManualResult> {
    const fail = (code: string, message: string, field: string | null = 'applicationId'): ManualResult => ({ ok: false, errors: [{ code, message, field }] });
    const record = await this.forApplication(auth.tenantId, applicationId);
    if (!record) return fail('APPLICATION_NOT_FOUND', 'no application with this id');
    if (record.applicationStatus !== 'passed') return fail('APPLICATION_NOT_PASSED', 'only a passed application can be onboarded');
    if (record.status === 'onboarded' || record.status === 'existing')
      return fail('ALREADY_ONBOARDED', `the customer is already in the CDP (${record.customerId ?? 'id unknown'})`);
    if (record.status === 'queued' || record.status === 'in_progress' || record.status === 'unavailable')
      return fail('ONBOARDING_IN_PROGRESS', 'this application is being onboarded');
    const usable = await this.deps.settings.usable(auth.tenantId);
    if (!usable.ok) return fail(usable.error.code, usable.error.message, null);
    const rows = (await this.deps.ds.query(
      `UPDATE ${this.table}
          SET status = 'queued', trigger = 'manual', requested_by = $3, queued_at = now(), next_attempt_at = now(),
              status_reason = NULL, last_error_code = NULL, completed_at = NULL, updated_at = now()
        WHERE tenant_id = $1 AND application_id = $2 AND status IN ('not_eligible', 'failed', 'awaiting_credentials', 'blocked', 'under_investigation')
        RETURNING id`,
      [auth.tenantId, applicationId, auth.userId],
    )) as [unknown[], number];
    if (rows[1] === 0) return fail('ONBOARDING_IN_PROGRESS', 'this application changed meanwhile; look again');
    return { ok: true, record: (await this.forApplication(auth.tenantId, applicationId)) as CdpOnboardingRecord };
  }

  /** Puts work that waited for a partner admin back in the queue, after the CDP client was configured again. */
  resumeWaiting(tenantId: string): Promise<number> {
    return this.queue.resumeWaiting(tenantId);
  }

  /**
   * Claims due work (and work whose lease lapsed after a crash), skipping rows other workers hold and, so that one
   * person is never onboarded twice at once, anyone whose other application is being onboarded right now.
   */
  claimDue(limit: number): Promise<CdpOnboardingRecord[]> {
    return this.queue.claimDue(limit);
  }

  /** One attempt for one claimed onboarding: look up, onboard if new, store what the CDP said, publish the outcome. */
  async process(record: CdpOnboardingRecord): Promise<CdpOnboardingStatusValue> {
    const calls: CdpCall[] = [];
    const client = { id: null as string | null };
    const finish = await this.attempt(record, calls, client);
    return this.save(record, finish, calls, client.id);
  }

  private open(sealed: string | null, tenantId: string): ApplicantFields | null {
    if (!sealed) return null;
    try {
      const parsed = applicantFieldsSchema.safeParse(JSON.parse(this.deps.cipher.decrypt(sealed, tenantId)));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private openMobile(record: CdpOnboardingRecord): string | null {
    if (!record.mobileSealed) return null;
    try {
      return this.deps.cipher.decrypt(record.mobileSealed, record.tenantId);
    } catch {
      return null;
    }
  }

  private async attempt(record: CdpOnboardingRecord, calls: CdpCall[], client: { id: string | null }): Promise<Finish> {
    const { tenantId, applicationId } = record;
    if (record.trigger !== 'manual') {
      const settings = await this.deps.settings.find(tenantId);
      if (!settings?.enabled)
        return {
          kind: 'not_eligible',
          reason: 'automatic CDP onboarding was turned off before this application was onboarded; a partner admin can onboard it',
        };
    }
    const applicant = this.open(record.applicantSealed, tenantId);
    if (!applicant)
      return { kind: 'final', status: 'failed', reason: 'the submitted applicant data is not available to this service', errorCode: 'APPLICANT_UNAVAILABLE' };

    if (this.awaitsFaceImage(record)) {
      return { kind: 'retry', reason: 'waiting for the NID result and its EC photo, the only face image of this application', errorCode: 'FACE_IMAGE_PENDING' };
    }

    const lookup = await this.deps.sessions.withSession(tenantId, calls, (token) =>
      this.deps.client.lookupCustomer(token, { requestId: applicationId, idType: 'NID', idNumber: applicant.nid }, (c) => calls.push(c)),
    );
    client.id = lookup.clientId;
    if (!lookup.ok) return this.failure(record, lookup, 'lookup');
    const found = lookup.value;
    if (found.kind === 'under_investigation')
      return { kind: 'final', status: 'under_investigation', reason: 'the CDP reports the customer under compliance investigation', errorCode: null };
    if (found.kind === 'blocked') return { kind: 'final', status: 'blocked', reason: 'the CDP reports the customer as blocked', errorCode: null };
    if (found.kind === 'found' || found.kind === 'subscription_pending') return this.known(record, found.customer);

    const documents = await this.documents(record);
    if (!documents.ok) return documents.finish;
    const request = toCdpOnboardingRequest({
      applicationId,
      applicant,
      mobileNumber: this.openMobile(record),
      verifiedAt: record.nidCompletedAt ?? record.decidedAt ?? new Date(),
      nidResult: record.nidResult,
      documents: documents.value,
    });
    // Written before the request goes out: from here until an answer, only a lookup can tell what happened.
    if (!(await this.queue.saveHeld(this.deps.ds.manager, record, { onboardingSentAt: new Date() }))) return { kind: 'lease_lost' };
    const onboarded = await this.deps.sessions.withSession(tenantId, calls, (token) => this.deps.client.onboardCustomer(token, request, (c) => calls.push(c)));
    if (!onboarded.ok) return this.failure(record, onboarded, 'onboarding');
    const outcome = onboarded.value;
    if (outcome.kind === 'onboarded') return { kind: 'final', status: 'onboarded', reason: null, errorCode: null, customer: outcome.customer };
    if (outcome.kind === 'already_onboarded') return this.known(record, outcome.customer);
    if (outcome.kind === 'under_investigation')
      return { kind: 'final', status: 'under_investigation', reason: 'the CDP refused the onboarding: compliance investigation', errorCode: null };
    return { kind: 'final', status: 'blocked', reason: 'the CDP refused the onboarding: the customer or the id is blocked', errorCode: null };
  }

  /** A customer the CDP already has: ours when it carries this application's request id, an existing one otherwise. */
  private known(record: CdpOnboardingRecord, customer: CdpCustomer | null): Finish {
    if (customer && customer.referenceId === record.applicationId) return { kind: 'final', status: 'onboarded', reason: null, errorCode: null, customer };
    return {
      kind: 'final',
      status: 'existing',
      reason: customer
        ? `the CDP already had this customer (since ${customer.onboardedAt.slice(0, 10)})`
        : 'the CDP already has this customer; its subscription is pending',
      errorCode: null,
      ...(customer ? { customer } : {}),
    };
  }

  private failure(record: CdpOnboardingRecord, result: Extract<SessionResult<unknown>, { ok: false }>, step: 'lookup' | 'onboarding'): Finish {
    const { code, retryable } = result.error;
    const message = describeProblems(result.error);
    if (CREDENTIAL_PROBLEMS.has(code)) return { kind: 'wait_for_operator', reason: message, errorCode: code };
    if (retryable || code === 'CDP_TOKEN_REJECTED') return this.retryOrFail(record, message, code);
    const unknown =
      step === 'onboarding' && code === 'CDP_UNEXPECTED_RESPONSE' ? '; whether the customer was created is unknown: onboarding it again looks it up first' : '';
    return { kind: 'final', status: 'failed', reason: `${message}${unknown}`, errorCode: code };
  }

  /** The queue's policy applied to a transient failure: retry later, or fail visibly once the budget is spent. */
  private retryOrFail(record: CdpOnboardingRecord, reason: string, errorCode: string): Finish {
    const next = retryOrGiveUp(this.deps.retry, {
      attempt: record.attempts + 1,
      since: record.queuedAt ?? record.createdAt,
      ...(errorCode === 'CDP_CIRCUIT_OPEN' ? { delayMs: this.deps.circuitOpenDelayMs } : {}),
    });
    if (next.kind === 'give_up') return { kind: 'final', status: 'failed', reason: `the CDP stayed unavailable: ${reason}`, errorCode };
    return { kind: 'retry', reason, errorCode, delayMs: next.delayMs };
  }

  /** No selfie or card photo, and the EC photo may still come with the NID result (another topic, so possibly later). */
  private awaitsFaceImage(record: CdpOnboardingRecord): boolean {
    if (record.selfieRef || record.cardPhotoRef || record.ecPhotoRef || record.nidCompletedAt) return false;
    return Date.now() - (record.queuedAt ?? record.createdAt).getTime() < this.deps.nidWaitMs;
  }

  /** The face image (selfie, card photo or EC photo, the first that loads), the ID images when there are any, and the report. */
  private async documents(record: CdpOnboardingRecord): Promise<{ ok: true; value: CdpDocument[] } | { ok: false; finish: Finish }> {
    const faces = [record.selfieRef, record.cardPhotoRef, record.ecPhotoRef].filter((ref): ref is string => Boolean(ref));
    const documents: CdpDocument[] = [];
    const load = async (documentType: string, ref: string): Promise<CdpDocument | Finish | null> => {
      const image = await this.deps.images(record.tenantId, ref);
      if (!image.ok) {
        if (image.code === 'BLOB_UNAVAILABLE') return this.retryOrFail(record, `an image could not be fetched: ${image.message}`, image.code);
        this.deps.log.warn({ applicationId: record.applicationId, documentType, code: image.code }, 'image left out of the CDP onboarding');
        return null;
      }
      const mimeType = image.blob.contentType.split(';')[0]?.trim() ?? '';
      if (!(CDP_MASTER_DATA.mimeTypes as readonly string[]).includes(mimeType) || image.blob.bytes.length > CDP_MAX_DOCUMENT_BYTES) return null;
      return { documentType, mimeType, content: image.blob.bytes.toString('base64') };
    };
    const isFinish = (value: CdpDocument | Finish | null): value is Finish => value !== null && 'kind' in value;
    for (const ref of faces) {
      const face = await load('FACE_IMAGE', ref);
      if (isFinish(face)) return { ok: false, finish: face };
      if (face) {
        documents.push(face);
        break;
      }
    }
    for (const [documentType, ref] of [
      ['ID_FRONT', record.documentFrontRef],
      ['ID_BACK', record.documentBackRef],
    ] as const) {
      if (!ref) continue;
      const doc = await load(documentType, ref);
      if (isFinish(doc)) return { ok: false, finish: doc };
      if (doc) documents.push(doc);
    }
    documents.push(
      ekycReport({
        applicationId: record.applicationId,
        documentType: record.documentType,
        applicationStatus: record.applicationStatus,
        decidedAt: record.decidedAt,
        nidResult: record.nidResult,
        generatedAt: new Date(),
      }),
    );
    return { ok: true, value: documents };
  }

  private async save(record: CdpOnboardingRecord, finish: Finish, calls: CdpCall[], clientId: string | null): Promise<CdpOnboardingStatusValue> {
    const { ds } = this.deps;
    const cdpCalls = calls.filter((c) => c.operation === 'customer_lookup' || c.operation === 'onboarding');
    const now = new Date();
    const common = {
      attempts: record.attempts + cdpCalls.length,
      lastAttemptAt: cdpCalls.at(-1)?.startedAt ?? record.lastAttemptAt,
    };
    let update: Partial<CdpOnboardingRecord> | null = null;
    switch (finish.kind) {
      case 'retry': {
        const delayMs = finish.delayMs ?? backoffDelayMs(this.deps.retry, common.attempts || 1);
        update = {
          ...common,
          status: 'unavailable',
          statusReason: finish.reason,
          lastErrorCode: finish.errorCode,
          nextAttemptAt: new Date(now.getTime() + delayMs),
        };
        break;
      }
      case 'wait_for_operator':
        update = { ...common, status: 'awaiting_credentials', statusReason: finish.reason, lastErrorCode: finish.errorCode, nextAttemptAt: null };
        break;
      case 'not_eligible':
        update = { ...common, status: 'not_eligible', statusReason: finish.reason, lastErrorCode: null, nextAttemptAt: null };
        break;
      case 'final':
        update = {
          ...common,
          status: finish.status,
          statusReason: finish.reason,
          lastErrorCode: finish.errorCode,
          nextAttemptAt: null,
          completedAt: now,
          ...(finish.customer ? { customerId: finish.customer.customerId, subscriptionStatus: finish.customer.subscriptionStatus } : {}),
        };
        break;
      case 'lease_lost':
        update = null;
    }
    const saved = await ds.transaction(async (m) => {
      if (clientId) await recordCdpCalls(m, ds, { tenantId: record.tenantId, clientId, applicationId: record.applicationId, actor: SYSTEM }, calls);
      if (!update) return false;
      // Only the lease holder may write: a worker that lost its lease after a stall must not overwrite a newer result.
      if (!(await this.queue.settle(m, record, update))) return false;
      if (finish.kind === 'final') {
        await enqueueEvents(m, ds, [
          createEvent(
            'cdp.onboarding.completed',
            { tenantId: record.tenantId, correlationId: record.applicationId, actor: SYSTEM },
            completedEvent(record.applicationId, finish, update.customerId ?? record.customerId),
          ),
        ]);
      }
      return true;
    });
    if (!saved) this.deps.log.warn({ applicationId: record.applicationId }, 'onboarding lease lost; the result of this attempt is left to the new holder');
    else if (finish.kind === 'final')
      this.deps.log.info({ applicationId: record.applicationId, outcome: finish.status, errorCode: finish.errorCode }, 'CDP onboarding completed');
    this.deps.relay.nudge();
    return update?.status ?? record.status;
  }
}

export const isFinal = (status: CdpOnboardingStatusValue): boolean => FINAL_STATUSES.includes(status);

function completedEvent(applicationId: string, finish: Extract<Finish, { kind: 'final' }>, customerId: string | null): EventData<'cdp.onboarding.completed'> {
  return { applicationId, outcome: finish.status, customerRef: customerId };
}
