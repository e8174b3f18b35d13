import { randomUUID } from 'node:crypto';
import { Kind, type GraphQLResolveInfo } from 'graphql';
import type { DataSource, EntityManager } from 'typeorm';
import type { PiiCipher } from '@ekyc/crypto';
import { keysetPage } from '@ekyc/db';
import { enqueueEvents, type OutboxRelay } from '@ekyc/event-bus';
import { createEvent, type Actor } from '@ekyc/event-schemas';
import type { InternalContext } from '@ekyc/internal-context';
import { actorOf, type FieldProblem } from '@ekyc/subgraph-kit';
import { ApplicationRecord, type ResubmissionItemValue, type ResubmissionState } from '../application/application.entity';
import { finalise, type ReviewCases } from '../decision/decision.service';
import { loadDocumentImage } from '../document-image/document-image.store';
import { SubmissionRecord } from '../submission/submission.entity';
import { AWAITING_RESUBMISSION, pendingOwnerOf, type PendingOwner, type StepDeadlines } from './pending-owner';
import { ReviewCaseRecord, type ReviewReasonValue, type ReviewStatusValue } from './review-case.entity';

/** Pending reasons a person resolves; each comes from decide() only once every check the tenant requires has answered. */
export const REVIEW_REASONS: readonly ReviewReasonValue[] = ['FACE_REVIEW', 'DUPLICATE_FACE', 'LIVENESS_INCONCLUSIVE'];
/** Reasons a reviewer may approve: the required checks answered. A STEP_OVERDUE case waits for a check that did not. */
const APPROVABLE: readonly ReviewReasonValue[] = REVIEW_REASONS;

/** Why a reviewer rejects: stable codes partners map to their own processes. */
export const REJECTION_CODES = ['FACE_NOT_THE_HOLDER', 'DUPLICATE_IDENTITY', 'PHOTO_UNUSABLE', 'DOCUMENT_SUSPECTED', 'OTHER'] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

const MAX_NOTE = 2000;
const MAX_MESSAGE = 500;
export const RESUBMISSION_ITEMS: readonly ResubmissionItemValue[] = ['SELFIE', 'DOCUMENT_FRONT', 'DOCUMENT_BACK'];

/** Free text a person wrote: at most `max` printable characters (new lines and tabs allowed). */
const isPrintable = (text: string, max: number): boolean => text.length <= max && !/[\p{Cc}\p{Cs}]/u.test(text.replace(/[\n\t]/g, ''));

export type EvidenceImage = 'selfie' | 'cardPhoto' | 'front' | 'back';
const ALL_EVIDENCE: ReadonlySet<EvidenceImage> = new Set(['selfie', 'cardPhoto', 'front', 'back']);

/** The images a GraphQL selection asks for; all of them when it uses fragments this does not follow. */
export function requestedEvidence(info: GraphQLResolveInfo): ReadonlySet<EvidenceImage> {
  const selections = info.fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []);
  if (selections.some((s) => s.kind !== Kind.FIELD)) return ALL_EVIDENCE;
  return new Set(selections.flatMap((s) => (s.kind === Kind.FIELD && ALL_EVIDENCE.has(s.name.value as EvidenceImage) ? [s.name.value as EvidenceImage] : [])));
}
const SYSTEM: Actor = { kind: 'system', id: 'identity-document' };

export interface ReviewSettings extends StepDeadlines {
  /** How long a claim holds the case for its reviewer. */
  leaseMs: number;
  /** From opening to due; an unresolved case past it is escalated. */
  dueMs: number;
  /** From a reviewer's request to the agent's resubmission; past it, a STEP_OVERDUE case opens. */
  resubmissionMs: number;
}

export type ReviewResult = { ok: true; record: ReviewCaseRecord } | { ok: false; errors: FieldProblem[] };

const fail = (code: string, message: string, field = 'id'): ReviewResult => ({ ok: false, errors: [{ code, message, field }] });

/** The reason code of a pending decision when it needs a person, else null. */
export function reviewReasonOf(decisionReason: string | null): ReviewReasonValue | null {
  const code = decisionReason?.split(':')[0] ?? '';
  return (REVIEW_REASONS as readonly string[]).includes(code) ? (code as ReviewReasonValue) : null;
}

