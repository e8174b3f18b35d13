import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { In, Not } from 'typeorm';
import { sha256Hex, type PiiCipher } from '@ekyc/crypto';
import { encodeCursor, keysetPage } from '@ekyc/db';
import { enqueueEvents, type OutboxRelay } from '@ekyc/event-bus';
import { createEvent, type ApplicantFields } from '@ekyc/event-schemas';
import type { InternalContext } from '@ekyc/internal-context';
import { actorOf, type FieldProblem } from '@ekyc/subgraph-kit';
import { storeDocumentImage } from '../document-image/document-image.store';
import { checkApplicant, decisionGates, POLICY_CODES, type PolicyViolation, type PriorApplication } from '../policy/submission-policy';
import type { OnboardingRequirements } from '../onboarding/onboarding-requirements';
import type { SubmissionPolicyService } from '../policy/submission-policy.service';
import { decodeImage } from '../submission/image-input';
import { validateApplicant, type ApplicantInput } from './applicant';
import { ApplicationRecord, type ApplicationChannelValue, type ApplicationStatusValue, type DocumentTypeValue } from './application.entity';
import { normalizeBdMobileNumber } from './mobile-number';

export interface CreateApplicationCommand {
  mobileNumber: string;
  channel: ApplicationChannelValue;
  idempotencyKey?: string | null;
}

export type CreateApplicationResult = { ok: true; record: ApplicationRecord; replayed: boolean } | { ok: false; errors: FieldProblem[] };

export interface SubmitApplicationCommand {
  applicationId: string;
  documentType: DocumentTypeValue;
  applicant: ApplicantInput;
  /** The applicant's photo taken now, base64; required when the tenant requires face matching. */
  selfie?: string | null;
}

export interface ApplicationPage {
  records: ApplicationRecord[];
  hasNextPage: boolean;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;
const UNIQUE_VIOLATION = '23505';

export class ApplicationService {
  constructor(
    private readonly deps: {
      ds: DataSource;
      cipher: PiiCipher;
      relay: Pick<OutboxRelay, 'nudge'>;
      policies: SubmissionPolicyService;
      /** What the tenant's CDP onboarding needs; absent: nothing beyond the applicant's own rules. */
      onboarding?: Pick<OnboardingRequirements, 'problems'>;
      now?: () => Date;
    },
  ) {}

  /** Fields the tenant's CDP onboarding needs and this applicant lacks: checked before anything is decided. */
  onboardingProblems(tenantId: string, applicant: ApplicantFields): Promise<FieldProblem[]> {
    return this.deps.onboarding?.problems(tenantId, applicant) ?? Promise.resolve([]);
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async create(auth: InternalContext, command: CreateApplicationCommand): Promise<CreateApplicationResult> {
    const errors: FieldProblem[] = [];
    const mobile = normalizeBdMobileNumber(command.mobileNumber);
    if (!mobile.ok) errors.push({ code: 'INVALID_MOBILE_NUMBER', message: mobile.message, field: 'input.mobileNumber' });
    const key = command.idempotencyKey ?? null;
    if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
      errors.push({ code: 'INVALID_IDEMPOTENCY_KEY', message: 'use 1-128 characters from A-Z a-z 0-9 _ . : -', field: 'input.idempotencyKey' });
    }
    if (!mobile.ok || errors.length > 0) return { ok: false, errors };

    const { cipher, ds } = this.deps;
    const mobileIdx = cipher.blindIndex(mobile.value, auth.tenantId);
    try {
      const result = await ds.transaction(async (m) => {
        const replay = key === null ? null : await this.replayOf(m, auth.tenantId, key, mobileIdx);
        if (replay) return replay;
        const record = await this.openDraft(m, auth, { mobileNumber: mobile.value, channel: command.channel, idempotencyKey: key });
        return { ok: true as const, record, replayed: false };
      });
      if (result.ok && !result.replayed) this.deps.relay.nudge();
      return result;
    } catch (err) {
      // A concurrent retry with the same key won the insert: answer as its replay.
      if (key !== null && (err as { code?: string }).code === UNIQUE_VIOLATION) {
        const replay = await this.replayOf(ds.manager, auth.tenantId, key, mobileIdx);
        if (replay) return replay;
      }
      throw err;
    }
  }

  private async replayOf(m: EntityManager, tenantId: string, key: string, mobileIdx: string): Promise<CreateApplicationResult | null> {
    const existing = await m.findOneBy(ApplicationRecord, { tenantId, idempotencyKey: key });
    if (!existing) return null;
    if (existing.mobileNumberIdx !== mobileIdx) {
      return {
        ok: false,
        errors: [{ code: 'IDEMPOTENCY_KEY_REUSED', message: 'this idempotency key was already used with different input', field: 'input.idempotencyKey' }],
      };
    }
    return { ok: true, record: existing, replayed: true };
  }

