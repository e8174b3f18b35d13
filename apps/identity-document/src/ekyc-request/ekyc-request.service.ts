import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { PiiCipher } from '@ekyc/crypto';
import { encodeCursor, keysetPage } from '@ekyc/db';
import { enqueueEvents, type OutboxRelay } from '@ekyc/event-bus';
import { createEvent, type EventData, type EventType, type KycEvent } from '@ekyc/event-schemas';
import type { InternalContext } from '@ekyc/internal-context';
import type { Logger } from '@ekyc/logger';
import { problem } from '@ekyc/partner-api';
import { actorOf, type FieldProblem } from '@ekyc/subgraph-kit';
import { normalizeEmail, normalizePhoneNumber } from './contact';
import { EkycRequestRecord } from './ekyc-request.entity';
import { CONTACT_HOLDING_STATUSES, nextStatus, type EkycRequestAction, type EkycRequestStatusValue } from './ekyc-request.state';
import { mailErrorCode, type OtpMailer } from './otp-mailer';
import { generateOtp, hashOtp, lastFourMatches, normalizeLastFour, normalizeOtp, otpMatches } from './otp';

/**
 * A document an eKYC request may be built on: `ready`; `not_found` (unknown in the tenant, unread or rejected);
 * `unverified` when the tenant's policy requires the face match or liveness and the customer's application has not
 * passed them yet (the contract: a request follows "the document submission and face verification processes").
 */
export type EkycDocumentStanding = 'ready' | 'not_found' | 'unverified';

/**
 * Port to the ID-document submissions: a submission's standing for a request, and the last four characters of the
 * document number read from it (null when unknown: that check is then skipped).
 */
export interface EkycRequestDocuments {
  standing(tenantId: string, submissionId: string): Promise<EkycDocumentStanding>;
  lastFourOfDocumentNumber(tenantId: string, submissionId: string): Promise<string | null>;
}

export interface EkycRequestSettings {
  otpTtlMs: number;
  otpMaxAttempts: number;
  /** A new code is refused until this long after the last one was sent (unless that send failed). */
  resendIntervalMs: number;
  /** Accepted OTP mails per request, the first one included. */
  maxSends: number;
}

export const DEFAULT_EKYC_REQUEST_SETTINGS: EkycRequestSettings = { otpTtlMs: 10 * 60_000, otpMaxAttempts: 5, resendIntervalMs: 60_000, maxSends: 5 };

export interface CreateEkycRequestCommand {
  email: string;
  phoneNumber: string;
  documentIdentificationId: string;
  idempotencyKey?: string | null;
}

export interface VerifyEkycRequestOtpCommand {
  id: string;
  otp: string;
  documentNumberLast4: string;
}

export type EkycRequestResult = { ok: true; record: EkycRequestRecord } | { ok: false; errors: FieldProblem[] };
export type CreateEkycRequestResult = { ok: true; record: EkycRequestRecord; replayed: boolean } | { ok: false; errors: FieldProblem[] };

export interface EkycRequestContact {
  email: string;
  phoneNumber: string;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const UNIQUE_VIOLATION = '23505';
const CONTACT_INDEXES = ['ekyc_requests_email_open_uq', 'ekyc_requests_phone_open_uq'];

const notFound = (field: string) => problem('NOT_FOUND', field, 'no eKYC request with this id in your tenant');
const invalidState = (status: EkycRequestStatusValue, field: string) => problem('INVALID_STATE', field, `not allowed while the eKYC request is ${status}`);

type Mutator = (record: EkycRequestRecord, now: Date, m: EntityManager) => Promise<FieldProblem[] | null> | FieldProblem[] | null;

export class EkycRequestService {
  private readonly settings: EkycRequestSettings;
  private readonly now: () => Date;

