import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createPiiCipher } from '@ekyc/crypto';
import { migrateDataSource } from '@ekyc/db';
import { createEvent, type ApplicantFields, type KycEvent } from '@ekyc/event-schemas';
import type { InternalContext } from '@ekyc/internal-context';
import { createLogger } from '@ekyc/logger';
import {
  freePort,
  integrationEnv,
  sandboxAdmin,
  scratchDatabase,
  startAppProcess,
  uniqueName,
  type AppProcess,
  type SandboxCitizen as Citizen,
} from '@ekyc/testing';
import { createProviderNidDataSource } from '../data-source';
import { loadEcPhoto } from '../ec-photo/ec-photo.store';
import { NidBillingService } from '../nid-billing/nid-billing.service';
import { createNidClient } from '../nid-client/nid.client';
import { NidCredentialsService } from '../nid-credentials/nid-credentials.service';
import { NidSessions } from '../nid-credentials/nid-sessions';
import { NidVerificationRecord } from './nid-verification.entity';
import { NidVerificationService } from './nid-verification.service';

jest.setTimeout(120_000);

const KEY = Buffer.alloc(32, 7).toString('base64');
const cipher = createPiiCipher(KEY);
const log = createLogger({ service: 'provider-nid-test', level: 'silent' });
const relay = { nudge: () => undefined };

let sandbox: AppProcess;
let db: { url: string; drop(): Promise<void> };
let ds: DataSource;
let citizens: Citizen[];
let nextCitizen = 10;

const admin = <T = unknown>(method: string, path: string, body?: unknown) => sandboxAdmin(sandbox.url)<T>(method, path, body);

const servedVerifications = async (nid: string) => (await admin<unknown[]>('GET', `/calls?nationalId=${nid}`)).length;

function applicantOf(c: Citizen, overrides: Partial<ApplicantFields> = {}): ApplicantFields {
  return {
    nid: c.nid10,
    nameEn: c.nameEn,
    name: c.name,
    dateOfBirth: c.dateOfBirth,
    father: c.father,
    mother: c.mother,
    spouse: c.spouse || null,
    presentAddress: c.presentAddress,
    permanentAddress: c.permanentAddress,
    ...overrides,
  };
}

