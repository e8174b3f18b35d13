import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createPiiCipher } from '@ekyc/crypto';
import { migrateDataSource } from '@ekyc/db';
import type { KycEvent } from '@ekyc/event-schemas';
import type { InternalContext, Role } from '@ekyc/internal-context';
import { freePort, integrationEnv, scratchDatabase } from '@ekyc/testing';
import { startSmtpSink, type RunningSmtpSink } from '@ekyc/smtp-sink';
import { createIdentityDocumentDataSource } from '../data-source';
import { EkycRequestService, type EkycRequestSettings } from './ekyc-request.service';
import { createSmtpOtpMailer, type OtpMailer } from './otp-mailer';
import { deriveOtpKey } from './otp';

jest.setTimeout(60_000);

const PII_KEY = Buffer.alloc(32, 11).toString('base64');
const cipher = createPiiCipher(PII_KEY);
const otpKey = deriveOtpKey(PII_KEY);
const log = { warn: () => undefined };
const relay = { nudge: () => undefined };

let sink: RunningSmtpSink;
let mailer: OtpMailer;
let db: { url: string; drop(): Promise<void> };
let ds: DataSource;

beforeAll(async () => {
  sink = await startSmtpSink({ smtpPort: await freePort(), httpPort: await freePort() });
  mailer = createSmtpOtpMailer({ smtpUrl: sink.smtpUrl, from: 'eKYC <no-reply@ekyc.test>', timeoutMs: 3_000 });
  db = await scratchDatabase(integrationEnv().databaseUrl, 'ekycreq');
  ds = createIdentityDocumentDataSource(db.url);
  await migrateDataSource(ds);
  await ds.initialize();
});

afterAll(async () => {
  mailer?.close();
  await ds?.destroy();
  await db?.drop();
  await sink?.stop();
});

let seq = 0;
const uniqueEmail = () => `user${++seq}.${randomUUID().slice(0, 8)}@example.com`;
const uniquePhone = () => `+88017${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** Its own tenant, clock and submissions; the service wired as main.ts wires it. */
function harness(options: { settings?: Partial<EkycRequestSettings>; mailer?: OtpMailer; documentGate?: () => Promise<void> } = {}) {
  const tenantId = randomUUID();
  const as = (role: Role): InternalContext => ({ tenantId, userId: randomUUID(), roles: [role], authKind: 'jwt', credentialId: 'c', requestId: 'r' });
  const agent = as('agent');
  const admin = as('partner_admin');
  let nowMs = Date.now();
  const submissions = new Map<string, string | null>();
  /** Submissions whose customer has not passed the checks the policy requires. */
  const unverified = new Set<string>();
  const documents = {
    standing: async (t: string, id: string) => {
      await options.documentGate?.();
      if (t !== tenantId || !submissions.has(id)) return 'not_found' as const;
      return unverified.has(id) ? ('unverified' as const) : ('ready' as const);
    },
    lastFourOfDocumentNumber: async (t: string, id: string) => (t === tenantId ? (submissions.get(id) ?? null) : null),
  };
  const service = new EkycRequestService({
    ds,
    cipher,
    otpKey,
    relay,
    documents,
    mailer: options.mailer ?? mailer,
    log,
    settings: options.settings,
    now: () => new Date(nowMs),
  });
  const submission = (documentNumber: string | null = '1234567890') => {
    const id = randomUUID();
    submissions.set(id, documentNumber);
    return id;
  };
  const create = (input: { email?: string; phoneNumber?: string; documentIdentificationId?: string; idempotencyKey?: string | null } = {}) =>
    service.create(agent, {
      email: input.email ?? uniqueEmail(),
      phoneNumber: input.phoneNumber ?? uniquePhone(),
      documentIdentificationId: input.documentIdentificationId ?? submission(),
      idempotencyKey: input.idempotencyKey,
    });
  const events = async (type?: string) =>
    (
      (await ds.query(
        `SELECT payload FROM identity_document.outbox WHERE tenant_id = $1 ${type ? 'AND event_type = $2' : ''} ORDER BY seq`,
        type ? [tenantId, type] : [tenantId],
      )) as Array<{ payload: KycEvent }>
    ).map((r) => r.payload);
  return { tenantId, agent, admin, service, submission, create, events, advance: (ms: number) => (nowMs += ms), documents: submissions, unverified };
}

/** Resolves for everyone once `parties` callers are waiting. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    arrived += 1;
    if (arrived >= parties) open();
    return opened;
  };
}

/** The code in the newest OTP mail to this address. */
function otpMailedTo(email: string): string {
  const mail = sink.messages(email)[0];
  if (!mail) throw new Error(`no mail to ${email}`);
  const code = /verification code is (\d{6})\./.exec(mail.text)?.[1];
  if (!code) throw new Error(`no code in: ${mail.text}`);
  return code;
}

function ok<R>(result: { ok: true; record: R } | { ok: false; errors: unknown[] }): R {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.errors)}`);
  return result.record;
}