  constructor(
    private readonly deps: {
      ds: DataSource;
      cipher: PiiCipher;
      /** Key of the OTP hashes (`deriveOtpKey`). */
      otpKey: Buffer;
      relay: Pick<OutboxRelay, 'nudge'>;
      documents: EkycRequestDocuments;
      mailer: OtpMailer;
      log: Pick<Logger, 'warn'>;
      settings?: Partial<EkycRequestSettings>;
      now?: () => Date;
    },
  ) {
    this.settings = { ...DEFAULT_EKYC_REQUEST_SETTINGS, ...deps.settings };
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Opens a request and emails its OTP. Problems come most important first: a taken contact, then an
   * unknown document (the contract's 409 before its 400). The mail goes after the commit; when it fails
   * the request stays `otp_pending` and `resendOtp` recovers it.
   */
  async create(auth: InternalContext, command: CreateEkycRequestCommand): Promise<CreateEkycRequestResult> {
    const errors: FieldProblem[] = [];
    const email = normalizeEmail(command.email);
    if (!email.ok) errors.push(problem('INVALID_EMAIL', 'input.email', email.message));
    const phone = normalizePhoneNumber(command.phoneNumber);
    if (!phone.ok) errors.push(problem('INVALID_PHONE_NUMBER', 'input.phoneNumber', phone.message));
    const key = command.idempotencyKey ?? null;
    if (key !== null && !IDEMPOTENCY_KEY.test(key))
      errors.push(problem('INVALID_IDEMPOTENCY_KEY', 'input.idempotencyKey', 'use 1-128 characters from A-Z a-z 0-9 _ . : -'));
    if (!email.ok || !phone.ok || errors.length > 0) return { ok: false, errors };

    const { cipher, ds, documents } = this.deps;
    const tenantId = auth.tenantId;
    const submissionId = command.documentIdentificationId.trim().toLowerCase();
    const emailIdx = cipher.blindIndex(email.value, tenantId);
    const phoneIdx = cipher.blindIndex(phone.value, tenantId);
    const digest = cipher.blindIndex(`ekyc-request\n${email.value}\n${phone.value}\n${submissionId}`, tenantId);

    if (key !== null) {
      const replay = await this.replayOf(ds.manager, tenantId, key, digest);
      if (replay) return replay;
    }
    const [taken, standing] = await Promise.all([
      this.contactTaken(ds.manager, tenantId, emailIdx, phoneIdx),
      UUID.test(submissionId) ? documents.standing(tenantId, submissionId) : Promise.resolve<EkycDocumentStanding>('not_found'),
    ]);
    if (standing === 'not_found') taken.push(problem('DOCUMENT_NOT_FOUND', 'input.documentIdentificationId'));
    if (standing === 'unverified') taken.push(problem('DOCUMENT_NOT_VERIFIED', 'input.documentIdentificationId'));
    if (taken.length > 0) return { ok: false, errors: taken };

    const otp = generateOtp();
    const now = this.now();
    const id = randomUUID();
    let record: EkycRequestRecord;
    try {
      record = await ds.transaction(async (m) => {
        const created = m.create(EkycRequestRecord, {
          id,
          tenantId,
          status: 'otp_pending',
          emailEnc: cipher.encrypt(email.value, tenantId),
          emailIdx,
          phoneEnc: cipher.encrypt(phone.value, tenantId),
          phoneIdx,
          submissionId,
          idempotencyKey: key,
          requestDigest: digest,
          otpHash: hashOtp(this.deps.otpKey, id, otp),
          otpExpiresAt: new Date(now.getTime() + this.settings.otpTtlMs),
          otpAttempts: 0,
          otpSends: 0,
          otpDelivery: 'sending',
          otpDeliveryError: null,
          otpLastSendAt: now,
          createdBy: auth.userId,
          createdAt: now,
          updatedAt: now,
        });
        await m.insert(EkycRequestRecord, created);
        await enqueueEvents(m, ds, [this.event(auth, 'ekyc_request.created', id, { ekycRequestId: id, submissionId, status: 'otp_pending' }, now)]);
        return created;
      });
    } catch (err) {
      if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
      // A concurrent create won: a retry with the same key is its replay, anything else a taken contact.
      if (key !== null) {
        const replay = await this.replayOf(ds.manager, tenantId, key, digest);
        if (replay) return replay;
      }
      const racing = await this.contactTaken(ds.manager, tenantId, emailIdx, phoneIdx);
      if (racing.length > 0) return { ok: false, errors: racing };
      if (CONTACT_INDEXES.includes(String((err as { constraint?: string }).constraint))) {
        return { ok: false, errors: [problem('EKYC_CONTACT_TAKEN', 'input.email')] };
      }
      throw err;
    }
    this.deps.relay.nudge();
    return { ok: true, record: await this.deliver(record, email.value, otp), replayed: false };
  }

  private async replayOf(m: EntityManager, tenantId: string, key: string, digest: string): Promise<CreateEkycRequestResult | null> {
    const existing = await m.findOneBy(EkycRequestRecord, { tenantId, idempotencyKey: key });
    if (!existing) return null;
    if (existing.requestDigest !== digest) return { ok: false, errors: [problem('IDEMPOTENCY_KEY_REUSED', 'input.idempotencyKey')] };
    return { ok: true, record: existing, replayed: true };
  }

  private async contactTaken(m: EntityManager, tenantId: string, emailIdx: string, phoneIdx: string): Promise<FieldProblem[]> {
    const open = await m
      .createQueryBuilder(EkycRequestRecord, 'r')
      .select(['r.emailIdx', 'r.phoneIdx'])
      .where('r.tenant_id = :tenantId', { tenantId })
      .andWhere('r.status IN (:...held)', { held: CONTACT_HOLDING_STATUSES })
      .andWhere('(r.email_idx = :emailIdx OR r.phone_idx = :phoneIdx)', { emailIdx, phoneIdx })
      .getMany();
    const errors: FieldProblem[] = [];
    if (open.some((r) => r.emailIdx === emailIdx))
      errors.push(problem('EKYC_CONTACT_TAKEN', 'input.email', 'this email is already used by another eKYC request'));
    if (open.some((r) => r.phoneIdx === phoneIdx))
      errors.push(problem('EKYC_CONTACT_TAKEN', 'input.phoneNumber', 'this phone number is already used by another eKYC request'));
    return errors;
  }

  /**
   * Sends the current code and records the outcome, unless the request moved on meanwhile (a newer code,
   * verified, cleared): then the stale outcome is dropped and the request is returned as it now stands.
   */
  private async deliver(record: EkycRequestRecord, email: string, otp: string): Promise<EkycRequestRecord> {
    const sentHash = record.otpHash;
    const ttlMinutes = Math.max(1, Math.round(this.settings.otpTtlMs / 60_000));
    let failure: string | null = null;
    try {
      await this.deps.mailer.sendOtp({ to: email, otp, expiresAt: record.otpExpiresAt as Date, ttlMinutes });
    } catch (err) {
      failure = mailErrorCode(err);
      this.deps.log.warn({ ekycRequestId: record.id, code: failure }, 'OTP mail not accepted; the request stays otp_pending until a resend');
    }
    return this.deps.ds.transaction(async (m) => {
      const current = await m.findOne(EkycRequestRecord, { where: { tenantId: record.tenantId, id: record.id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new Error(`eKYC request ${record.id} vanished`);
      if (current.otpHash !== sentHash || current.otpDelivery !== 'sending') return current;
      if (failure) {
        Object.assign(current, { otpDelivery: 'failed', otpDeliveryError: failure, updatedAt: this.now() });
      } else {
        Object.assign(current, {
          status: nextStatus(current.status, 'mail_delivered') ?? current.status,
          otpDelivery: 'sent',
          otpDeliveryError: null,
          otpSends: current.otpSends + 1,
          updatedAt: this.now(),
        });
      }
      await m.save(EkycRequestRecord, current);
      return current;
    });
  }

  /** A new code, replacing the old one; limited to one per `resendIntervalMs` and `maxSends` in all. */
  async resendOtp(auth: InternalContext, id: string): Promise<EkycRequestResult> {
    let otp = '';
    const result = await this.change(auth, id, 'resend', 'id', (record, now) => {
      if (record.otpSends >= this.settings.maxSends) {
        return [problem('OTP_RESEND_LIMIT', 'id', `${record.otpSends} OTPs were sent already, the most this request allows`)];
      }
      const holdsInterval = record.otpDelivery === 'sending' || record.otpDelivery === 'sent';
      const waitMs = record.otpLastSendAt ? record.otpLastSendAt.getTime() + this.settings.resendIntervalMs - now.getTime() : 0;
      if (holdsInterval && waitMs > 0) return [problem('OTP_RESEND_TOO_SOON', 'id', `an OTP was sent moments ago; ask again in ${Math.ceil(waitMs / 1000)} s`)];
      otp = generateOtp();
      Object.assign(record, {
        otpHash: hashOtp(this.deps.otpKey, record.id, otp),
        otpExpiresAt: new Date(now.getTime() + this.settings.otpTtlMs),
        otpDelivery: 'sending',
        otpDeliveryError: null,
        otpLastSendAt: now,
      });
      return null;
    });
    if (!result.ok) return result;
    const contact = this.decryptContact(result.record);
    if (!contact) throw new Error(`eKYC request ${id} has no contact to send to`);
    return { ok: true, record: await this.deliver(result.record, contact.email, otp) };
  }

  /**
   * The phone call's check: the emailed OTP and the last four characters of the document number. A wrong
   * answer uses up an attempt; the last one locks the request. An expired code uses none.
   */
  async verifyOtp(auth: InternalContext, command: VerifyEkycRequestOtpCommand): Promise<EkycRequestResult> {
    const otp = normalizeOtp(command.otp);
    const lastFour = normalizeLastFour(command.documentNumberLast4);
    const errors: FieldProblem[] = [];
    if (!otp) errors.push(problem('INVALID_OTP_FORMAT', 'input.otp'));
    if (!lastFour) errors.push(problem('INVALID_DOCUMENT_NUMBER_LAST4', 'input.documentNumberLast4'));
    if (!otp || !lastFour) return { ok: false, errors };
    const found = UUID.test(command.id) ? await this.findById(auth.tenantId, command.id) : null;
    if (!found) return { ok: false, errors: [notFound('input.id')] };
    // Asked before the transaction: the port may be slow, and the row lock should not wait for it.
    const expectedLastFour = await this.deps.documents.lastFourOfDocumentNumber(auth.tenantId, found.submissionId);

    let lockedNow = false;
    const result = await this.change(
      auth,
      command.id,
      'verify',
      'input.id',
      (record, now) => {
        if (!record.otpHash || !record.otpExpiresAt || record.otpExpiresAt.getTime() <= now.getTime()) {
          return [problem('OTP_EXPIRED', 'input.otp', 'the OTP has expired; ask for a new one (resendEkycRequestOtp)')];
        }
        const otpRight = otpMatches(this.deps.otpKey, record.id, otp, record.otpHash);
        const lastFourRight = expectedLastFour === null || lastFourMatches(expectedLastFour, lastFour);
        if (otpRight && lastFourRight) {
          Object.assign(record, { verifiedAt: now, otpHash: null, otpExpiresAt: null });
          return null;
        }
        return 'wrong';
      },
      async (record, now, m) => {
        // Reached only for a wrong answer: count it, and lock once none are left.
        record.otpAttempts += 1;
        const left = this.settings.otpMaxAttempts - record.otpAttempts;
        if (left > 0) {
          record.updatedAt = now;
          await m.save(EkycRequestRecord, record);
          return [problem('OTP_INVALID', null, `the OTP or the document number digits do not match; ${left} attempt${left === 1 ? '' : 's'} left`)];
        }
        Object.assign(record, { status: nextStatus(record.status, 'lock'), lockedAt: now, otpHash: null, otpExpiresAt: null, updatedAt: now });
        await m.save(EkycRequestRecord, record);
        await enqueueEvents(m, this.deps.ds, [this.event(auth, 'ekyc_request.locked', record.id, { ekycRequestId: record.id, status: 'locked' }, now)]);
        lockedNow = true;
        return [problem('OTP_ATTEMPTS_EXCEEDED', null)];
      },
    );
    if (lockedNow) this.deps.relay.nudge();
    return result;
  }

  /** Partner admins accept verified requests only. */
  accept(auth: InternalContext, id: string): Promise<EkycRequestResult> {
    return this.change(auth, id, 'accept', 'id', (record, now) => {
      Object.assign(record, { acceptedAt: now, acceptedBy: auth.userId });
      return null;
    });
  }

  /** Closes an open request. Its email and phone number stay taken (the contract: never used before); deleting it frees them. */
  clear(auth: InternalContext, id: string): Promise<EkycRequestResult> {
    return this.change(auth, id, 'clear', 'id', (record, now) => {
      Object.assign(record, { clearedAt: now, clearedBy: auth.userId, otpHash: null, otpExpiresAt: null });
      return null;
    });
  }

  /** Wipes the PII and every hash derived from it; the row stays as an audit stub. */
  delete(auth: InternalContext, id: string): Promise<EkycRequestResult> {
    return this.change(auth, id, 'delete', 'id', (record, now) => {
      Object.assign(record, {
        emailEnc: null,
        emailIdx: null,
        phoneEnc: null,
        phoneIdx: null,
        requestDigest: null,
        idempotencyKey: null,
        otpHash: null,
        otpExpiresAt: null,
        otpDeliveryError: null,
        deletedAt: now,
        deletedBy: auth.userId,
      });
      return null;
    });
  }

  /**
   * Locks the row, checks the transition, lets `apply` adjust it, and saves it with its event in one
   * transaction. `apply` returns problems to refuse, or 'wrong' to hand over to `onWrong` (whose writes
   * still commit, e.g. a counted attempt).
   */
  private async change(
    auth: InternalContext,
    id: string,
    action: EkycRequestAction,
    idField: string,
    apply: (record: EkycRequestRecord, now: Date) => FieldProblem[] | null | 'wrong',
    onWrong?: Mutator,
  ): Promise<EkycRequestResult> {
    if (!UUID.test(id)) return { ok: false, errors: [notFound(idField)] };
    let published = false;
    const result = await this.deps.ds.transaction(async (m): Promise<EkycRequestResult> => {
      const record = await m.findOne(EkycRequestRecord, { where: { tenantId: auth.tenantId, id }, lock: { mode: 'pessimistic_write' } });
      if (!record) return { ok: false, errors: [notFound(idField)] };
      const now = this.now();
      const previous = record.status;
      const next = nextStatus(previous, action);
      if (!next) {
        if (action === 'verify' && (previous === 'verified' || previous === 'accepted')) return { ok: false, errors: [problem('ALREADY_VERIFIED', idField)] };
        return { ok: false, errors: [invalidState(previous, idField)] };
      }
      const outcome = apply(record, now);
      if (outcome === 'wrong') {
        const problems = (await onWrong?.(record, now, m)) ?? [];
        return { ok: false, errors: problems };
      }
      if (outcome) return { ok: false, errors: outcome };
      Object.assign(record, { status: next, updatedAt: now });
      await m.save(EkycRequestRecord, record);
      const event = this.transitionEvent(auth, record, previous, now);
      if (event) {
        await enqueueEvents(m, this.deps.ds, [event]);
        published = true;
      }
      return { ok: true, record };
    });
    if (published) this.deps.relay.nudge();
    return result;
  }

  private transitionEvent(auth: InternalContext, record: EkycRequestRecord, previousStatus: EkycRequestStatusValue, now: Date): KycEvent | null {
    const ekycRequestId = record.id;
    switch (record.status) {
      case 'verified':
        return this.event(auth, 'ekyc_request.verified', ekycRequestId, { ekycRequestId, status: 'verified' }, now);
      case 'accepted':
        return this.event(auth, 'ekyc_request.accepted', ekycRequestId, { ekycRequestId, status: 'accepted' }, now);
      case 'cleared':
        return this.event(auth, 'ekyc_request.cleared', ekycRequestId, { ekycRequestId, status: 'cleared', previousStatus }, now);
      case 'deleted':
        return this.event(auth, 'ekyc_request.deleted', ekycRequestId, { ekycRequestId, status: 'deleted', previousStatus }, now);
      default:
        return null;
    }
  }

  private event<T extends EventType>(auth: InternalContext, type: T, ekycRequestId: string, data: EventData<T>, now: Date): KycEvent {
    return createEvent(type, { tenantId: auth.tenantId, correlationId: ekycRequestId, actor: actorOf(auth), occurredAt: now }, data);
  }

  findById(tenantId: string, id: string): Promise<EkycRequestRecord | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return this.deps.ds.manager.findOneBy(EkycRequestRecord, { tenantId, id });
  }

  async list(
    tenantId: string,
    args: { first: number; after?: string | null; status?: EkycRequestStatusValue | null },
  ): Promise<{ records: EkycRequestRecord[]; hasNextPage: boolean } | { error: FieldProblem }> {
    const qb = this.deps.ds.manager.createQueryBuilder(EkycRequestRecord, 'r').where('r.tenant_id = :tenantId', { tenantId });
    if (args.status) qb.andWhere('r.status = :status', { status: args.status });
    const page = await keysetPage(qb, { alias: 'r', timeColumn: 'created_at', first: args.first, after: args.after });
    if (!page.ok) return { error: { code: page.reason, message: 'cursor is not one this API returned', field: 'after' } };
    return { records: page.rows, hasNextPage: page.hasNextPage };
  }

  cursorOf = (record: EkycRequestRecord): string => encodeCursor({ createdAt: record.createdAt.toISOString(), id: record.id });

  /** Null once the request is deleted. */
  decryptContact = (record: EkycRequestRecord): EkycRequestContact | null => {
    if (!record.emailEnc || !record.phoneEnc) return null;
    return { email: this.deps.cipher.decrypt(record.emailEnc, record.tenantId), phoneNumber: this.deps.cipher.decrypt(record.phoneEnc, record.tenantId) };
  };

  remainingAttempts = (record: EkycRequestRecord): number => Math.max(0, this.settings.otpMaxAttempts - record.otpAttempts);
}
