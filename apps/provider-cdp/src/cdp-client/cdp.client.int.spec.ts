import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CDP_PATHS, cdpOnboardingRequest, type CdpCall, type CdpOnboardingRequest } from '@ekyc/provider-contracts';
import { freePort, sandboxAdmin, startAppProcess, uniqueName, type AppProcess } from '@ekyc/testing';
import { createCdpClient } from './cdp.client';

jest.setTimeout(60_000);

/** Every documented outcome of the CDP contract, as the adapter's port reports it, against cdp-sandbox run as a process. */

interface Citizen {
  nid10: string;
}
const citizens = JSON.parse(readFileSync(path.resolve(__dirname, '../../../nid-sandbox/fixtures/citizens.json'), 'utf8')) as Citizen[];
const nid = (index: number) => citizens[index]!.nid10;
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]).toString('base64');

let sandbox: AppProcess;
let client: ReturnType<typeof createCdpClient>;
let credentials: { client_id: string; client_secret: string };
let calls: CdpCall[];
const onCall = (c: CdpCall) => calls.push(c);
const admin = <T = unknown>(method: string, route: string, body?: unknown) => sandboxAdmin(sandbox.url)<T>(method, route, body);
let sequence = 0;
const freshNid = () => `6${String(Date.now() % 1e8).padStart(8, '0')}${++sequence % 10}`;

async function accessToken(): Promise<string> {
  const result = await client.token({ grant_type: 'client_credentials', ...credentials }, onCall);
  if (!result.ok) throw new Error(result.error.message);
  return result.value.accessToken;
}

function onboarding(idNumber: string): CdpOnboardingRequest {
  return cdpOnboardingRequest.parse({
    requestId: `it-${++sequence}-${Date.now()}`,
    channel: 'EKYC',
    customer: {
      idType: 'NID',
      idNumber,
      fullName: 'Test Customer',
      dateOfBirth: '1990-01-31',
      nationality: 'BD',
      mobileNumber: '8801712345678',
      presentAddress: { upazila: 'উত্তরা', district: 'ঢাকা', divisionCode: '30', countryCode: 'BD' },
    },
    trustedSource: { source: 'EC_NID', verifiedAt: new Date().toISOString() },
    additionalInfo: { countryCode: 'BD', attributes: { NAME_BN: 'পরীক্ষা', FATHER_NAME: 'বাবা', MOTHER_NAME: 'মা' } },
    documents: [{ documentType: 'FACE_IMAGE', mimeType: 'image/jpeg', content: JPEG }],
  });
}

beforeAll(async () => {
  const port = await freePort();
  sandbox = await startAppProcess('cdp-sandbox', { PORT: String(port) });
  credentials = { client_id: uniqueName('client'), client_secret: 'client-secret-1' };
  await admin('POST', '/clients', { clientId: credentials.client_id, clientSecret: credentials.client_secret });
  client = createCdpClient({
    baseUrl: sandbox.url,
    timeoutMs: 1_000,
    maxAttempts: 3,
    retryInitialDelayMs: 10,
    retryMaxDelayMs: 50,
    breakerThreshold: 50,
    breakerHalfOpenAfterMs: 60_000,
  });
});
afterAll(async () => {
  await client?.close();
  await sandbox?.stop();
});
beforeEach(() => {
  calls = [];
});
afterEach(async () => {
  await admin('DELETE', '/faults');
});

describe('tokens', () => {
  it('gets a token with client credentials, with both lifetimes as echoed', async () => {
    const result = await client.token({ grant_type: 'client_credentials', ...credentials }, onCall);
    expect(result).toMatchObject({ ok: true, value: { expiresIn: 300, refreshExpiresIn: 1800, refreshToken: expect.any(String), issuedAt: expect.any(Date) } });
    expect(calls).toEqual([expect.objectContaining({ operation: 'token', outcome: 'success', httpStatus: 200, responseCode: null })]);
  });

  it('refreshes, and reports a refused refresh token as CDP_REFRESH_REJECTED', async () => {
    const first = await client.token({ grant_type: 'client_credentials', ...credentials }, onCall);
    const refreshToken = first.ok ? (first.value.refreshToken as string) : '';
    expect((await client.token({ grant_type: 'refresh_token', ...credentials, refresh_token: refreshToken }, onCall)).ok).toBe(true);
    expect(await client.token({ grant_type: 'refresh_token', ...credentials, refresh_token: 'garbage' }, onCall)).toMatchObject({
      ok: false,
      error: { code: 'CDP_REFRESH_REJECTED', responseCode: 'invalid_grant', httpStatus: 400 },
    });
  });

  it('reports a wrong secret and a client without service account as CDP_BAD_CREDENTIALS', async () => {
    expect(await client.token({ grant_type: 'client_credentials', client_id: credentials.client_id, client_secret: 'wrong' }, onCall)).toMatchObject({
      ok: false,
      error: { code: 'CDP_BAD_CREDENTIALS', httpStatus: 401, responseCode: 'invalid_client', retryable: false },
    });
    expect(await client.token({ grant_type: 'client_credentials', client_id: 'partner-portal', client_secret: 'partner-portal-secret' }, onCall)).toMatchObject(
      {
        ok: false,
        error: { code: 'CDP_BAD_CREDENTIALS', responseCode: 'unauthorized_client' },
      },
    );
  });

  it('retries a 502 from the token endpoint', async () => {
    await admin('PUT', '/faults', { failNext: { count: 2, status: 502 }, paths: [CDP_PATHS.token] });
    expect((await client.token({ grant_type: 'client_credentials', ...credentials }, onCall)).ok).toBe(true);
    expect(calls.map((c) => [c.httpStatus, c.outcome])).toEqual([
      [502, 'unavailable'],
      [502, 'unavailable'],
      [200, 'success'],
    ]);
  });
});