/**
 * Review cases: a pending application that needs a person gets one open case with a due time. Reviewers (and partner
 * admins) list the queue oldest first, claim a case under a lease (one reviewer at a time, free again when the lease
 * runs out), and approve or reject it; the application becomes final in the same transaction. Every step is an event.
 */
export class ReviewService implements ReviewCases {
  constructor(
    private readonly deps: {
      ds: DataSource;
      cipher: PiiCipher;
      relay: Pick<OutboxRelay, 'nudge'>;
      settings: ReviewSettings;
      /** The tenant's four-eyes rule for duplicates; absent: one approval decides. */
      policies?: { get(tenantId: string, manager?: EntityManager): Promise<{ fourEyesDuplicates: boolean }> };
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async openFor(m: EntityManager, application: ApplicationRecord, causationId: string): Promise<void> {
    const reason = reviewReasonOf(application.decisionReason);
    if (!reason || application.status !== 'pending') return;
    const open = await m.findOneBy(ReviewCaseRecord, { tenantId: application.tenantId, applicationId: application.id, status: 'open' });
    if (open) {
      // A case opened for an overdue step now has the decision's own question; its due time stands.
      if (open.reason === 'STEP_OVERDUE') {
        Object.assign(open, { reason, reasonDetail: application.decisionReason ?? reason, updatedAt: this.now() });
        await m.save(ReviewCaseRecord, open);
      }
      return;
    }
    await this.open(m, application, reason, application.decisionReason ?? reason, causationId);
  }

  private async open(m: EntityManager, application: ApplicationRecord, reason: ReviewReasonValue, reasonDetail: string, causationId?: string): Promise<void> {
    const now = this.now();
    const record = m.create(ReviewCaseRecord, {
      id: randomUUID(),
      tenantId: application.tenantId,
      applicationId: application.id,
      reason,
      reasonDetail,
      status: 'open',
      claimedBy: null,
      leaseUntil: null,
      dueAt: new Date(now.getTime() + this.deps.settings.dueMs),
      escalatedAt: null,
      resolvedBy: null,
      resolvedAt: null,
      firstApprovalBy: null,
      rejectionCodes: [],
      resubmissionItems: [],
      noteEnc: null,
      createdAt: now,
      updatedAt: now,
    });
    await m.insert(ReviewCaseRecord, record);
    await enqueueEvents(m, this.deps.ds, [
      createEvent(
        'review.opened',
        { tenantId: record.tenantId, correlationId: application.id, ...(causationId ? { causationId } : {}), actor: SYSTEM },
        { caseId: record.id, applicationId: application.id, reason, dueAt: record.dueAt.toISOString() },
      ),
    ]);
  }

  async supersede(m: EntityManager, application: ApplicationRecord, causationId: string): Promise<void> {
    const open = await m.findOneBy(ReviewCaseRecord, { tenantId: application.tenantId, applicationId: application.id, status: 'open' });
    if (!open) return;
    await this.close(m, open, 'superseded', [], { causationId, actor: SYSTEM, userId: null });
  }

  async list(
    tenantId: string,
    args: { status: ReviewStatusValue; reason?: ReviewReasonValue | null; overdue?: boolean | null; first: number; after?: string | null },
  ): Promise<{ ok: true; records: ReviewCaseRecord[]; hasNextPage: boolean } | { ok: false; error: FieldProblem }> {
    const qb = this.deps.ds.manager
      .createQueryBuilder(ReviewCaseRecord, 'r')
      .where('r.tenant_id = :tenantId AND r.status = :status', { tenantId, status: args.status });
    if (args.reason) qb.andWhere('r.reason = :reason', { reason: args.reason });
    if (args.overdue === true) qb.andWhere('r.due_at <= :now', { now: this.now() });
    if (args.overdue === false) qb.andWhere('r.due_at > :now', { now: this.now() });
    const page = await keysetPage(qb, { alias: 'r', timeColumn: 'created_at', first: args.first, after: args.after, order: 'ASC' });
    if (!page.ok) return { ok: false, error: { code: page.reason, message: 'cursor is not one this API returned', field: 'after' } };
    return { ok: true, records: page.rows, hasNextPage: page.hasNextPage };
  }

  findById(tenantId: string, id: string): Promise<ReviewCaseRecord | null> {
    return this.deps.ds.manager.findOneBy(ReviewCaseRecord, { tenantId, id });
  }

  /** The open case of an application, if any. */
  openCaseOf(tenantId: string, applicationId: string): Promise<ReviewCaseRecord | null> {
    return this.deps.ds.manager.findOneBy(ReviewCaseRecord, { tenantId, applicationId, status: 'open' });
  }

  /**
   * The photos a reviewer compares, base64: the selfie, the portrait printed on the card, and the card's sides as
   * cropped (as uploaded when no crop was made). Null for each one the application does not have.
   */
  async evidenceImages(
    tenantId: string,
    applicationId: string,
    wanted: ReadonlySet<EvidenceImage> = ALL_EVIDENCE,
  ): Promise<Record<EvidenceImage, string | null>> {
    const { ds, cipher } = this.deps;
    const application = await ds.manager.findOneBy(ApplicationRecord, { tenantId, id: applicationId });
    const submission =
      application?.submissionId && (wanted.has('front') || wanted.has('back'))
        ? await ds.manager.findOneBy(SubmissionRecord, { tenantId, id: application.submissionId })
        : null;
    // Each image is a sealed blob: only those asked for are loaded and decrypted.
    const load = async (name: EvidenceImage, ref: string | null | undefined) =>
      wanted.has(name) && ref ? ((await loadDocumentImage(ds.manager, cipher, tenantId, ref))?.bytes.toString('base64') ?? null) : null;
    const images = submission?.images ?? {};
    // Document photos the agent sent again at a reviewer's request stand in for the first ones.
    const resent = application?.resubmission?.received;
    const [selfie, cardPhoto, front, back] = await Promise.all([
      load('selfie', application?.selfieRef),
      load('cardPhoto', application?.cardPhotoRef),
      load('front', resent?.front ?? images.frontCropped ?? images.front),
      load('back', resent?.back ?? images.backCropped ?? images.back),
    ]);
    return { selfie, cardPhoto, front, back };
  }

  noteOf(record: ReviewCaseRecord): string | null {
    return record.noteEnc ? this.deps.cipher.decrypt(record.noteEnc, record.tenantId) : null;
  }

  /** Takes the case for `leaseMs`; the holder may claim again to extend it. Another reviewer's live lease refuses. */
  async claim(auth: InternalContext, id: string): Promise<ReviewResult> {
    const result = await this.deps.ds.transaction(async (m): Promise<ReviewResult> => {
      const found = await this.locked(m, auth, id);
      if (!found.ok) return found;
      const record = found.record;
      const now = this.now();
      if (record.claimedBy && record.claimedBy !== auth.userId && record.leaseUntil && record.leaseUntil > now) {
        return fail('CASE_CLAIMED', `another reviewer holds this case until ${record.leaseUntil.toISOString()}`);
      }
      Object.assign(record, { claimedBy: auth.userId, leaseUntil: new Date(now.getTime() + this.deps.settings.leaseMs), updatedAt: now });
      await m.save(ReviewCaseRecord, record);
      await enqueueEvents(m, this.deps.ds, [
        createEvent(
          'review.claimed',
          { tenantId: auth.tenantId, correlationId: record.applicationId, actor: actorOf(auth) },
          { caseId: record.id, applicationId: record.applicationId, leaseUntil: (record.leaseUntil as Date).toISOString() },
        ),
      ]);
      return { ok: true, record };
    });
    if (result.ok) this.deps.relay.nudge();
    return result;
  }

  /** Gives a claimed case back to the queue. */
  async release(auth: InternalContext, id: string): Promise<ReviewResult> {
    return this.deps.ds.transaction(async (m): Promise<ReviewResult> => {
      const found = await this.held(m, auth, id);
      if (!found.ok) return found;
      Object.assign(found.record, { claimedBy: null, leaseUntil: null, updatedAt: this.now() });
      await m.save(ReviewCaseRecord, found.record);
      return found;
    });
  }

  /** The reviewer holding the case approves: the application passes. */
  approve(auth: InternalContext, input: { id: string; note?: string | null }): Promise<ReviewResult> {
    return this.resolve(auth, input.id, input.note ?? null, 'approved', []);
  }

  /** The reviewer holding the case rejects with at least one reason code: the application fails with REVIEW_REJECTED. */
  reject(auth: InternalContext, input: { id: string; codes: string[]; note?: string | null }): Promise<ReviewResult> {
    const codes = [...new Set(input.codes)];
    const unknown = codes.filter((c) => !(REJECTION_CODES as readonly string[]).includes(c));
    if (codes.length === 0) return Promise.resolve(fail('REQUIRED', `name at least one reason: ${REJECTION_CODES.join(', ')}`, 'input.codes'));
    if (unknown.length > 0)
      return Promise.resolve(fail('INVALID_REJECTION_CODE', `unknown codes: ${unknown.join(', ')}; use ${REJECTION_CODES.join(', ')}`, 'input.codes'));
    return this.resolve(auth, input.id, input.note ?? null, 'rejected', codes);
  }

  /**
   * The reviewer holding the case sends named items back to the agent (a new selfie, a document side) with a message
   * and a due time: the case closes as `resubmission_requested`, the application waits for the applicant
   * (`AWAITING_RESUBMISSION`), and the partner is told (`review.resubmission.requested`). What comes back is decided
   * again: a new selfie is compared again, new document photos go back to a reviewer in a new case.
   */
  async requestResubmission(
    auth: InternalContext,
    input: { id: string; items: string[]; message?: string | null; note?: string | null },
  ): Promise<ReviewResult> {
    const items = [...new Set(input.items)];
    const unknown = items.filter((i) => !(RESUBMISSION_ITEMS as readonly string[]).includes(i));
    if (items.length === 0) return fail('REQUIRED', `name at least one item: ${RESUBMISSION_ITEMS.join(', ')}`, 'input.items');
    if (unknown.length > 0)
      return fail('INVALID_RESUBMISSION_ITEM', `unknown items: ${unknown.join(', ')}; use ${RESUBMISSION_ITEMS.join(', ')}`, 'input.items');
    const message = input.message?.trim() || null;
    if (message !== null && !isPrintable(message, MAX_MESSAGE))
      return fail('INVALID_TEXT', `the message must be at most ${MAX_MESSAGE} printable characters`, 'input.message');
    const note = input.note ?? null;
    if (note !== null && !isPrintable(note, MAX_NOTE)) return fail('INVALID_TEXT', `the note must be at most ${MAX_NOTE} printable characters`, 'input.note');
    const result = await this.deps.ds.transaction(async (m): Promise<ReviewResult> => {
      const found = await this.held(m, auth, input.id);
      if (!found.ok) return found;
      const record = found.record;
      const application = await m.findOne(ApplicationRecord, {
        where: { tenantId: auth.tenantId, id: record.applicationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!application || application.status !== 'pending') {
        await this.close(m, record, 'superseded', [], { actor: SYSTEM, userId: null });
        return fail('CASE_CLOSED', 'the application was already decided; the case is closed');
      }
      // The question the case is about: a late resubmission's case asks again what the first request asked.
      const overdueResubmission = record.reason === 'STEP_OVERDUE' && application.decisionReason?.startsWith(AWAITING_RESUBMISSION);
      if (!APPROVABLE.includes(record.reason) && !overdueResubmission) {
        return fail(
          'RESUBMISSION_NOT_ALLOWED',
          `a required check has not answered (${record.reasonDetail}); new photos would not answer it: reject the application or wait for the check`,
        );
      }
      const now = this.now();
      const dueAt = new Date(now.getTime() + this.deps.settings.resubmissionMs);
      const { cipher } = this.deps;
      Object.assign(application, {
        decisionReason: `${AWAITING_RESUBMISSION}: ${items.join(', ')}`,
        resubmission: {
          caseId: record.id,
          items: items as ResubmissionItemValue[],
          messageEnc: message ? cipher.encrypt(message, auth.tenantId) : null,
          requestedAt: now.toISOString(),
          dueAt: dueAt.toISOString(),
          previousReason: (overdueResubmission ? application.resubmission?.previousReason : application.decisionReason) ?? record.reasonDetail,
          received: null,
        },
        updatedAt: now,
      });
      await m.save(ApplicationRecord, application);
      if (note) record.noteEnc = cipher.encrypt(note, auth.tenantId);
      record.resubmissionItems = items as ResubmissionItemValue[];
      await this.close(m, record, 'resubmission_requested', [], { actor: actorOf(auth), userId: auth.userId });
      await enqueueEvents(m, this.deps.ds, [
        createEvent(
          'review.resubmission.requested',
          { tenantId: auth.tenantId, correlationId: application.id, actor: actorOf(auth) },
          { caseId: record.id, applicationId: application.id, items: items as ResubmissionItemValue[], dueAt: dueAt.toISOString() },
        ),
      ]);
      return { ok: true, record };
    });
    if (result.ok) this.deps.relay.nudge();
    return result;
  }

  /** The reviewer's message to the agent of an application waiting for a resubmission. */
  resubmissionMessageOf(tenantId: string, request: ResubmissionState | null): string | null {
    return request?.messageEnc ? this.deps.cipher.decrypt(request.messageEnc, tenantId) : null;
  }

  /** Who the application waits for and until when (null unless pending). */
  async ownerOf(tenantId: string, application: Parameters<typeof pendingOwnerOf>[0] & { id: string }): Promise<(PendingOwner & { overdue: boolean }) | null> {
    if (application.status !== 'pending') return null;
    const open = await this.openCaseOf(tenantId, application.id);
    const owner = pendingOwnerOf(application, open, this.deps.settings);
    return owner && { ...owner, overdue: owner.dueAt <= this.now() };
  }

  /**
   * Opens a STEP_OVERDUE case for each pending application whose step (the EC check, the faces, the applicant's
   * liveness or resubmission) is past its deadline and that no case owns yet, so nothing stays pending unseen. Run periodically.
   */
  async openOverdue(limit = 100): Promise<number> {
    const { systemMs, livenessMs } = this.deps.settings;
    const count = await this.deps.ds.transaction(async (m) => {
      const overdue = await m
        .createQueryBuilder(ApplicationRecord, 'a')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where("a.status = 'pending'")
        .andWhere(
          "NOT EXISTS (SELECT 1 FROM identity_document.review_cases r WHERE r.tenant_id = a.tenant_id AND r.application_id = a.id AND r.status = 'open')",
        )
        .andWhere(
          `CASE WHEN a.decision_reason LIKE 'AWAITING_RESUBMISSION%' THEN CAST(a.resubmission->>'dueAt' AS timestamptz)
                ELSE COALESCE(a.resubmitted_at, a.submitted_at, a.created_at)
                   + (CASE WHEN a.decision_reason LIKE 'AWAITING_LIVENESS%' THEN CAST(:livenessMs AS double precision) ELSE CAST(:systemMs AS double precision) END) * interval '1 millisecond'
           END <= :now`,
          { livenessMs, systemMs, now: this.now() },
        )
        .orderBy('a.submitted_at', 'ASC')
        .limit(limit)
        .getMany();
      for (const application of overdue) {
        const reason = reviewReasonOf(application.decisionReason) ?? 'STEP_OVERDUE';
        await this.open(
          m,
          application,
          reason,
          reason === 'STEP_OVERDUE' ? `STEP_OVERDUE: ${application.decisionReason ?? 'no decision'}` : (application.decisionReason ?? reason),
        );
      }
      return overdue.length;
    });
    if (count > 0) this.deps.relay.nudge();
    return count;
  }

  /**
   * Escalates open cases past their due time, once each (`review.escalated`, for partner admins and webhooks).
   * Run periodically; returns how many it escalated.
   */
  async escalateOverdue(limit = 100): Promise<number> {
    const count = await this.deps.ds.transaction(async (m) => {
      const due = await m
        .createQueryBuilder(ReviewCaseRecord, 'r')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where("r.status = 'open' AND r.escalated_at IS NULL AND r.due_at <= :now", { now: this.now() })
        .orderBy('r.due_at', 'ASC')
        .limit(limit)
        .getMany();
      for (const record of due) {
        Object.assign(record, { escalatedAt: this.now(), updatedAt: this.now() });
        await m.save(ReviewCaseRecord, record);
        await enqueueEvents(m, this.deps.ds, [
          createEvent(
            'review.escalated',
            { tenantId: record.tenantId, correlationId: record.applicationId, actor: SYSTEM },
            { caseId: record.id, applicationId: record.applicationId, reason: record.reason, dueAt: record.dueAt.toISOString() },
          ),
        ]);
      }
      return due.length;
    });
    if (count > 0) this.deps.relay.nudge();
    return count;
  }

  private async resolve(auth: InternalContext, id: string, note: string | null, outcome: 'approved' | 'rejected', codes: string[]): Promise<ReviewResult> {
    if (note !== null && !isPrintable(note, MAX_NOTE)) {
      return fail('INVALID_TEXT', `the note must be at most ${MAX_NOTE} printable characters`, 'input.note');
    }
    const result = await this.deps.ds.transaction(async (m): Promise<ReviewResult> => {
      const found = await this.held(m, auth, id);
      if (!found.ok) return found;
      const record = found.record;
      if (outcome === 'approved' && !APPROVABLE.includes(record.reason)) {
        return fail('APPROVAL_NOT_ALLOWED', `a required check has not answered (${record.reasonDetail}); reject the application or wait for the check`);
      }
      const application = await m.findOne(ApplicationRecord, {
        where: { tenantId: auth.tenantId, id: record.applicationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!application || application.status !== 'pending') {
        await this.close(m, record, 'superseded', [], { actor: SYSTEM, userId: null });
        return fail('CASE_CLOSED', 'the application was already decided; the case is closed');
      }
      if (note) record.noteEnc = this.deps.cipher.encrypt(note, auth.tenantId);
      if (outcome === 'approved' && record.reason === 'DUPLICATE_FACE' && (await this.deps.policies?.get(auth.tenantId, m))?.fourEyesDuplicates) {
        if (record.firstApprovalBy === auth.userId)
          return fail('SECOND_APPROVER_REQUIRED', 'you approved this duplicate already; under the four-eyes rule another reviewer must approve it too');
        if (record.firstApprovalBy === null) {
          // The first of two approvals: recorded, and the case goes back to the queue for a second reviewer.
          Object.assign(record, { firstApprovalBy: auth.userId, claimedBy: null, leaseUntil: null, updatedAt: this.now() });
          await m.save(ReviewCaseRecord, record);
          await enqueueEvents(m, this.deps.ds, [
            createEvent(
              'review.approval.recorded',
              { tenantId: auth.tenantId, correlationId: record.applicationId, actor: actorOf(auth) },
              { caseId: record.id, applicationId: record.applicationId, approvals: 1, approvalsNeeded: 2 },
            ),
          ]);
          return { ok: true, record };
        }
      }
      const decision =
        outcome === 'approved' ? { status: 'passed' as const, reason: null } : { status: 'failed' as const, reason: `REVIEW_REJECTED: ${codes.join(', ')}` };
      await finalise(m, this.deps.ds, application, decision, { actor: actorOf(auth) });
      await this.close(m, record, outcome, codes, { actor: actorOf(auth), userId: auth.userId });
      return { ok: true, record };
    });
    if (result.ok) this.deps.relay.nudge();
    return result;
  }

  private async close(
    m: EntityManager,
    record: ReviewCaseRecord,
    outcome: Exclude<ReviewStatusValue, 'open'>,
    codes: string[],
    by: { actor: Actor; userId: string | null; causationId?: string },
  ): Promise<void> {
    const now = this.now();
    Object.assign(record, { status: outcome, rejectionCodes: codes, resolvedBy: by.userId, resolvedAt: now, leaseUntil: null, updatedAt: now });
    await m.save(ReviewCaseRecord, record);
    await enqueueEvents(m, this.deps.ds, [
      createEvent(
        'review.resolved',
        { tenantId: record.tenantId, correlationId: record.applicationId, ...(by.causationId ? { causationId: by.causationId } : {}), actor: by.actor },
        { caseId: record.id, applicationId: record.applicationId, outcome, rejectionCodes: codes },
      ),
    ]);
  }

  /** The case, locked, when it is the tenant's and still open. */
  private async locked(m: EntityManager, auth: InternalContext, id: string): Promise<ReviewResult> {
    const record = await m.findOne(ReviewCaseRecord, { where: { tenantId: auth.tenantId, id }, lock: { mode: 'pessimistic_write' } });
    if (!record) return fail('REVIEW_CASE_NOT_FOUND', 'no review case with this id in your tenant');
    if (record.status !== 'open') return fail('CASE_CLOSED', `the case is already ${record.status}`);
    return { ok: true, record };
  }

  /** The case, locked, when the caller holds its lease. */
  private async held(m: EntityManager, auth: InternalContext, id: string): Promise<ReviewResult> {
    const found = await this.locked(m, auth, id);
    if (!found.ok) return found;
    const { record } = found;
    if (record.claimedBy !== auth.userId || !record.leaseUntil || record.leaseUntil <= this.now()) {
      return fail('CASE_NOT_CLAIMED', 'claim the case first (claimReviewCase); a claim lapses when its lease runs out');
    }
    return found;
  }
}
