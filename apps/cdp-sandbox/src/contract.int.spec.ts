import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CDP_MASTER_DATA,
  CDP_OAUTH_ERRORS,
  CDP_PATHS,
  cdpErrorEnvelope,
  cdpLookupResponse,
  cdpMasterDataResponse,
  cdpOnboardingRequest,
  cdpOnboardingResponse,
  cdpSubscriptionResponse,
  cdpTokenResponse,
  type CdpOnboardingRequest,
} from '@ekyc/provider-contracts';
import { startCdpSandbox, type RunningCdpSandbox } from './sandbox';

/**
 * Every documented outcome of shared/seeds/cdp-customer-onboarding-api.txt, with the payloads designed in
 * libs/provider-contracts (cdp-customer-onboarding.ts), against the sandbox running in-process with a clock
 * the test moves.
 */

interface Citizen {
  nid10: string;
  nid17: string;
  nameEn: string;
}
const citizens = JSON.parse(readFileSync(path.resolve(__dirname, '../../nid-sandbox/fixtures/citizens.json'), 'utf8')) as Citizen[];
const SEEDED = { existing: 290, notSubscribed: 292, pending: 293, investigated: 294, blocked: 295, screeningHit: 296, blockedId: 297, corrupt: 298 } as const;
const nidOf = (index: number) => citizens[index]!.nid10;
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70]).toString('base64');

let clockMs = Date.parse('2025-06-01T06:00:00Z');
let running: RunningCdpSandbox;

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

async function call(
  method: string,
  route: string,
  options: { json?: unknown; form?: Record<string, string>; token?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof options.json === 'string' ? options.json : JSON.stringify(options.json);
  }
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  const res = await fetch(`${running.url}${route}`, { method, headers, body });
  const text = await res.text();
  return { status: res.status, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text, headers: res.headers };
}
const admin = (method: string, route: string, json?: unknown) => call(method, `/__sandbox${route}`, { json });
const codeOf = (answer: Answer) => cdpErrorEnvelope.parse(answer.body).responseCode;

const CLIENT = { client_id: 'ekyc-demo-bank', client_secret: 'demo-bank-secret' };
async function token(form: Record<string, string> = { grant_type: 'client_credentials', ...CLIENT }) {
  const res = await call('POST', CDP_PATHS.token, { form });
  expect(res.status).toBe(200);
  return cdpTokenResponse.parse(res.body);
}
const lookup = async (idNumber: string, idType = 'NID', bearer?: string) =>
  call('POST', CDP_PATHS.customerLookup, { json: { requestId: `lookup-${idNumber}`, idType, idNumber }, token: bearer ?? (await token()).access_token });

let sequence = 0;
function onboarding(idNumber: string, over: Partial<CdpOnboardingRequest> = {}): CdpOnboardingRequest {
  return {
    requestId: `req-${Date.now()}-${++sequence}`,
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
    trustedSource: { source: 'EC_NID', verifiedAt: new Date(clockMs - 60_000).toISOString(), referenceId: 'ec-req-1' },
    additionalInfo: { countryCode: 'BD', attributes: { NAME_BN: 'পরীক্ষা', FATHER_NAME: 'বাবা', MOTHER_NAME: 'মা' } },
    documents: [
      { documentType: 'FACE_IMAGE', mimeType: 'image/jpeg', content: JPEG },
      { documentType: 'EKYC_REPORT', mimeType: 'application/json', content: Buffer.from('{"result":"passed"}').toString('base64') },
    ],
    ...over,
  };
}
const onboard = async (request: unknown, bearer?: string) =>
  call('POST', CDP_PATHS.onboarding, { json: request, token: bearer ?? (await token()).access_token });
const freshNid = () => `7${String(Date.now() % 1e8).padStart(8, '0')}${++sequence % 10}`;

beforeAll(async () => {
  running = await startCdpSandbox({ port: 0, clock: () => clockMs, activationSeconds: 60 });
});
afterAll(() => running?.close());
afterEach(async () => {
  await admin('DELETE', '/faults');
});

