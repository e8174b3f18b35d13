import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createPiiCipher } from '@ekyc/crypto';
import { migrateDataSource } from '@ekyc/db';
import { createEvent, type ApplicantFields, type EventData, type EventType, type KycEvent } from '@ekyc/event-schemas';
import type { InternalContext } from '@ekyc/internal-context';
import { createLogger } from '@ekyc/logger';
import { CDP_PATHS } from '@ekyc/provider-contracts';
import type { BlobFetchResult } from '@ekyc/subgraph-kit';
import { freePort, integrationEnv, sandboxAdmin, scratchDatabase, startAppProcess, uniqueName, type AppProcess } from '@ekyc/testing';
import { createCdpClient } from '../cdp-client/cdp.client';
import { CdpCustomerService } from '../cdp-customer/cdp-customer.service';
import { CdpSettingsRecord } from '../cdp-settings/cdp-settings.entity';
import { CdpSettingsService } from '../cdp-settings/cdp-settings.service';
import { CdpSessions } from '../cdp-settings/cdp-sessions';
import { createProviderCdpDataSource } from '../data-source';
import { CdpOnboardingRecord } from './cdp-onboarding.entity';
import { CdpOnboardingService } from './cdp-onboarding.service';

jest.setTimeout(120_000);

const KEY = Buffer.alloc(32, 9).toString('base64');
const cipher = createPiiCipher(KEY);
const log = createLogger({ service: 'provider-cdp-test', level: 'silent' });
const relay = { nudge: () => undefined };
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0]);

interface Citizen {
  nid10: string;
  nid17: string;
  nameEn: string;
  name: string;
  father: string;
  mother: string;
  spouse: string;
  dateOfBirth: string;
  presentAddress: { division: string; district: string; upozila: string };
  permanentAddress: { division: string; district: string; upozila: string };
}
const citizens = JSON.parse(readFileSync(path.resolve(__dirname, '../../../nid-sandbox/fixtures/citizens.json'), 'utf8')) as Citizen[];
const SEEDED = { existing: 290, pending: 293, investigated: 294, blocked: 295, screeningHit: 296, blockedId: 297 } as const;

let sandbox: AppProcess;
let db: { url: string; drop(): Promise<void> };
let ds: DataSource;
let sequence = 0;
const admin = <T = unknown>(method: string, route: string, body?: unknown) => sandboxAdmin(sandbox.url)<T>(method, route, body);

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
/** A citizen no seed knows, with a number of its own: the CDP has never seen it. */
const newcomer = (): Citizen => ({ ...citizens[100 + (sequence % 100)]!, nid10: `5${String(Date.now() % 1e8).padStart(8, '0')}${++sequence % 10}` });