const codes = (result: { ok: boolean; errors?: Array<{ code: string; field: string | null }> }) =>
  result.ok ? [] : (result.errors ?? []).map((e) => [e.code, e.field]);

describe('creating an eKYC request', () => {
  it('stores email and phone encrypted, emails a 6-digit OTP and keeps only its hash', async () => {
    const h = harness();
    const email = uniqueEmail();
    const phoneNumber = '+880 1712-' + String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
    const record = ok(await h.create({ email: email.toUpperCase(), phoneNumber }));
    expect(record).toMatchObject({ status: 'otp_sent', otpDelivery: 'sent', otpSends: 1, otpAttempts: 0 });
    expect(h.service.decryptContact(record)).toEqual({ email, phoneNumber: phoneNumber.replace(/[\s-]/g, '') });

    const mail = sink.messages(email)[0]!;
    expect(mail).toMatchObject({ from: 'no-reply@ekyc.test', to: [email], subject: 'Your eKYC verification code' });
    const otp = otpMailedTo(email);
    const [row] = await ds.query(`SELECT * FROM identity_document.ekyc_requests WHERE id = $1`, [record.id]);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(email);
    expect(stored).not.toContain(phoneNumber.slice(-6));
    expect(stored).not.toContain(otp);
    expect(row.email_enc).toMatch(/^v2\./);

    const [created] = await h.events('ekyc_request.created');
    expect(created).toMatchObject({ correlationId: record.id, data: { ekycRequestId: record.id, submissionId: record.submissionId, status: 'otp_pending' } });
    expect(JSON.stringify(await h.events())).not.toMatch(new RegExp(`${email}|${otp}|${phoneNumber.slice(-6)}`));
  });

  it('refuses an invalid email, a phone number without country code and a bad idempotency key, all at once', async () => {
    const h = harness();
    const result = await h.create({ email: 'not-an-email', phoneNumber: '01712345678', idempotencyKey: 'has spaces' });
    expect(codes(result)).toEqual([
      ['INVALID_EMAIL', 'input.email'],
      ['INVALID_PHONE_NUMBER', 'input.phoneNumber'],
      ['INVALID_IDEMPOTENCY_KEY', 'input.idempotencyKey'],
    ]);
  });

  it("refuses a document whose customer has not passed the policy's checks with DOCUMENT_NOT_VERIFIED, and sends no OTP", async () => {
    const h = harness();
    const documentIdentificationId = h.submission();
    h.unverified.add(documentIdentificationId);
    expect(codes(await h.create({ documentIdentificationId }))).toEqual([['DOCUMENT_NOT_VERIFIED', 'input.documentIdentificationId']]);
    expect(await h.events('ekyc_request.created')).toEqual([]);
    h.unverified.delete(documentIdentificationId);
    expect((await h.create({ documentIdentificationId })).ok).toBe(true);
  });

  it('refuses an unknown document, a malformed id and a document of another tenant with DOCUMENT_NOT_FOUND', async () => {
    const h = harness();
    const other = harness();
    for (const documentIdentificationId of [randomUUID(), 'abc', other.submission()]) {
      expect(codes(await h.create({ documentIdentificationId }))).toEqual([['DOCUMENT_NOT_FOUND', 'input.documentIdentificationId']]);
    }
    expect(await ds.query(`SELECT 1 FROM identity_document.ekyc_requests WHERE tenant_id = $1`, [h.tenantId])).toEqual([]);
  });
});