describe('token endpoint (Keycloak realm cdp)', () => {
  it('issues tokens for client credentials, echoing both lifetimes', async () => {
    const tokens = await token();
    expect(tokens).toMatchObject({ expires_in: 300, refresh_expires_in: 1800, token_type: 'Bearer', refresh_token: expect.any(String) });
  });

  it('accepts the client in an HTTP Basic header, the password grant and the refresh grant', async () => {
    const basic = await call('POST', CDP_PATHS.token, {
      form: { grant_type: 'client_credentials' },
      headers: { authorization: `Basic ${Buffer.from('ekyc-demo-bank:demo-bank-secret').toString('base64')}` },
    });
    expect(basic.status).toBe(200);
    const password = await token({
      grant_type: 'password',
      client_id: 'partner-portal',
      client_secret: 'partner-portal-secret',
      username: 'partner_user',
      password: 'partner_password',
    });
    const refreshed = await token({
      grant_type: 'refresh_token',
      client_id: 'partner-portal',
      client_secret: 'partner-portal-secret',
      refresh_token: password.refresh_token!,
    });
    expect(refreshed.access_token).not.toBe(password.access_token);
  });

  it.each([
    ['a wrong secret', { grant_type: 'client_credentials', client_id: 'ekyc-demo-bank', client_secret: 'nope' }, CDP_OAUTH_ERRORS.invalidClient],
    ['an unknown client', { grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'x' }, CDP_OAUTH_ERRORS.invalidClient],
    [
      'wrong user credentials',
      { grant_type: 'password', client_id: 'partner-portal', client_secret: 'partner-portal-secret', username: 'partner_user', password: 'x' },
      CDP_OAUTH_ERRORS.invalidUserCredentials,
    ],
    ['a malformed refresh token', { grant_type: 'refresh_token', ...CLIENT, refresh_token: 'x.y.z' }, CDP_OAUTH_ERRORS.invalidRefreshToken],
    ['an unsupported grant', { grant_type: 'authorization_code', ...CLIENT, code: 'c' }, CDP_OAUTH_ERRORS.unsupportedGrantType],
    ['no grant type', { ...CLIENT }, CDP_OAUTH_ERRORS.missingGrantType],
  ])('refuses %s as Keycloak does', async (_what, form, expected) => {
    const res = await call('POST', CDP_PATHS.token, { form: form as Record<string, string> });
    expect({ status: res.status, body: res.body }).toEqual(expected);
  });

  it('reads form fields only: a JSON body has no grant_type', async () => {
    const res = await call('POST', CDP_PATHS.token, { json: { grant_type: 'client_credentials', ...CLIENT } });
    expect({ status: res.status, body: res.body }).toEqual(CDP_OAUTH_ERRORS.missingGrantType);
  });

  it('refuses an expired refresh token with "Token is not active"', async () => {
    const tokens = await token();
    clockMs += 1_801_000;
    const res = await call('POST', CDP_PATHS.token, { form: { grant_type: 'refresh_token', ...CLIENT, refresh_token: tokens.refresh_token! } });
    expect({ status: res.status, body: res.body }).toEqual(CDP_OAUTH_ERRORS.refreshTokenInactive);
  });
});