/** Everything one test needs: its own tenant and CDP client, and the services wired as main.ts wires them. */
async function harness(options: { enabled?: boolean; timeoutMs?: number; images?: (ref: string) => BlobFetchResult; clockOffsetMs?: () => number } = {}) {
  const tenantId = randomUUID();
  const clientId = uniqueName('client');
  const clientSecret = 'client-secret-1';
  await admin('POST', '/clients', { clientId, clientSecret });
  const client = createCdpClient({
    baseUrl: sandbox.url,
    timeoutMs: options.timeoutMs ?? 3_000,
    maxAttempts: 3,
    retryInitialDelayMs: 10,
    retryMaxDelayMs: 50,
    breakerThreshold: 100,
    breakerHalfOpenAfterMs: 60_000,
  });
  const settings = new CdpSettingsService({ ds, cipher, client, relay, log });
  const sessions = new CdpSessions({ client, settings, refreshMarginMs: 30_000, now: () => Date.now() + (options.clockOffsetMs?.() ?? 0) });
  const images = async (_tenant: string, ref: string): Promise<BlobFetchResult> =>
    options.images?.(ref) ?? { ok: true, blob: { bytes: JPEG, contentType: 'image/jpeg' } };
  const service = new CdpOnboardingService({
    ds,
    cipher,
    client,
    sessions,
    settings,
    images,
    relay,
    log,
    retry: { baseDelayMs: 10, maxDelayMs: 20, giveUpAfterMs: 3_600_000, leaseMs: 60_000 },
    circuitOpenDelayMs: 10,
    nidWaitMs: 60_000,
  });
  settings.onRestored(async (t, fresh) => {
    sessions.forget(t, fresh);
    await service.resumeWaiting(t);
  });
  const auth: InternalContext = { tenantId, userId: randomUUID(), roles: ['partner_admin'], authKind: 'api_token', credentialId: 'c', requestId: 'r' };
  const configured = await settings.configure(auth, { enabled: options.enabled ?? true, clientId, clientSecret });
  if (!configured.ok) throw new Error(JSON.stringify(configured.errors));

  const meta = (applicationId: string) => ({ tenantId, correlationId: applicationId, actor: { kind: 'system' as const, id: 'test' } });
  const event = <T extends EventType>(type: T, applicationId: string, data: EventData<T>) => createEvent(type, meta(applicationId), data) as KycEvent<T>;

  /** The events identity-document and provider-nid publish for one application, in their order. */
  const decide = async (
    applicant: ApplicantFields,
    how: { status?: 'passed' | 'failed'; nid?: boolean; refs?: { selfie?: string; front?: string; back?: string } } = {},
  ) => {
    const applicationId = randomUUID();
    await ds.transaction(async (m) => {
      await service.track(m, event('application.created', applicationId, { applicationId, status: 'draft', channel: 'api' }));
      await service.onSubmitted(
        m,
        event('application.submitted', applicationId, {
          applicationId,
          submissionId: null,
          documentType: 'nid_smart',
          applicantSealed: cipher.encrypt(JSON.stringify(applicant), tenantId),
          mobileNumberSealed: cipher.encrypt('01712345678', tenantId),
          selfieRef: how.refs?.selfie ?? null,
          cardPhotoRef: null,
          documentRefs: how.refs?.front || how.refs?.back ? { front: how.refs.front ?? null, back: how.refs.back ?? null } : null,
        }),
      );
      if (how.nid !== false) {
        await service.onNidResult(
          m,
          event('nid.verification.completed', applicationId, {
            applicationId,
            outcome: 'verified',
            verified: true,
            fields: [{ field: 'nameEn', matched: true }],
            ecPhotoRef: `ec-photo:${'a'.repeat(64)}`,
            reason: null,
          }),
        );
      }
      await service.onVerificationCompleted(m, event('verification.completed', applicationId, { applicationId, status: how.status ?? 'passed', reason: null }));
    });
    return applicationId;
  };
  const nidResult = (applicationId: string) =>
    ds.transaction((m) =>
      service.onNidResult(
        m,
        event('nid.verification.completed', applicationId, {
          applicationId,
          outcome: 'verified',
          verified: true,
          fields: [],
          ecPhotoRef: `ec-photo:${'b'.repeat(64)}`,
          reason: null,
        }),
      ),
    );
  /** Runs the worker until nothing of this tenant is due (or retrying) any more. */
  const drain = async (rounds = 60) => {
    for (let i = 0; i < rounds; i++) {
      const claimed = (await service.claimDue(8)).filter((r) => r.tenantId === tenantId);
      for (const r of claimed) await service.process(r);
      const [open] = (await ds.query(
        `SELECT count(*)::int AS n FROM provider_cdp.cdp_onboardings WHERE tenant_id = $1 AND status IN ('queued', 'unavailable', 'in_progress')`,
        [tenantId],
      )) as Array<{ n: number }>;
      if (open?.n === 0) return;
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const step = async () => {
    for (const r of (await service.claimDue(8)).filter((x) => x.tenantId === tenantId)) await service.process(r);
  };
  const record = (applicationId: string) => ds.manager.findOneByOrFail(CdpOnboardingRecord, { tenantId, applicationId });
  const calls = async (operation?: string) =>
    (await ds.query(
      `SELECT operation, outcome, http_status, response_code FROM provider_cdp.cdp_calls WHERE tenant_id = $1 AND ($2::text IS NULL OR operation = $2) ORDER BY started_at`,
      [tenantId, operation ?? null],
    )) as Array<{ operation: string; outcome: string; http_status: number | null; response_code: string | null }>;
  const events = async (type: string) =>
    (
      (await ds.query(`SELECT payload FROM provider_cdp.outbox WHERE tenant_id = $1 AND event_type = $2 ORDER BY created_at`, [tenantId, type])) as Array<{
        payload: KycEvent;
      }>
    ).map((r) => r.payload);
  /** Requests the sandbox served for this client. */
  const served = async (route: string) =>
    (await admin<Array<{ path: string; requestId?: string; grantType?: string; status: number }>>('GET', `/calls?clientId=${clientId}`)).filter(
      (c) => c.path === route,
    );
  return { tenantId, clientId, clientSecret, auth, client, settings, sessions, service, decide, nidResult, drain, step, record, calls, events, served };
}

beforeAll(async () => {
  const port = await freePort();
  sandbox = await startAppProcess('cdp-sandbox', { PORT: String(port), CDP_SANDBOX_ACTIVATION_SECONDS: '3600' });
  db = await scratchDatabase(integrationEnv().databaseUrl, 'pcdp');
  ds = createProviderCdpDataSource(db.url);
  await migrateDataSource(ds);
  await ds.initialize();
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
  await sandbox?.stop();
});

afterEach(async () => {
  await admin('DELETE', '/faults');
});

describe('CDP onboarding against the sandbox', () => {
  it('onboards a new customer of a passed application: lookup, then onboarding with the face image and the eKYC report', async () => {
    const h = await harness();
    const c = newcomer();
    const id = await h.decide(applicantOf(c), { refs: { selfie: 'doc-image:selfie', front: 'doc-image:front', back: 'doc-image:back' } });
    expect((await h.record(id)).status).toBe('queued');
    await h.drain();
    const r = await h.record(id);
    expect(r).toMatchObject({
      status: 'onboarded',
      customerId: expect.stringMatching(/^CDP2\d{9}$/),
      subscriptionStatus: 'PENDING',
      attempts: 2,
      lastErrorCode: null,
      trigger: 'automatic',
    });
    expect(r.onboardingSentAt).not.toBeNull();
    expect((await h.events('cdp.onboarding.completed')).map((e) => e.data)).toEqual([{ applicationId: id, outcome: 'onboarded', customerRef: r.customerId }]);
    expect((await h.calls()).map((x) => [x.operation, x.http_status, x.response_code])).toEqual([
      ['token', 200, null],
      ['customer_lookup', 200, 'CDP-2001'],
      ['onboarding', 200, 'CDP-2000'],
    ]);
    expect((await h.served(CDP_PATHS.onboarding)).map((s) => s.requestId)).toEqual([id]);
    const customers = await admin<{ items: Array<{ customerId: string; referenceId: string; customerName: string }> }>('GET', `/customers?idNumber=${c.nid10}`);
    expect(customers.items).toEqual([expect.objectContaining({ customerId: r.customerId, referenceId: id, customerName: c.nameEn })]);
    const text = JSON.stringify([...(await h.events('cdp.onboarding.completed')), ...(await h.events('cdp.call.recorded'))]);
    for (const pii of [c.nid10, c.nameEn, c.name, c.dateOfBirth]) expect(text).not.toContain(pii);
  });

  it('records an existing customer without onboarding it again', async () => {
    const h = await harness();
    const id = await h.decide(applicantOf(citizens[SEEDED.existing]!));
    await h.drain();
    expect(await h.record(id)).toMatchObject({ status: 'existing', customerId: 'CDP1000000290', subscriptionStatus: 'SUBSCRIBED' });
    expect(await h.calls('onboarding')).toEqual([]);
    expect((await h.events('cdp.onboarding.completed'))[0]?.data).toEqual({ applicationId: id, outcome: 'existing', customerRef: 'CDP1000000290' });
  });

  it.each([
    ['a blocked customer (lookup)', SEEDED.blocked, 'blocked', 0],
    ['a customer under investigation (lookup)', SEEDED.investigated, 'under_investigation', 0],
    ['a screening hit (onboarding answers 406)', SEEDED.screeningHit, 'under_investigation', 1],
    ['a blocked id (onboarding answers 406)', SEEDED.blockedId, 'blocked', 1],
  ])('records %s as a distinct outcome', async (_what, index, status, onboardingCalls) => {
    const h = await harness();
    const id = await h.decide(applicantOf(citizens[index]!));
    await h.drain();
    expect(await h.record(id)).toMatchObject({ status, customerId: null });
    expect(await h.calls('onboarding')).toHaveLength(onboardingCalls);
    expect((await h.events('cdp.onboarding.completed'))[0]?.data).toEqual({ applicationId: id, outcome: status, customerRef: null });
  });

  it('leaves applications that did not pass, or of a tenant that onboards manually, alone; a partner admin can onboard the latter', async () => {
    const h = await harness({ enabled: false });
    const failed = await h.decide(applicantOf(newcomer()), { status: 'failed' });
    const passed = await h.decide(applicantOf(newcomer()));
    expect(await h.record(failed)).toMatchObject({ status: 'not_eligible', statusReason: 'the application was not passed (failed)' });
    expect(await h.record(passed)).toMatchObject({ status: 'not_eligible', statusReason: expect.stringContaining('not enabled') });
    expect(await h.service.requestManual(h.auth, failed)).toMatchObject({ ok: false, errors: [{ code: 'APPLICATION_NOT_PASSED' }] });
    const manual = await h.service.requestManual(h.auth, passed);
    expect(manual).toMatchObject({ ok: true, record: { status: 'queued', trigger: 'manual', requestedBy: h.auth.userId } });
    await h.drain();
    expect((await h.record(passed)).status).toBe('onboarded');
    expect(await h.service.requestManual(h.auth, passed)).toMatchObject({ ok: false, errors: [{ code: 'ALREADY_ONBOARDED' }] });
    expect(await h.calls('customer_lookup')).toHaveLength(1);
  });

  it('retries 502s on onboarding with backoff, looking the customer up first each time, and creates one customer', async () => {
    const h = await harness();
    const c = newcomer();
    await admin('PUT', '/faults', { failNext: { count: 2, status: 502 }, paths: [CDP_PATHS.onboarding] });
    const id = await h.decide(applicantOf(c));
    await h.step();
    const during = await h.record(id);
    expect(during).toMatchObject({ status: 'unavailable', lastErrorCode: 'CDP_UNAVAILABLE' });
    expect(during.statusReason).toContain('502');
    expect(during.nextAttemptAt).not.toBeNull();
    expect(await h.events('cdp.onboarding.completed')).toHaveLength(0);
    await h.drain();
    expect(await h.record(id)).toMatchObject({ status: 'onboarded', attempts: 6 });
    expect((await h.calls()).filter((x) => x.operation !== 'token').map((x) => [x.operation, x.http_status])).toEqual([
      ['customer_lookup', 200],
      ['onboarding', 502],
      ['customer_lookup', 200],
      ['onboarding', 502],
      ['customer_lookup', 200],
      ['onboarding', 200],
    ]);
    expect((await admin<{ total: number }>('GET', `/customers?idNumber=${c.nid10}`)).total).toBe(1);
  });

  it('finds its own customer when an onboarding answer was lost, instead of onboarding twice', async () => {
    const h = await harness({ timeoutMs: 300 });
    const c = newcomer();
    await admin('PUT', '/faults', { latencyMs: 1_000, paths: [CDP_PATHS.onboarding] });
    const id = await h.decide(applicantOf(c));
    await h.step();
    expect(await h.record(id)).toMatchObject({ status: 'unavailable', lastErrorCode: 'CDP_TIMEOUT' });
    await new Promise((r) => setTimeout(r, 1_000));
    await admin('DELETE', '/faults');
    await h.drain();
    const r = await h.record(id);
    expect(r).toMatchObject({ status: 'onboarded', customerId: expect.stringMatching(/^CDP2/), subscriptionStatus: 'PENDING' });
    expect((await h.calls()).filter((x) => x.operation !== 'token').map((x) => [x.operation, x.response_code])).toEqual([
      ['customer_lookup', 'CDP-2001'],
      ['onboarding', null],
      ['customer_lookup', 'CDP-2002'],
    ]);
    expect(await h.served(CDP_PATHS.onboarding)).toHaveLength(1);
  });

  it('never creates two customers for two passed applications of one person', async () => {
    const h = await harness();
    const c = newcomer();
    const [first, second] = [await h.decide(applicantOf(c)), await h.decide(applicantOf(c))];
    await h.drain();
    const records = [await h.record(first), await h.record(second)];
    expect(records.map((r) => r.status).sort()).toEqual(['existing', 'onboarded']);
    expect(records[0]?.customerId).toBe(records[1]?.customerId);
    expect((await admin<{ total: number }>('GET', `/customers?idNumber=${c.nid10}`)).total).toBe(1);
  });

  it('reuses one token, gets a new one when the CDP expires or revokes it, and refreshes it before it runs out', async () => {
    let offsetMs = 0;
    const h = await harness({ clockOffsetMs: () => offsetMs });
    await h.decide(applicantOf(newcomer()));
    await h.decide(applicantOf(newcomer()));
    await h.drain();
    expect(await h.calls('token')).toHaveLength(1);

    await admin('POST', '/tokens/expire', { clientId: h.clientId });
    const afterExpiry = await h.decide(applicantOf(newcomer()));
    await h.drain();
    expect((await h.record(afterExpiry)).status).toBe('onboarded');
    await admin('POST', '/tokens/revoke', { clientId: h.clientId });
    const afterRevocation = await h.decide(applicantOf(newcomer()));
    await h.drain();
    expect((await h.record(afterRevocation)).status).toBe('onboarded');
    expect((await h.calls('customer_lookup')).map((x) => x.http_status)).toEqual([200, 200, 401, 200, 401, 200]);

    offsetMs = 280_000;
    await admin('POST', '/clock', { advanceMs: 280_000 });
    const afterRefresh = await h.decide(applicantOf(newcomer()));
    await h.drain();
    expect((await h.record(afterRefresh)).status).toBe('onboarded');
    expect((await h.served(CDP_PATHS.token)).map((s) => s.grantType)).toEqual([
      'client_credentials',
      'client_credentials',
      'client_credentials',
      'refresh_token',
    ]);
  });

  it('waits for a partner admin when the CDP refuses the client, and resumes once it is configured again', async () => {
    const h = await harness();
    await ds.manager.update(CdpSettingsRecord, { tenantId: h.tenantId }, { clientSecretEnc: cipher.encrypt('revoked-secret', h.tenantId) });
    h.sessions.forget(h.tenantId);
    const id = await h.decide(applicantOf(newcomer()));
    await h.drain();
    expect(await h.record(id)).toMatchObject({ status: 'awaiting_credentials', lastErrorCode: 'CDP_BAD_CREDENTIALS' });
    expect(await h.settings.find(h.tenantId)).toMatchObject({ status: 'invalid_credentials', statusReason: expect.stringContaining('invalid_client') });

    expect(await h.settings.configure(h.auth, { enabled: true, clientId: h.clientId, clientSecret: 'still-wrong' })).toMatchObject({
      ok: false,
      errors: [{ code: 'CDP_BAD_CREDENTIALS', field: 'input.clientSecret' }],
    });
    expect((await h.record(id)).status).toBe('awaiting_credentials');
    expect(await h.settings.configure(h.auth, { enabled: true, clientId: h.clientId, clientSecret: h.clientSecret })).toMatchObject({
      ok: true,
      record: { status: 'active' },
    });
    expect((await h.record(id)).status).toBe('queued');
    await h.drain();
    expect((await h.record(id)).status).toBe('onboarded');
  });

  it('waits for the EC photo when the application has no other face image', async () => {
    const h = await harness();
    const id = await h.decide(applicantOf(newcomer()), { nid: false });
    await h.step();
    expect(await h.record(id)).toMatchObject({ status: 'unavailable', lastErrorCode: 'FACE_IMAGE_PENDING', attempts: 0 });
    expect(await h.nidResult(id)).toBe(true);
    expect((await h.record(id)).nextAttemptAt!.getTime()).toBeLessThanOrEqual(Date.now());
    await h.drain();
    expect((await h.record(id)).status).toBe('onboarded');
  });

  it('fails visibly when the CDP refuses the request, naming the fields', async () => {
    const h = await harness();
    const id = await h.decide(applicantOf(newcomer(), { father: null, presentAddress: null, permanentAddress: null }));
    await h.drain();
    const r = await h.record(id);
    expect(r).toMatchObject({ status: 'failed', lastErrorCode: 'CDP_MANDATORY_FIELD_MISSING' });
    expect(r.statusReason).toContain('customer.presentAddress');
    expect(r.statusReason).toContain('additionalInfo.attributes.FATHER_NAME');
    expect((await h.events('cdp.onboarding.completed'))[0]?.data).toMatchObject({ outcome: 'failed', customerRef: null });
  });

  it('stores the client secret encrypted, and checks new credentials before saving them', async () => {
    const h = await harness();
    const stored = await h.settings.find(h.tenantId);
    expect(stored?.clientSecretEnc).not.toContain(h.clientSecret);
    expect(cipher.decrypt(stored!.clientSecretEnc, h.tenantId)).toBe(h.clientSecret);
    const fresh: InternalContext = { ...h.auth, tenantId: randomUUID() };
    expect(await h.settings.configure(fresh, { enabled: true })).toMatchObject({ ok: false, errors: [{ code: 'CDP_NOT_CONFIGURED' }] });
    expect(await h.settings.configure(fresh, { enabled: true, clientId: h.clientId })).toMatchObject({
      ok: false,
      errors: [{ code: 'CREDENTIALS_INCOMPLETE', field: 'input.clientSecret' }],
    });
    expect(await h.settings.configure(fresh, { enabled: true, clientId: h.clientId, clientSecret: 'wrong' })).toMatchObject({
      ok: false,
      errors: [{ code: 'CDP_BAD_CREDENTIALS' }],
    });
    expect(await h.settings.find(fresh.tenantId)).toBeNull();
  });

  it('answers partner admins: a customer lookup and a subscription status', async () => {
    const h = await harness();
    const customers = new CdpCustomerService({ ds, client: h.client, sessions: h.sessions, relay });
    expect(await customers.lookup(h.auth, 'NID', citizens[SEEDED.pending]!.nid17)).toMatchObject({
      ok: true,
      value: { kind: 'subscription_pending', customer: { customerId: 'CDP1000000293' } },
    });
    expect(await customers.lookup(h.auth, 'NID', '১২৩')).toMatchObject({ ok: false, errors: [{ code: 'INVALID_ID_NUMBER', field: 'idNumber' }] });
    expect(await customers.subscription(h.auth, 'CDP1000000290')).toMatchObject({ ok: true, value: { subscriptionStatus: 'SUBSCRIBED' } });
    expect(await customers.subscription(h.auth, 'CDP0000000000')).toEqual({ ok: true, value: null });
    expect((await h.calls()).map((x) => x.operation)).toEqual(['token', 'customer_lookup', 'subscription_status', 'subscription_status']);
  });
});