describe('customer lookup', () => {
  const lookup = async (idNumber: string) => client.lookupCustomer(await accessToken(), { idType: 'NID', idNumber }, onCall);

  it.each([
    ['found', 290, { kind: 'found', customer: { customerId: 'CDP1000000290', subscriptionStatus: 'SUBSCRIBED' } }],
    ['subscription pending', 293, { kind: 'subscription_pending', customer: { customerId: 'CDP1000000293' } }],
    ['under investigation', 294, { kind: 'under_investigation' }],
    ['blocked', 295, { kind: 'blocked' }],
    ['not found (a screening hit is no customer)', 296, { kind: 'not_found' }],
  ])('reports %s', async (_what, index, value) => {
    expect(await lookup(nid(index))).toMatchObject({ ok: true, value });
  });

  it('reports an unknown id as not found, a bad one as CDP_BAD_REQUEST and the 200 internal error as retryable', async () => {
    expect(await lookup(freshNid())).toEqual({ ok: true, value: { kind: 'not_found' } });
    expect(await lookup('12345')).toMatchObject({
      ok: false,
      error: { code: 'CDP_BAD_REQUEST', httpStatus: 200, responseCode: 'CDP-4000', retryable: false, problems: [{ field: 'idNumber' }] },
    });
    expect(await lookup(nid(298))).toMatchObject({
      ok: false,
      error: { code: 'CDP_INTERNAL_ERROR', httpStatus: 200, responseCode: 'CDP-5000', retryable: true },
    });
  });

  it('reports a refused token as CDP_TOKEN_REJECTED', async () => {
    expect(await client.lookupCustomer('not-a-token', { idType: 'NID', idNumber: nid(290) }, onCall)).toMatchObject({
      ok: false,
      error: { code: 'CDP_TOKEN_REJECTED', httpStatus: 401, responseCode: 'CDP-4010' },
    });
  });

  it('retries 502s and timeouts, but not other 5xx', async () => {
    const token = await accessToken();
    calls = [];
    await admin('PUT', '/faults', { failNext: { count: 2, status: 502 }, paths: [CDP_PATHS.customerLookup] });
    expect((await client.lookupCustomer(token, { idType: 'NID', idNumber: nid(290) }, onCall)).ok).toBe(true);
    expect(calls.map((c) => c.httpStatus)).toEqual([502, 502, 200]);
    calls = [];
    await admin('PUT', '/faults', { hangNext: { count: 1 }, paths: [CDP_PATHS.customerLookup] });
    expect((await client.lookupCustomer(token, { idType: 'NID', idNumber: nid(290) }, onCall)).ok).toBe(true);
    expect(calls.map((c) => c.outcome)).toEqual(['timeout', 'success']);
    calls = [];
    await admin('PUT', '/faults', { failNext: { count: 1, status: 503 }, paths: [CDP_PATHS.customerLookup] });
    expect(await client.lookupCustomer(token, { idType: 'NID', idNumber: nid(290) }, onCall)).toMatchObject({
      ok: false,
      error: { code: 'CDP_UNEXPECTED_RESPONSE', httpStatus: 503, retryable: false },
    });
    expect(calls).toHaveLength(1);
  });

  it('reports a refused connection as CDP_UNAVAILABLE after its attempts', async () => {
    const closed = createCdpClient({
      baseUrl: `http://127.0.0.1:${await freePort()}`,
      timeoutMs: 500,
      maxAttempts: 2,
      retryInitialDelayMs: 5,
      retryMaxDelayMs: 10,
      breakerThreshold: 50,
      breakerHalfOpenAfterMs: 1_000,
    });
    expect(await closed.lookupCustomer('t', { idType: 'NID', idNumber: nid(290) }, onCall)).toMatchObject({
      ok: false,
      error: { code: 'CDP_UNAVAILABLE', retryable: true },
    });
    expect(calls.map((c) => c.outcome)).toEqual(['unavailable', 'unavailable']);
    await closed.close();
  });

  it('opens the circuit after consecutive failures', async () => {
    const fragile = createCdpClient({
      baseUrl: sandbox.url,
      timeoutMs: 1_000,
      maxAttempts: 1,
      retryInitialDelayMs: 5,
      retryMaxDelayMs: 10,
      breakerThreshold: 2,
      breakerHalfOpenAfterMs: 60_000,
    });
    const token = await accessToken();
    await admin('PUT', '/faults', { failNext: { count: 5, status: 502 }, paths: [CDP_PATHS.customerLookup] });
    for (let i = 0; i < 2; i++)
      expect(await fragile.lookupCustomer(token, { idType: 'NID', idNumber: nid(290) }, onCall)).toMatchObject({
        ok: false,
        error: { code: 'CDP_UNAVAILABLE' },
      });
    expect(await fragile.lookupCustomer(token, { idType: 'NID', idNumber: nid(290) }, onCall)).toMatchObject({
      ok: false,
      error: { code: 'CDP_CIRCUIT_OPEN', retryable: true },
    });
    expect(fragile.circuitState()).toBe('open');
    await fragile.close();
  });
});