describe('customer lookup', () => {
  it('finds a customer (CDP-2000) by either NID number', async () => {
    for (const idNumber of [nidOf(SEEDED.existing), citizens[SEEDED.existing]!.nid17]) {
      const res = await lookup(idNumber);
      expect(res.status).toBe(200);
      const parsed = cdpLookupResponse.parse(res.body);
      expect(parsed).toMatchObject({
        responseCode: 'CDP-2000',
        requestId: `lookup-${idNumber}`,
        data: { customerId: 'CDP1000000290', subscriptionStatus: 'SUBSCRIBED', customerStatus: 'ACTIVE', referenceId: null },
      });
    }
    expect(codeOf(await lookup('A01234567', 'PASSPORT'))).toBe('CDP-2000');
  });

  it('reports a customer whose subscription is not active as found, with NOT_SUBSCRIBED', async () => {
    expect(cdpLookupResponse.parse((await lookup(nidOf(SEEDED.notSubscribed))).body).data?.subscriptionStatus).toBe('NOT_SUBSCRIBED');
  });

  it.each([
    ['not found', () => freshNid(), 'CDP-2001', false],
    ['not found: a screening hit is no customer yet', () => nidOf(SEEDED.screeningHit), 'CDP-2001', false],
    ['not found: a blocked id is no customer', () => nidOf(SEEDED.blockedId), 'CDP-2001', false],
    ['subscription pending, with the customer', () => nidOf(SEEDED.pending), 'CDP-2002', true],
    ['under compliance investigation, without data', () => nidOf(SEEDED.investigated), 'CDP-4061', false],
    ['blocked, without data', () => nidOf(SEEDED.blocked), 'CDP-4062', false],
    ['internal error', () => nidOf(SEEDED.corrupt), 'CDP-5000', false],
  ])('answers 200 %s', async (_what, idNumber, code, withData) => {
    const res = await lookup(idNumber());
    expect(res.status).toBe(200);
    const parsed = cdpErrorEnvelope.parse(res.body);
    expect(parsed.responseCode).toBe(code);
    expect(parsed.data !== null).toBe(withData);
  });

  it('answers a bad request with 200 CDP-4000 and the problems', async () => {
    const bearer = (await token()).access_token;
    const unknownType = await call('POST', CDP_PATHS.customerLookup, { json: { idType: 'TIN', idNumber: '1' }, token: bearer });
    expect(unknownType.status).toBe(200);
    expect(cdpErrorEnvelope.parse(unknownType.body)).toMatchObject({ responseCode: 'CDP-4000', errors: [{ field: 'idType', code: 'INVALID_MASTER_DATA' }] });
    const badNumber = await call('POST', CDP_PATHS.customerLookup, { json: { idType: 'NID', idNumber: '12345' }, token: bearer });
    expect(cdpErrorEnvelope.parse(badNumber.body)).toMatchObject({ responseCode: 'CDP-4000', errors: [{ field: 'idNumber', code: 'INVALID_FIELD_VALUE' }] });
    const unreadable = await call('POST', CDP_PATHS.customerLookup, { json: '{not json', token: bearer });
    expect({ status: unreadable.status, code: codeOf(unreadable) }).toEqual({ status: 200, code: 'CDP-4000' });
  });

  it('answers 401 CDP-4010 to a missing, forged, expired or revoked token, with WWW-Authenticate', async () => {
    const tokens = await token();
    const missing = await call('POST', CDP_PATHS.customerLookup, { json: { idType: 'NID', idNumber: nidOf(SEEDED.existing) } });
    expect({ status: missing.status, code: codeOf(missing) }).toEqual({ status: 401, code: 'CDP-4010' });
    expect(missing.headers.get('www-authenticate')).toContain('invalid_token');
    expect((await lookup(nidOf(SEEDED.existing), 'NID', `${tokens.access_token}x`)).status).toBe(401);
    expect((await lookup(nidOf(SEEDED.existing), 'NID', tokens.refresh_token)).status).toBe(401);
    clockMs += 301_000;
    expect((await lookup(nidOf(SEEDED.existing), 'NID', tokens.access_token)).status).toBe(401);
    const other = await token();
    expect((await admin('POST', '/tokens/revoke', { clientId: 'ekyc-demo-bank' })).status).toBe(200);
    expect((await lookup(nidOf(SEEDED.existing), 'NID', other.access_token)).status).toBe(401);
    const logged = (await admin('GET', `/calls?clientId=ekyc-demo-bank&path=${CDP_PATHS.customerLookup}`)).body as Array<{ status: number }>;
    expect(logged.filter((c) => c.status === 401).length).toBeGreaterThanOrEqual(3);
  });

  it('answers the injected internal error as the contract does: 200 CDP-5000', async () => {
    const bearer = (await token()).access_token;
    await admin('PUT', '/faults', { failNext: { count: 1, status: 200 }, paths: [CDP_PATHS.customerLookup] });
    const res = await lookup(nidOf(SEEDED.existing), 'NID', bearer);
    expect({ status: res.status, code: codeOf(res) }).toEqual({ status: 200, code: 'CDP-5000' });
  });
});