  /**
   * Submits the declared applicant for verification: the application becomes `pending` and
   * `application.submitted` carries the applicant, sealed, to provider-nid. Submitting the same
   * applicant again is a safe retry; submitting a different one is refused.
   */
  async submit(auth: InternalContext, command: SubmitApplicationCommand): Promise<CreateApplicationResult> {
    const errors: FieldProblem[] = [];
    const validated = validateApplicant(command.applicant, this.now());
    if (!validated.ok) errors.push(...validated.errors);
    const photo = await decodeImage(command.selfie, 'input.selfie', false);
    if (!photo.ok) errors.push(photo.error);
    const policy = await this.deps.policies.get(auth.tenantId);
    if (photo.ok && !photo.value && policy.requireFaceMatch) {
      errors.push({
        code: 'SELFIE_REQUIRED',
        field: 'input.selfie',
        message: "your tenant's policy compares the applicant's face with the EC photo: send a selfie (JPEG or PNG, base64)",
      });
    }
    if (validated.ok) errors.push(...(await this.onboardingProblems(auth.tenantId, validated.value)));
    if (errors.length > 0 || !validated.ok || !photo.ok) return { ok: false, errors };
    const applicant = validated.value;
    const selfie = photo.value;
    const { cipher, ds } = this.deps;
    const digest = cipher.blindIndex(`${command.documentType}\n${JSON.stringify(applicant)}${selfie ? `\n${sha256Hex(selfie.bytes)}` : ''}`, auth.tenantId);
    const result = await ds.transaction(async (m): Promise<CreateApplicationResult> => {
      const record = await m.findOne(ApplicationRecord, { where: { tenantId: auth.tenantId, id: command.applicationId }, lock: { mode: 'pessimistic_write' } });
      if (!record)
        return { ok: false, errors: [{ code: 'APPLICATION_NOT_FOUND', message: 'no application with this id in your tenant', field: 'input.applicationId' }] };
      if (record.status !== 'draft') {
        if (record.applicantDigest === digest) return { ok: true, record, replayed: true };
        return {
          ok: false,
          errors: [{ code: 'ALREADY_SUBMITTED', message: `the application was already submitted and is ${record.status}`, field: 'input.applicationId' }],
        };
      }
      // The policy as it stands when the application is submitted, read again under the row lock.
      const current = await this.deps.policies.get(auth.tenantId, m);
      const violation = checkApplicant(
        current,
        {},
        { dateOfBirth: applicant.dateOfBirth, prior: await this.priorApplications(m, auth.tenantId, applicant.nid) },
        this.now(),
      );
      const selfieRef = selfie ? await storeDocumentImage(m, cipher, auth.tenantId, selfie) : null;
      Object.assign(record, decisionGates(current), { selfieRef });
      await this.markSubmitted(m, auth, record, { documentType: command.documentType, applicant, digest, selfieRef, publish: !violation });
      if (violation) await this.refuse(m, auth, record, violation);
      return { ok: true, record, replayed: false };
    });
    if (result.ok && !result.replayed) this.deps.relay.nudge();
    return result;
  }

  /**
   * The tenant's earlier applications of this NID, for the duplicate rules. An application the policy refused was
   * never verified: it neither proves nor disproves the person.
   */
  async priorApplications(m: EntityManager, tenantId: string, nid: string): Promise<PriorApplication[]> {
    const rows = await m.find(ApplicationRecord, {
      where: { tenantId, nidIdx: this.deps.cipher.blindIndex(nid, tenantId), status: Not(In(['draft'])) },
      select: { status: true, decidedAt: true, submittedAt: true, createdAt: true, decisionReason: true },
    });
    return rows
      .filter((r) => !(r.status === 'invalid' && POLICY_CODES.some((code) => r.decisionReason?.startsWith(`${code}:`))))
      .map((r) => ({ status: r.status, at: r.decidedAt ?? r.submittedAt ?? r.createdAt }));
  }

  /** A submitted application the tenant's policy refuses: invalid with the rule's code, decided at once. */
  async refuse(m: EntityManager, auth: InternalContext, record: ApplicationRecord, violation: PolicyViolation): Promise<void> {
    Object.assign(record, { status: 'invalid', decisionReason: `${violation.code}: ${violation.message}`, decidedAt: this.now() });
    await m.save(ApplicationRecord, record);
    await enqueueEvents(m, this.deps.ds, [
      createEvent(
        'verification.completed',
        { tenantId: auth.tenantId, correlationId: record.id, actor: actorOf(auth) },
        {
          applicationId: record.id,
          status: 'invalid',
          reason: record.decisionReason,
          // No application.submitted was published for it: the log learns who was refused from here.
          ...(record.applicantEnc
            ? { refused: { documentType: record.documentType, applicantSealed: record.applicantEnc, mobileNumberSealed: record.mobileNumberEnc } }
            : {}),
        },
      ),
    ]);
  }