describe('onboarding', () => {
  const onboard = async (request: unknown) => client.onboardCustomer(await accessToken(), request as CdpOnboardingRequest, onCall);

  it('onboards a new customer and answers a repeat with the same one', async () => {
    const request = onboarding(freshNid());
    const first = await onboard(request);
    expect(first).toMatchObject({ ok: true, value: { kind: 'onboarded', customer: { subscriptionStatus: 'PENDING', referenceId: request.requestId } } });
    const again = await onboard(request);
    expect(again.ok && again.value.kind === 'onboarded' && again.value.customer.customerId).toBe(
      first.ok && first.value.kind === 'onboarded' && first.value.customer.customerId,
    );
  });

  it.each([
    ['an existing customer as already onboarded', 290, { kind: 'already_onboarded', customer: { customerId: 'CDP1000000290', referenceId: null } }],
    ['a screening hit as under investigation (406)', 296, { kind: 'under_investigation' }],
    ['an investigated customer as under investigation (406)', 294, { kind: 'under_investigation' }],
    ['a blocked id as blocked (406)', 297, { kind: 'blocked' }],
  ])('reports %s', async (_what, index, value) => {
    expect(await onboard(onboarding(nid(index)))).toMatchObject({ ok: true, value });
  });

  it('reports the 400s with their problems', async () => {
    const { documents: _d, ...missing } = onboarding(freshNid());
    expect(await onboard(missing)).toMatchObject({
      ok: false,
      error: { code: 'CDP_MANDATORY_FIELD_MISSING', httpStatus: 400, problems: [{ field: 'documents' }] },
    });
    const badDivision = onboarding(freshNid());
    badDivision.customer.presentAddress.divisionCode = '99';
    expect(await onboard(badDivision)).toMatchObject({
      ok: false,
      error: { code: 'CDP_INVALID_MASTER_DATA', problems: [{ field: 'customer.presentAddress.divisionCode' }] },
    });
  });

  it('reports a 401, and never retries a 502: its outcome is for a lookup to tell', async () => {
    expect(await client.onboardCustomer('not-a-token', onboarding(freshNid()), onCall)).toMatchObject({ ok: false, error: { code: 'CDP_TOKEN_REJECTED' } });
    const token = await accessToken();
    calls = [];
    await admin('PUT', '/faults', { failNext: { count: 3, status: 502 }, paths: [CDP_PATHS.onboarding] });
    expect(await client.onboardCustomer(token, onboarding(freshNid()), onCall)).toMatchObject({
      ok: false,
      error: { code: 'CDP_UNAVAILABLE', httpStatus: 502, responseCode: 'CDP-5000', retryable: true },
    });
    expect(calls).toHaveLength(1);
  });
});

describe('subscription status and master data', () => {
  it.each([
    ['CDP1000000290', { kind: 'found', subscription: { subscriptionStatus: 'SUBSCRIBED' } }],
    ['CDP1000000293', { kind: 'found', subscription: { subscriptionStatus: 'PENDING' } }],
    ['CDP1000000292', { kind: 'found', subscription: { subscriptionStatus: 'NOT_SUBSCRIBED', subscribedAt: null } }],
    ['CDP0000000000', { kind: 'not_found' }],
  ])('reports the subscription of %s', async (customerId, value) => {
    expect(await client.subscriptionStatus(await accessToken(), { customerId }, onCall)).toMatchObject({ ok: true, value });
  });

  it('reports a refused token on the subscription status, and reads the master data', async () => {
    expect(await client.subscriptionStatus('x', { customerId: 'CDP1000000290' }, onCall)).toMatchObject({ ok: false, error: { code: 'CDP_TOKEN_REJECTED' } });
    expect(await client.masterData(await accessToken(), onCall)).toMatchObject({ ok: true, value: { idTypes: ['NID', 'PASSPORT', 'BIRTH_CERTIFICATE'] } });
  });
});