describe('customer onboarding', () => {
  it('onboards a new customer (200 CDP-2000), pending until the CDP activates the subscription', async () => {
    const request = onboarding(freshNid());
    expect(cdpOnboardingRequest.parse(request)).toEqual(request);
    const res = await onboard(request);
    expect(res.status).toBe(200);
    const created = cdpOnboardingResponse.parse(res.body);
    expect(created).toMatchObject({
      responseCode: 'CDP-2000',
      requestId: request.requestId,
      data: { customerId: expect.stringMatching(/^CDP2\d{9}$/), subscriptionStatus: 'PENDING', referenceId: request.requestId },
    });
    const pending = cdpLookupResponse.parse((await lookup(request.customer.idNumber)).body);
    expect(pending).toMatchObject({ responseCode: 'CDP-2002', data: { customerId: created.data?.customerId, referenceId: request.requestId } });
    clockMs += 61_000;
    expect(cdpLookupResponse.parse((await lookup(request.customer.idNumber)).body)).toMatchObject({
      responseCode: 'CDP-2000',
      data: { subscriptionStatus: 'SUBSCRIBED' },
    });
  });

  it('is idempotent per request id: the same customer again, and a request id reused for another id is refused', async () => {
    const request = onboarding(freshNid());
    const first = cdpOnboardingResponse.parse((await onboard(request)).body);
    const again = await onboard(request);
    expect(again.status).toBe(200);
    expect(cdpOnboardingResponse.parse(again.body).data?.customerId).toBe(first.data?.customerId);
    const customers = (await admin('GET', `/customers?idNumber=${request.customer.idNumber}`)).body as { total: number };
    expect(customers.total).toBe(1);
    const reused = await onboard({ ...request, customer: { ...request.customer, idNumber: freshNid() } });
    expect(reused.status).toBe(400);
    expect(cdpErrorEnvelope.parse(reused.body)).toMatchObject({ responseCode: 'CDP-4003', errors: [{ field: 'requestId' }] });
  });

  it('never creates a second customer for an id: 200 CDP-2004 with the existing customer', async () => {
    const res = await onboard(onboarding(nidOf(SEEDED.existing)));
    expect(res.status).toBe(200);
    expect(cdpOnboardingResponse.parse(res.body)).toMatchObject({ responseCode: 'CDP-2004', data: { customerId: 'CDP1000000290', referenceId: null } });
  });

  it.each([
    ['an investigated customer', SEEDED.investigated, 'CDP-4061'],
    ['a screening hit', SEEDED.screeningHit, 'CDP-4061'],
    ['a blocked customer', SEEDED.blocked, 'CDP-4062'],
    ['a blocked id', SEEDED.blockedId, 'CDP-4062'],
  ])('refuses %s with 406', async (_what, index, code) => {
    const res = await onboard(onboarding(nidOf(index)));
    expect({ status: res.status, code: codeOf(res) }).toEqual({ status: 406, code });
  });

  it('answers 400 CDP-4001 for a missing mandatory field and CDP-4002 for invalid master data', async () => {
    const { documents: _d, ...withoutDocuments } = onboarding(freshNid());
    const missing = await onboard(withoutDocuments);
    expect(missing.status).toBe(400);
    expect(cdpErrorEnvelope.parse(missing.body)).toMatchObject({ responseCode: 'CDP-4001', errors: [{ field: 'documents', code: 'MANDATORY_FIELD_MISSING' }] });
    const request = onboarding(freshNid());
    request.customer.presentAddress.divisionCode = '99';
    const master = await onboard(request);
    expect(master.status).toBe(400);
    expect(cdpErrorEnvelope.parse(master.body)).toMatchObject({
      responseCode: 'CDP-4002',
      errors: [{ field: 'customer.presentAddress.divisionCode', code: 'INVALID_MASTER_DATA' }],
    });
    const unreadable = await onboard('[1, 2]');
    expect({ status: unreadable.status, code: codeOf(unreadable) }).toEqual({ status: 400, code: 'CDP-4000' });
  });

  it('answers 401 without a valid token and creates nothing', async () => {
    const request = onboarding(freshNid());
    const res = await call('POST', CDP_PATHS.onboarding, { json: request, token: 'not-a-token' });
    expect({ status: res.status, code: codeOf(res) }).toEqual({ status: 401, code: 'CDP-4010' });
    expect(((await admin('GET', `/customers?idNumber=${request.customer.idNumber}`)).body as { total: number }).total).toBe(0);
  });

  it('answers 502 CDP-5000 when the CDP fails, for the corrupt record and an injected fault', async () => {
    const corrupt = await onboard(onboarding(nidOf(SEEDED.corrupt)));
    expect({ status: corrupt.status, code: codeOf(corrupt) }).toEqual({ status: 502, code: 'CDP-5000' });
    const bearer = (await token()).access_token;
    await admin('PUT', '/faults', { failNext: { count: 1, status: 502 }, paths: [CDP_PATHS.onboarding] });
    const request = onboarding(freshNid());
    const faulted = await onboard(request, bearer);
    expect({ status: faulted.status, code: codeOf(faulted) }).toEqual({ status: 502, code: 'CDP-5000' });
    expect(((await admin('GET', `/customers?idNumber=${request.customer.idNumber}`)).body as { total: number }).total).toBe(0);
    expect((await admin('GET', `/calls?requestId=${request.requestId}`)).body).toEqual([]);
  });
});