describe('email and phone uniqueness', () => {
  it('refuses a taken email or phone among open requests of the tenant, naming each taken field, before an unknown document', async () => {
    const h = harness();
    const email = uniqueEmail();
    const phoneNumber = uniquePhone();
    ok(await h.create({ email, phoneNumber }));
    expect(codes(await h.create({ email: email.toUpperCase() }))).toEqual([['EKYC_CONTACT_TAKEN', 'input.email']]);
    expect(codes(await h.create({ phoneNumber }))).toEqual([['EKYC_CONTACT_TAKEN', 'input.phoneNumber']]);
    expect(codes(await h.create({ email, phoneNumber, documentIdentificationId: randomUUID() }))).toEqual([
      ['EKYC_CONTACT_TAKEN', 'input.email'],
      ['EKYC_CONTACT_TAKEN', 'input.phoneNumber'],
      ['DOCUMENT_NOT_FOUND', 'input.documentIdentificationId'],
    ]);
    // Another tenant's customers are not this tenant's.
    ok(await harness().create({ email, phoneNumber }));
  });

  it('lets exactly one of concurrent creates with the same contact win, decided by the unique index', async () => {
    // Every create waits at the document check, which runs beside the contact check, until all have reached
    // it: all of them have then seen the contact free, and only the database can stop the others.
    let gate = barrier(3);
    const h = harness({ documentGate: () => gate() });
    for (let round = 0; round < 5; round++) {
      gate = barrier(3);
      const email = uniqueEmail();
      const results = await Promise.all([h.create({ email }), h.create({ email }), h.create({ email })]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      for (const lost of results.filter((r) => !r.ok)) expect(codes(lost)).toEqual([['EKYC_CONTACT_TAKEN', 'input.email']]);
    }
    gate = barrier(2);
    const phoneNumber = uniquePhone();
    const results = await Promise.all([h.create({ phoneNumber }), h.create({ phoneNumber })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(codes(results.find((r) => !r.ok)!)).toEqual([['EKYC_CONTACT_TAKEN', 'input.phoneNumber']]);
  });

  it('holds email and phone after the request is cleared (the contract: never used before); deleting it frees them', async () => {
    const h = harness();
    const email = uniqueEmail();
    const phoneNumber = uniquePhone();
    const first = ok(await h.create({ email, phoneNumber }));
    expect(ok(await h.service.clear(h.admin, first.id))).toMatchObject({ status: 'cleared', clearedBy: h.admin.userId });
    expect(codes(await h.create({ email, phoneNumber }))).toEqual([
      ['EKYC_CONTACT_TAKEN', 'input.email'],
      ['EKYC_CONTACT_TAKEN', 'input.phoneNumber'],
    ]);
    ok(await h.service.delete(h.admin, first.id));
    const second = ok(await h.create({ email, phoneNumber }));
    ok(await h.service.delete(h.admin, second.id));
    ok(await h.create({ email, phoneNumber }));
    expect((await h.events()).map((e) => e.type)).toEqual([
      'ekyc_request.created',
      'ekyc_request.cleared',
      'ekyc_request.deleted',
      'ekyc_request.created',
      'ekyc_request.deleted',
      'ekyc_request.created',
    ]);
  });
});

describe('idempotent creates', () => {
  it('replays a retry with the same key and input without a second OTP, and refuses the key with other input', async () => {
    const h = harness();
    const email = uniqueEmail();
    const input = { email, phoneNumber: uniquePhone(), documentIdentificationId: h.submission(), idempotencyKey: `k-${randomUUID()}` };
    const first = await h.create(input);
    const again = await h.create({ ...input, email: email.toUpperCase() });
    expect(again).toMatchObject({ ok: true, replayed: true, record: { id: ok(first).id } });
    expect(sink.messages(email)).toHaveLength(1);
    expect(codes(await h.create({ ...input, phoneNumber: uniquePhone() }))).toEqual([['IDEMPOTENCY_KEY_REUSED', 'input.idempotencyKey']]);
  });

  it('gives concurrent retries with the same key one request', async () => {
    const h = harness();
    const input = { email: uniqueEmail(), phoneNumber: uniquePhone(), documentIdentificationId: h.submission(), idempotencyKey: `k-${randomUUID()}` };
    const results = await Promise.all([h.create(input), h.create(input), h.create(input)]);
    expect(new Set(results.map((r) => ok(r).id)).size).toBe(1);
    expect(results.filter((r) => r.ok && !r.replayed)).toHaveLength(1);
    expect(await h.events('ekyc_request.created')).toHaveLength(1);
  });
});

describe('verifying the OTP', () => {
  it('verifies with the mailed OTP and the last four of the document number, then a partner admin accepts', async () => {
    const h = harness();
    const email = uniqueEmail();
    const record = ok(await h.create({ email, documentIdentificationId: h.submission('19871234567895678') }));
    const verified = ok(await h.service.verifyOtp(h.agent, { id: record.id, otp: otpMailedTo(email), documentNumberLast4: '5678' }));
    expect(verified).toMatchObject({ status: 'verified', otpHash: null });
    expect(codes(await h.service.verifyOtp(h.agent, { id: record.id, otp: otpMailedTo(email), documentNumberLast4: '5678' }))).toEqual([
      ['ALREADY_VERIFIED', 'input.id'],
    ]);
    expect(ok(await h.service.accept(h.admin, record.id))).toMatchObject({ status: 'accepted', acceptedBy: h.admin.userId });
    expect(codes(await h.service.accept(h.admin, record.id))).toEqual([['INVALID_STATE', 'id']]);
    expect((await h.events()).map((e) => [e.type, e.data])).toEqual([
      ['ekyc_request.created', { ekycRequestId: record.id, submissionId: record.submissionId, status: 'otp_pending' }],
      ['ekyc_request.verified', { ekycRequestId: record.id, status: 'verified' }],
      ['ekyc_request.accepted', { ekycRequestId: record.id, status: 'accepted' }],
    ]);
  });

  it('skips the document digits when the submission has no document number', async () => {
    const h = harness();
    const email = uniqueEmail();
    const record = ok(await h.create({ email, documentIdentificationId: h.submission(null) }));
    expect(ok(await h.service.verifyOtp(h.agent, { id: record.id, otp: otpMailedTo(email), documentNumberLast4: '0000' })).status).toBe('verified');
  });

  it('counts wrong answers, says how many are left, and locks the request after the last', async () => {
    const h = harness({ settings: { otpMaxAttempts: 3 } });
    const email = uniqueEmail();
    const record = ok(await h.create({ email }));
    const otp = otpMailedTo(email);
    const wrongOtp = String((Number(otp) + 1) % 1e6).padStart(6, '0');
    const first = await h.service.verifyOtp(h.agent, { id: record.id, otp: wrongOtp, documentNumberLast4: '7890' });
    expect(first).toEqual({ ok: false, errors: [{ code: 'OTP_INVALID', field: null, message: expect.stringContaining('2 attempts left') }] });
    // The right OTP with the wrong document digits is just as wrong, and does not say which part failed.
    const second = await h.service.verifyOtp(h.agent, { id: record.id, otp, documentNumberLast4: '7891' });
    expect(second).toEqual({ ok: false, errors: [{ code: 'OTP_INVALID', field: null, message: expect.stringContaining('1 attempt left') }] });
    expect(codes(await h.service.verifyOtp(h.agent, { id: record.id, otp: wrongOtp, documentNumberLast4: '7890' }))).toEqual([['OTP_ATTEMPTS_EXCEEDED', null]]);
    const locked = await h.service.findById(h.tenantId, record.id);
    expect(locked).toMatchObject({ status: 'locked', otpAttempts: 3, otpHash: null });
    const afterwards = await h.service.verifyOtp(h.agent, { id: record.id, otp, documentNumberLast4: '7890' });
    expect(afterwards).toEqual({ ok: false, errors: [{ code: 'INVALID_STATE', field: 'input.id', message: 'not allowed while the eKYC request is locked' }] });
    expect(codes(await h.service.resendOtp(h.agent, record.id))).toEqual([['INVALID_STATE', 'id']]);
    expect((await h.events('ekyc_request.locked')).map((e) => e.data)).toEqual([{ ekycRequestId: record.id, status: 'locked' }]);
    // The lock holds the contact; clearing the request keeps holding it, deleting it frees it.
    expect(codes(await h.create({ email }))).toEqual([['EKYC_CONTACT_TAKEN', 'input.email']]);
  });

  it('refuses a malformed OTP or document digits without using an attempt', async () => {
    const h = harness();
    const record = ok(await h.create());
    expect(codes(await h.service.verifyOtp(h.agent, { id: record.id, otp: '12345', documentNumberLast4: '12' }))).toEqual([
      ['INVALID_OTP_FORMAT', 'input.otp'],
      ['INVALID_DOCUMENT_NUMBER_LAST4', 'input.documentNumberLast4'],
    ]);
    expect((await h.service.findById(h.tenantId, record.id))!.otpAttempts).toBe(0);
  });

  it('refuses an expired OTP without using an attempt; a resent one works and the old one no longer does', async () => {
    const h = harness();
    const email = uniqueEmail();
    const record = ok(await h.create({ email }));
    const oldOtp = otpMailedTo(email);
    h.advance(10 * 60_000);
    expect(codes(await h.service.verifyOtp(h.agent, { id: record.id, otp: oldOtp, documentNumberLast4: '7890' }))).toEqual([['OTP_EXPIRED', 'input.otp']]);
    expect((await h.service.findById(h.tenantId, record.id))!.otpAttempts).toBe(0);
    expect(ok(await h.service.resendOtp(h.agent, record.id))).toMatchObject({ status: 'otp_sent', otpSends: 2 });
    const newOtp = otpMailedTo(email);
    if (newOtp !== oldOtp) {
      expect(codes(await h.service.verifyOtp(h.agent, { id: record.id, otp: oldOtp, documentNumberLast4: '7890' }))).toEqual([['OTP_INVALID', null]]);
    }
    h.advance(10 * 60_000 - 1_000);
    expect(ok(await h.service.verifyOtp(h.agent, { id: record.id, otp: newOtp, documentNumberLast4: '7890' })).status).toBe('verified');
  });
});

describe('resending the OTP', () => {
  it('allows one resend per interval and a bounded number of mails in all', async () => {
    const h = harness({ settings: { resendIntervalMs: 60_000, maxSends: 3 } });
    const email = uniqueEmail();
    const record = ok(await h.create({ email }));
    const tooSoon = await h.service.resendOtp(h.agent, record.id);
    expect(tooSoon).toEqual({ ok: false, errors: [{ code: 'OTP_RESEND_TOO_SOON', field: 'id', message: expect.stringContaining('60 s') }] });
    h.advance(59_000);
    expect(codes(await h.service.resendOtp(h.agent, record.id))).toEqual([['OTP_RESEND_TOO_SOON', 'id']]);
    h.advance(1_000);
    ok(await h.service.resendOtp(h.agent, record.id));
    h.advance(60_000);
    expect(ok(await h.service.resendOtp(h.agent, record.id)).otpSends).toBe(3);
    h.advance(60_000);
    expect(codes(await h.service.resendOtp(h.agent, record.id))).toEqual([['OTP_RESEND_LIMIT', 'id']]);
    expect(sink.messages(email)).toHaveLength(3);
  });

  it('lets only one of concurrent resends through', async () => {
    const h = harness();
    const email = uniqueEmail();
    const record = ok(await h.create({ email }));
    h.advance(60_000);
    const results = await Promise.all([
      h.service.resendOtp(h.agent, record.id),
      h.service.resendOtp(h.agent, record.id),
      h.service.resendOtp(h.agent, record.id),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(sink.messages(email)).toHaveLength(2);
  });
});

describe('when the mail server does not take the OTP mail', () => {
  it('keeps the request as otp_pending with the failure recorded, and a resend (not held by the interval) recovers it', async () => {
    const h = harness();
    const email = uniqueEmail();
    sink.failNext(1);
    const record = ok(await h.create({ email }));
    expect(record).toMatchObject({ status: 'otp_pending', otpDelivery: 'failed', otpDeliveryError: 'EENVELOPE_451', otpSends: 0 });
    expect(sink.messages(email)).toEqual([]);
    const resent = ok(await h.service.resendOtp(h.agent, record.id));
    expect(resent).toMatchObject({ status: 'otp_sent', otpDelivery: 'sent', otpDeliveryError: null, otpSends: 1 });
    expect(ok(await h.service.verifyOtp(h.agent, { id: record.id, otp: otpMailedTo(email), documentNumberLast4: '7890' })).status).toBe('verified');
  });

  it('keeps the request when no mail server answers at all', async () => {
    const closedPort = await freePort();
    const unreachable = createSmtpOtpMailer({ smtpUrl: `smtp://127.0.0.1:${closedPort}`, from: 'x@ekyc.test', timeoutMs: 1_000 });
    const h = harness({ mailer: unreachable });
    const record = ok(await h.create());
    expect(record).toMatchObject({ status: 'otp_pending', otpDelivery: 'failed', otpDeliveryError: expect.stringMatching(/^E(SOCKET|CONNECTION)/) });
    expect(await h.service.findById(h.tenantId, record.id)).toMatchObject({ status: 'otp_pending' });
    unreachable.close();
  });
});

describe('accept, clear and delete', () => {
  it('accepts verified requests only, naming the current state otherwise', async () => {
    const h = harness();
    const record = ok(await h.create());
    expect(await h.service.accept(h.admin, record.id)).toEqual({
      ok: false,
      errors: [{ code: 'INVALID_STATE', field: 'id', message: 'not allowed while the eKYC request is otp_sent' }],
    });
  });

  it('deletes the PII and every hash of it, keeping an audit stub; nothing is allowed afterwards', async () => {
    const h = harness();
    const email = uniqueEmail();
    const record = ok(await h.create({ email, idempotencyKey: `k-${randomUUID()}` }));
    const deleted = ok(await h.service.delete(h.admin, record.id));
    expect(deleted).toMatchObject({
      status: 'deleted',
      emailEnc: null,
      emailIdx: null,
      phoneEnc: null,
      phoneIdx: null,
      requestDigest: null,
      idempotencyKey: null,
      otpHash: null,
      deletedBy: h.admin.userId,
    });
    expect(h.service.decryptContact(deleted)).toBeNull();
    const [row] = await ds.query(`SELECT * FROM identity_document.ekyc_requests WHERE id = $1`, [record.id]);
    expect(row).toMatchObject({ status: 'deleted', submission_id: record.submissionId, created_by: h.agent.userId });
    for (const action of ['clear', 'delete', 'accept'] as const) {
      expect(codes(await h.service[action](h.admin, record.id))).toEqual([['INVALID_STATE', 'id']]);
    }
    expect((await h.events('ekyc_request.deleted'))[0]!.data).toEqual({ ekycRequestId: record.id, status: 'deleted', previousStatus: 'otp_sent' });
  });
});

describe('tenant isolation', () => {
  it("neither reads nor changes another tenant's request", async () => {
    const mine = harness();
    const theirs = harness();
    const email = uniqueEmail();
    const record = ok(await mine.create({ email }));
    expect(await theirs.service.findById(theirs.tenantId, record.id)).toBeNull();
    const page = await theirs.service.list(theirs.tenantId, { first: 100 });
    expect('records' in page && page.records).toEqual([]);
    const notFound = [['NOT_FOUND', 'id']];
    expect(codes(await theirs.service.accept(theirs.admin, record.id))).toEqual(notFound);
    expect(codes(await theirs.service.clear(theirs.admin, record.id))).toEqual(notFound);
    expect(codes(await theirs.service.delete(theirs.admin, record.id))).toEqual(notFound);
    expect(codes(await theirs.service.resendOtp(theirs.agent, record.id))).toEqual(notFound);
    expect(codes(await theirs.service.verifyOtp(theirs.agent, { id: record.id, otp: otpMailedTo(email), documentNumberLast4: '7890' }))).toEqual([
      ['NOT_FOUND', 'input.id'],
    ]);
    expect(await mine.service.findById(mine.tenantId, record.id)).toMatchObject({ status: 'otp_sent', otpAttempts: 0 });
  });
});

describe('listing', () => {
  it('pages newest first and filters by status', async () => {
    const h = harness();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(ok(await h.create()).id);
      h.advance(1_000);
    }
    ok(await h.service.clear(h.admin, ids[0]!));
    const first = await h.service.list(h.tenantId, { first: 2 });
    if ('error' in first) throw new Error(first.error.message);
    expect(first.records.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect(first.hasNextPage).toBe(true);
    const rest = await h.service.list(h.tenantId, { first: 2, after: h.service.cursorOf(first.records[1]!) });
    expect('records' in rest && rest.records.map((r) => r.id)).toEqual([ids[0]]);
    const cleared = await h.service.list(h.tenantId, { first: 10, status: 'cleared' });
    expect('records' in cleared && cleared.records.map((r) => r.id)).toEqual([ids[0]]);
    expect(await h.service.list(h.tenantId, { first: 2, after: 'nonsense' })).toEqual({ error: expect.objectContaining({ code: 'INVALID_CURSOR' }) });
  });
});