  /** Inserts a draft application and queues `application.created` in the caller's transaction. */
  async openDraft(
    m: EntityManager,
    auth: InternalContext,
    draft: { mobileNumber: string; channel: ApplicationChannelValue; idempotencyKey?: string | null; submissionId?: string | null },
  ): Promise<ApplicationRecord> {
    const { cipher, ds } = this.deps;
    const now = new Date();
    const record = m.create(ApplicationRecord, {
      id: randomUUID(),
      tenantId: auth.tenantId,
      status: 'draft',
      channel: draft.channel,
      mobileNumberEnc: cipher.encrypt(draft.mobileNumber, auth.tenantId),
      mobileNumberIdx: cipher.blindIndex(draft.mobileNumber, auth.tenantId),
      idempotencyKey: draft.idempotencyKey ?? null,
      submissionId: draft.submissionId ?? null,
      faceRequired: false,
      livenessRequired: false,
      selfieRef: null,
      createdBy: auth.userId,
      createdAt: now,
      updatedAt: now,
    });
    await m.insert(ApplicationRecord, record);
    await enqueueEvents(m, ds, [
      createEvent(
        'application.created',
        { tenantId: auth.tenantId, correlationId: record.id, actor: actorOf(auth) },
        { applicationId: record.id, status: 'draft', channel: draft.channel },
      ),
    ]);
    return record;
  }

  /**
   * Records the applicant on a locked application and queues `application.submitted` in the caller's
   * transaction (unless `publish` is false: nothing to verify). One ciphertext serves the row and the
   * event: same key, same tenant binding.
   */
  async markSubmitted(
    m: EntityManager,
    auth: InternalContext,
    record: ApplicationRecord,
    submission: {
      documentType: DocumentTypeValue;
      applicant: ApplicantFields;
      digest: string;
      submissionId?: string | null;
      selfieRef?: string | null;
      cardPhotoRef?: string | null;
      documentRefs?: { front: string | null; back: string | null } | null;
      publish?: boolean;
    },
  ): Promise<void> {
    const { cipher, ds } = this.deps;
    const now = new Date();
    const sealed = cipher.encrypt(JSON.stringify(submission.applicant), auth.tenantId);
    Object.assign(record, {
      status: 'pending',
      documentType: submission.documentType,
      applicantEnc: sealed,
      applicantDigest: submission.digest,
      nidIdx: cipher.blindIndex(submission.applicant.nid, auth.tenantId),
      submittedAt: now,
      submittedBy: auth.userId,
      decisionReason: 'AWAITING_NID_VERIFICATION',
      updatedAt: now,
    });
    await m.save(ApplicationRecord, record);
    if (submission.publish === false) return;
    await enqueueEvents(m, ds, [
      createEvent(
        'application.submitted',
        { tenantId: auth.tenantId, correlationId: record.id, actor: actorOf(auth) },
        {
          applicationId: record.id,
          submissionId: submission.submissionId ?? null,
          documentType: submission.documentType,
          applicantSealed: sealed,
          selfieRef: submission.selfieRef ?? null,
          cardPhotoRef: submission.cardPhotoRef ?? null,
          documentRefs: submission.documentRefs ?? null,
          mobileNumberSealed: record.mobileNumberEnc,
        },
      ),
    ]);
  }

  /** The applicant as submitted, unsealed; null before submission. */
  applicantOf(record: ApplicationRecord): ApplicantFields | null {
    return record.applicantEnc ? (JSON.parse(this.deps.cipher.decrypt(record.applicantEnc, record.tenantId)) as ApplicantFields) : null;
  }

  findById(tenantId: string, id: string): Promise<ApplicationRecord | null> {
    return this.deps.ds.manager.findOneBy(ApplicationRecord, { tenantId, id });
  }

  async list(
    tenantId: string,
    args: { first: number; after?: string | null; status?: ApplicationStatusValue | null },
  ): Promise<ApplicationPage | { error: FieldProblem }> {
    const qb = this.deps.ds.manager.createQueryBuilder(ApplicationRecord, 'a').where('a.tenant_id = :tenantId', { tenantId });
    if (args.status) qb.andWhere('a.status = :status', { status: args.status });
    const page = await keysetPage(qb, { alias: 'a', timeColumn: 'created_at', first: args.first, after: args.after });
    if (!page.ok) return { error: { code: page.reason, message: 'cursor is not one this API returned', field: 'after' } };
    return { records: page.rows, hasNextPage: page.hasNextPage };
  }

  cursorOf = (record: ApplicationRecord): string => encodeCursor({ createdAt: record.createdAt.toISOString(), id: record.id });

  decryptMobile = (record: ApplicationRecord): string => this.deps.cipher.decrypt(record.mobileNumberEnc, record.tenantId);
}