describe('subscription status', () => {
  const status = async (customerId?: string) =>
    call('GET', `${CDP_PATHS.subscriptionStatus}${customerId === undefined ? '' : `?customerId=${customerId}`}`, { token: (await token()).access_token });

  it.each([
    ['subscribed', 'CDP1000000290', 'CDP-2000', 'SUBSCRIBED'],
    ['pending', 'CDP1000000293', 'CDP-2002', 'PENDING'],
    ['not subscribed', 'CDP1000000292', 'CDP-2003', 'NOT_SUBSCRIBED'],
  ])('answers 200 %s', async (_what, customerId, code, subscriptionStatus) => {
    const res = await status(customerId);
    expect(res.status).toBe(200);
    expect(cdpSubscriptionResponse.parse(res.body)).toMatchObject({ responseCode: code, data: { customerId, subscriptionStatus } });
  });

  it('answers 200 not found, 200 bad request without a customerId, and 401 without a token', async () => {
    expect(codeOf(await status('CDP0000000000'))).toBe('CDP-2001');
    expect(codeOf(await status())).toBe('CDP-4000');
    const res = await call('GET', `${CDP_PATHS.subscriptionStatus}?customerId=CDP1000000290`);
    expect({ status: res.status, code: codeOf(res) }).toEqual({ status: 401, code: 'CDP-4010' });
  });
});

describe('master data and the rest', () => {
  it('serves the master data onboarding checks against', async () => {
    const res = await call('GET', CDP_PATHS.masterData, { token: (await token()).access_token });
    expect(cdpMasterDataResponse.parse(res.body).data?.bdDivisions).toEqual(CDP_MASTER_DATA.bdDivisions);
  });

  it('answers 405 to other methods and 404 elsewhere', async () => {
    expect((await call('GET', CDP_PATHS.token)).status).toBe(405);
    expect((await call('POST', '/caas-lcm/api/v1/CAAS/elsewhere', { json: {} })).status).toBe(404);
  });
});

describe('test controls', () => {
  it('logs served calls with client, status and code, and leaves faulted ones out', async () => {
    await admin('POST', '/clients', { clientId: 'calls-client', clientSecret: 'calls-secret' });
    const bearer = (await token({ grant_type: 'client_credentials', client_id: 'calls-client', client_secret: 'calls-secret' })).access_token;
    await admin('PUT', '/faults', { failNext: { count: 2, status: 503 }, paths: [CDP_PATHS.customerLookup] });
    expect((await lookup(nidOf(SEEDED.blocked), 'NID', bearer)).status).toBe(503);
    expect((await lookup(nidOf(SEEDED.blocked), 'NID', bearer)).status).toBe(503);
    expect((await lookup(nidOf(SEEDED.blocked), 'NID', bearer)).status).toBe(200);
    const calls = (await admin('GET', '/calls?clientId=calls-client')).body as Array<Record<string, unknown>>;
    expect(calls.map((c) => [c['path'], c['status'], c['responseCode'], c['grantType'] ?? null])).toEqual([
      [CDP_PATHS.token, 200, null, 'client_credentials'],
      [CDP_PATHS.customerLookup, 200, 'CDP-4062', null],
    ]);
  });

  it('holds a request open with hangNext and delays answers with latencyMs', async () => {
    const bearer = (await token()).access_token;
    await admin('PUT', '/faults', { hangNext: { count: 1 }, latencyMs: 150, paths: [CDP_PATHS.masterData] });
    const hung = fetch(`${running.url}${CDP_PATHS.masterData}`, { headers: { authorization: `Bearer ${bearer}` }, signal: AbortSignal.timeout(300) });
    await expect(hung).rejects.toThrow();
    const started = performance.now();
    expect((await call('GET', CDP_PATHS.masterData, { token: bearer })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('expires access tokens on demand while their refresh tokens keep working', async () => {
    const tokens = await token();
    expect(((await admin('POST', '/tokens/expire', { clientId: 'ekyc-demo-bank' })).body as { expired: number }).expired).toBeGreaterThanOrEqual(1);
    expect((await lookup(nidOf(SEEDED.existing), 'NID', tokens.access_token)).status).toBe(401);
    const refreshed = await token({ grant_type: 'refresh_token', ...CLIENT, refresh_token: tokens.refresh_token! });
    expect((await lookup(nidOf(SEEDED.existing), 'NID', refreshed.access_token)).status).toBe(200);
  });

  it('seeds customers in any state and resets to the fixtures', async () => {
    const idNumber = freshNid();
    expect((await admin('POST', '/customers', { idType: 'NID', idNumbers: [idNumber], customerName: 'Seeded', state: 'blocked' })).status).toBe(201);
    expect(codeOf(await lookup(idNumber))).toBe('CDP-4062');
    expect((await admin('POST', '/reset')).status).toBe(204);
    expect(codeOf(await lookup(idNumber))).toBe('CDP-2001');
    expect(codeOf(await lookup(nidOf(SEEDED.blocked)))).toBe('CDP-4062');
  });
});