/** Everything one test needs: its own tenant, its own sandbox user, and the services wired as main.ts wires them. */
async function harness(options: { maxAttempts?: number; timeoutMs?: number; giveUpAfterMs?: number; breakerThreshold?: number; slaAssigned?: boolean } = {}) {
  const tenantId = randomUUID();
  const username = uniqueName('u');
  const password = 'initial-pass-1';
  await admin('POST', '/users', { username, password, partnerId: 77, partnerName: 'Test Bank', slaAssigned: options.slaAssigned ?? true });
  const client = createNidClient({
    baseUrl: sandbox.url,
    timeoutMs: options.timeoutMs ?? 3_000,
    maxAttempts: options.maxAttempts ?? 3,
    retryInitialDelayMs: 20,
    retryMaxDelayMs: 100,
    breakerThreshold: options.breakerThreshold ?? 50,
    breakerHalfOpenAfterMs: 60_000,
  });
  const credentials = new NidCredentialsService({ ds, cipher, client, relay, log });
  const sessions = new NidSessions({ client, credentials, refreshMarginMs: 60_000 });
  const service = new NidVerificationService({
    ds,
    cipher,
    client,
    sessions,
    relay,
    log,
    retry: { baseDelayMs: 10, maxDelayMs: 20, giveUpAfterMs: options.giveUpAfterMs ?? 3_600_000, leaseMs: 60_000 },
    circuitOpenDelayMs: 10,
  });
  credentials.onRestored(async (t, session) => {
    sessions.forget(t, session);
    await service.resumeWaiting(t);
  });
  const auth: InternalContext = { tenantId, userId: randomUUID(), roles: ['partner_admin'], authKind: 'api_token', credentialId: 'c', requestId: 'r' };
  const configured = await credentials.configure(auth, { username, password });
  if (!configured.ok) throw new Error(JSON.stringify(configured.errors));

  const submit = async (applicant: ApplicantFields) => {
    const applicationId = randomUUID();
    const event = createEvent(
      'application.submitted',
      { tenantId, correlationId: applicationId, actor: { kind: 'api_token', id: auth.userId } },
      { applicationId, submissionId: null, documentType: 'nid_smart', applicantSealed: cipher.encrypt(JSON.stringify(applicant), tenantId) },
    ) as KycEvent<'application.submitted'>;
    await ds.transaction((m) => service.enqueue(m, event));
    return applicationId;
  };
  /** Runs the worker until nothing of this tenant is due (or retrying) any more. */
  const drain = async (rounds = 50) => {
    for (let i = 0; i < rounds; i++) {
      const claimed = (await service.claimDue(4)).filter((r) => r.tenantId === tenantId);
      for (const r of claimed) await service.process(r);
      const open = await ds.query(
        `SELECT count(*)::int AS n FROM provider_nid.nid_verifications WHERE tenant_id = $1 AND status IN ('queued', 'unavailable', 'in_progress')`,
        [tenantId],
      );
      if (open[0].n === 0) return;
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const record = (applicationId: string) => ds.manager.findOneByOrFail(NidVerificationRecord, { tenantId, applicationId });
  const calls = async (operation: string) =>
    (await ds.query(`SELECT outcome, http_status FROM provider_nid.nid_calls WHERE tenant_id = $1 AND operation = $2 ORDER BY started_at`, [
      tenantId,
      operation,
    ])) as Array<{
      outcome: string;
      http_status: number | null;
    }>;
  const events = async (type: string) =>
    (
      (await ds.query(`SELECT payload FROM provider_nid.outbox WHERE tenant_id = $1 AND event_type = $2 ORDER BY created_at`, [tenantId, type])) as Array<{
        payload: KycEvent;
      }>
    ).map((r) => r.payload);
  return { tenantId, username, password, auth, client, credentials, sessions, service, submit, drain, record, calls, events };
}

const citizen = () => citizens[nextCitizen++]!;

beforeAll(async () => {
  const port = await freePort();
  sandbox = await startAppProcess('nid-sandbox', { PORT: String(port), NID_SANDBOX_PUBLIC_URL: `http://127.0.0.1:${port}` });
  db = await scratchDatabase(integrationEnv().databaseUrl, 'pnid');
  ds = createProviderNidDataSource(db.url);
  await migrateDataSource(ds);
  await ds.initialize();
  citizens = (await admin<{ items: Citizen[] }>('GET', '/citizens?limit=200')).items;
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
  await sandbox?.stop();
});

afterEach(async () => {
  await admin('DELETE', '/faults');
});

describe('NID verification against the sandbox', () => {
  it('verifies a matching citizen, stores the EC photo encrypted, and publishes a result without PII', async () => {
    const h = await harness();
    const c = citizen();
    const id = await h.submit(applicantOf(c));
    await h.drain();
    const r = await h.record(id);
    expect(r.status).toBe('verified');
    expect(r.verified).toBe(true);
    expect(r.attempts).toBe(1);
    expect(r.fieldResults?.length).toBeGreaterThanOrEqual(5);
    expect(r.fieldResults?.every((f) => f.matched)).toBe(true);
    expect(r.fieldResults?.map((f) => f.field)).toEqual(expect.arrayContaining(['nameEn', 'name', 'dateOfBirth', 'father', 'mother']));
    expect(r.ecPhotoRef).toMatch(/^ec-photo:[0-9a-f]{64}$/);
    const photo = await loadEcPhoto(ds.manager, cipher, h.tenantId, r.ecPhotoRef!);
    expect(photo?.contentType).toBe('image/jpeg');
    expect(photo?.bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(cipher.decrypt(r.nationalIdEnc!, h.tenantId)).toBe(c.nid10);

    const [event] = await h.events('nid.verification.completed');
    expect(event?.data).toMatchObject({ applicationId: id, outcome: 'verified', verified: true, ecPhotoRef: r.ecPhotoRef });
    const text = JSON.stringify(await h.events('nid.verification.completed'));
    for (const pii of [c.nid10, c.nid17, c.nameEn, c.name, c.dateOfBirth]) expect(text).not.toContain(pii);

    expect(await h.calls('login')).toEqual([{ outcome: 'success', http_status: 200 }]);
    expect(await h.calls('demographic_verification')).toEqual([{ outcome: 'success', http_status: 200 }]);
    expect(await h.calls('photo')).toEqual([{ outcome: 'success', http_status: 200 }]);
    expect((await h.events('nid.call.recorded')).length).toBe(3);
  });

  it('reports a mismatch with per-field results, with the photo only when the English name matched', async () => {
    const h = await harness();
    const [a, b] = [citizen(), citizen()];
    const nameMatches = await h.submit(applicantOf(a, { dateOfBirth: '1999-01-01', father: 'অন্য কেউ' }));
    const nameDiffers = await h.submit(applicantOf(b, { nameEn: 'Somebody Else' }));
    await h.drain();
    const first = await h.record(nameMatches);
    expect(first).toMatchObject({ status: 'mismatch', verified: false, statusReason: 'Person data mismatch' });
    expect(Object.fromEntries(first.fieldResults!.map((f) => [f.field, f.matched]))).toMatchObject({
      nameEn: true,
      name: true,
      dateOfBirth: false,
      father: false,
      mother: true,
    });
    expect(first.ecPhotoRef).not.toBeNull();
    const second = await h.record(nameDiffers);
    expect(second.status).toBe('mismatch');
    expect(Object.fromEntries(second.fieldResults!.map((f) => [f.field, f.matched]))).toMatchObject({ nameEn: false, name: true });
    expect(second.ecPhotoRef).toBeNull();
    expect(second.nationalIdEnc).toBeNull();
  });

  it('marks an unknown national id as not_found, with a final event', async () => {
    const h = await harness();
    const id = await h.submit(applicantOf(citizen(), { nid: '1234509876' }));
    await h.drain();
    expect(await h.record(id)).toMatchObject({ status: 'not_found', verified: false, ecPhotoRef: null });
    expect((await h.events('nid.verification.completed'))[0]?.data).toMatchObject({ outcome: 'not_found', verified: false, fields: [] });
  });

  it('logs in once and reuses the token across verifications', async () => {
    const h = await harness();
    const ids = [await h.submit(applicantOf(citizen())), await h.submit(applicantOf(citizen())), await h.submit(applicantOf(citizen()))];
    await h.drain();
    for (const id of ids) expect((await h.record(id)).status).toBe('verified');
    expect(await h.calls('login')).toHaveLength(1);
  });

  it('retries 5xx answers within one attempt and calls the service for real only once', async () => {
    const h = await harness({ maxAttempts: 3 });
    const c = citizen();
    await admin('PUT', '/faults', { failNext: { count: 2, status: 503 }, paths: ['/partner-service/rest/demographic/verification'] });
    const id = await h.submit(applicantOf(c));
    await h.drain();
    expect((await h.record(id)).status).toBe('verified');
    expect((await h.calls('demographic_verification')).map((c) => c.http_status)).toEqual([503, 503, 200]);
    expect(await servedVerifications(c.nid10)).toBe(1);
  });

  it('keeps the application visible as unavailable during an outage, then completes it once the service is back', async () => {
    const h = await harness({ maxAttempts: 2 });
    const c = citizen();
    await admin('PUT', '/faults', { failNext: { count: 1000, status: 502 }, paths: ['/partner-service/rest/demographic/verification'] });
    const id = await h.submit(applicantOf(c));
    await h.service.process((await h.service.claimDue(10)).find((r) => r.applicationId === id)!);
    const during = await h.record(id);
    expect(during).toMatchObject({ status: 'unavailable', lastErrorCode: 'NID_UNAVAILABLE' });
    expect(during.statusReason).toContain('502');
    expect(during.nextAttemptAt).not.toBeNull();
    expect(await h.events('nid.verification.completed')).toHaveLength(0);

    await admin('DELETE', '/faults');
    await h.drain();
    expect((await h.record(id)).status).toBe('verified');
    expect(await servedVerifications(c.nid10)).toBe(1);
  });

  it('treats a hung request as a timeout and retries it', async () => {
    const h = await harness({ timeoutMs: 500 });
    const c = citizen();
    await admin('PUT', '/faults', { hangNext: { count: 1 }, paths: ['/partner-service/rest/demographic/verification'] });
    const id = await h.submit(applicantOf(c));
    await h.drain();
    expect((await h.record(id)).status).toBe('verified');
    expect((await h.calls('demographic_verification')).map((x) => x.outcome)).toEqual(['timeout', 'success']);
    expect(await servedVerifications(c.nid10)).toBe(1);
  });

  it('logs in again, once, when the token is revoked mid-run', async () => {
    const h = await harness();
    await h.submit(applicantOf(citizen()));
    await h.drain();
    await admin('POST', `/users/${h.username}/revoke-tokens`);
    const c = citizen();
    const id = await h.submit(applicantOf(c));
    await h.drain();
    expect((await h.record(id)).status).toBe('verified');
    expect(await h.calls('login')).toHaveLength(2);
    expect((await h.calls('demographic_verification')).map((x) => x.http_status)).toEqual([200, 401, 200]);
    expect(await servedVerifications(c.nid10)).toBe(1);
  });

  it('on password expiry waits for an operator, and resumes after changeNidPassword', async () => {
    const h = await harness();
    await admin('POST', `/users/${h.username}/expire-password`);
    const c = citizen();
    const id = await h.submit(applicantOf(c));
    await h.drain();
    expect(await h.record(id)).toMatchObject({ status: 'awaiting_credentials', lastErrorCode: 'NID_PASSWORD_EXPIRED' });
    expect(await h.credentials.find(h.tenantId)).toMatchObject({ status: 'password_expired' });
    expect((await h.events('nid.credentials.status.changed')).map((e) => (e.data as { status: string }).status)).toContain('password_expired');

    const unchanged = await h.credentials.changePassword(h.auth, { newPassword: h.password });
    expect(unchanged).toMatchObject({ ok: false, errors: [{ code: 'PASSWORD_UNCHANGED', field: 'input.newPassword' }] });
    const tooLong = await h.credentials.changePassword(h.auth, { newPassword: 'x'.repeat(51) });
    expect(tooLong).toMatchObject({ ok: false, errors: [{ code: 'INVALID_PASSWORD' }] });

    const changed = await h.credentials.changePassword(h.auth, { newPassword: 'a-new-pass-2' });
    expect(changed.ok).toBe(true);
    expect(await h.credentials.find(h.tenantId)).toMatchObject({ status: 'active', pendingPasswordEnc: null });
    await h.drain();
    expect((await h.record(id)).status).toBe('verified');
    expect(await servedVerifications(c.nid10)).toBe(1);
  });

  it('waits for an operator when the account has no verification SLA', async () => {
    const h = await harness({ slaAssigned: false });
    const id = await h.submit(applicantOf(citizen()));
    await h.drain();
    expect(await h.record(id)).toMatchObject({ status: 'awaiting_credentials', lastErrorCode: 'NID_SLA_NOT_ASSIGNED' });
    expect(await h.credentials.find(h.tenantId)).toMatchObject({ status: 'sla_not_assigned' });
  });

  it('opens the circuit after repeated failures and says so', async () => {
    const h = await harness({ maxAttempts: 1, breakerThreshold: 2 });
    await admin('PUT', '/faults', { failNext: { count: 1000, status: 500 }, paths: ['/partner-service/rest/demographic/verification'] });
    const ids = [await h.submit(applicantOf(citizen())), await h.submit(applicantOf(citizen())), await h.submit(applicantOf(citizen()))];
    const claimed = (await h.service.claimDue(10)).filter((r) => r.tenantId === h.tenantId);
    claimed.sort((a, b) => ids.indexOf(a.applicationId as (typeof ids)[number]) - ids.indexOf(b.applicationId as (typeof ids)[number]));
    for (const r of claimed) await h.service.process(r);
    const codes = await Promise.all(ids.map(async (id) => (await h.record(id)).lastErrorCode));
    expect(codes).toEqual(['NID_UNAVAILABLE', 'NID_UNAVAILABLE', 'NID_CIRCUIT_OPEN']);
    expect(await h.calls('demographic_verification')).toHaveLength(2);
  });

  it('fails visibly, with a final event, once the service stayed down past the give-up age', async () => {
    const h = await harness({ maxAttempts: 1, giveUpAfterMs: 1 });
    await admin('PUT', '/faults', { failNext: { count: 1000, status: 500 }, paths: ['/partner-service/rest/demographic/verification'] });
    const id = await h.submit(applicantOf(citizen()));
    await new Promise((r) => setTimeout(r, 10));
    await h.drain();
    const r = await h.record(id);
    expect(r.status).toBe('failed');
    expect(r.statusReason).toContain('stayed unavailable');
    expect((await h.events('nid.verification.completed'))[0]?.data).toMatchObject({ outcome: 'failed', verified: false });
  });

  it('lets two workers drain one queue without calling the service twice for any application', async () => {
    const h = await harness();
    const batch = Array.from({ length: 8 }, () => citizen());
    const ids = await Promise.all(batch.map((c) => h.submit(applicantOf(c))));
    const worker = async () => {
      for (let i = 0; i < 20; i++) {
        const claimed = (await h.service.claimDue(3)).filter((r) => r.tenantId === h.tenantId);
        if (claimed.length === 0) return;
        await Promise.all(claimed.map((r) => h.service.process(r)));
      }
    };
    await Promise.all([worker(), worker()]);
    for (const id of ids) expect((await h.record(id)).status).toBe('verified');
    for (const c of batch) expect(await servedVerifications(c.nid10)).toBe(1);
  });

  it('ignores a redelivered submission of a verification already done', async () => {
    const h = await harness();
    const applicant = applicantOf(citizen());
    const id = await h.submit(applicant);
    await h.drain();
    const event = createEvent(
      'application.submitted',
      { tenantId: h.tenantId, correlationId: id, actor: { kind: 'system', id: 't' } },
      { applicationId: id, submissionId: null, documentType: 'nid_smart', applicantSealed: cipher.encrypt(JSON.stringify(applicant), h.tenantId) },
    ) as KycEvent<'application.submitted'>;
    await ds.transaction((m) => h.service.enqueue(m, event));
    expect((await h.record(id)).status).toBe('verified');
    expect(await h.service.claimDue(10).then((rows) => rows.filter((r) => r.applicationId === id))).toHaveLength(0);
  });

  it('fetches the vendor billing report, which counts exactly the calls served', async () => {
    const h = await harness();
    await h.submit(applicantOf(citizen()));
    await h.submit(applicantOf(citizen(), { nameEn: 'Not This Person' }));
    await h.drain();
    const billing = new NidBillingService({ ds, client: h.client, sessions: h.sessions });
    // The service counts days in Asia/Dhaka (UTC+6): reach a day past today in UTC.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const result = await billing.fetchReport(h.auth, { startDate: monthAgo, endDate: tomorrow });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const line = result.report.partnerBillingBeanList.find((l) => l.username === h.username);
    expect(line).toMatchObject({ callCount: 2, successCount: 1, failedCount: 1, processingCount: 0, bill: 4 });
    const bad = await billing.fetchReport(h.auth, { startDate: '2024-02-30', endDate: '2024-01-01' });
    expect(bad).toMatchObject({ ok: false, errors: [{ code: 'INVALID_DATE', field: 'startDate' }] });
    const [stored] = await ds.query(`SELECT report FROM provider_nid.nid_billing_reports WHERE tenant_id = $1`, [h.tenantId]);
    expect(stored.report.totalCallCount).toBe(result.report.totalCallCount);
  });

  it('refuses credentials the service does not accept, and saves nothing', async () => {
    const h = await harness();
    const otherTenant = { ...h.auth, tenantId: randomUUID() };
    const result = await h.credentials.configure(otherTenant, { username: h.username, password: 'wrong-password' });
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'NID_BAD_CREDENTIALS', field: 'input.password' }] });
    expect(await h.credentials.find(otherTenant.tenantId)).toBeNull();
    const malformed = await h.credentials.configure(otherTenant, { username: 'has space', password: '' });
    expect(malformed).toMatchObject({ ok: false, errors: [{ code: 'INVALID_USERNAME' }, { code: 'INVALID_PASSWORD' }] });
  });
});
