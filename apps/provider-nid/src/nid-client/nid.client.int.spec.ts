import { NID_PARTNER_PATHS, type NidCall } from '@ekyc/provider-contracts';
import { CONTRACT_VERIFY, CONTRACT_NID10, freePort, sandboxAdmin, startAppProcess, uniqueName, type AppProcess } from '@ekyc/testing';
import { createNidClient } from './nid.client';

jest.setTimeout(60_000);

let sandbox: AppProcess;
let client: ReturnType<typeof createNidClient>;
const calls: NidCall[] = [];
const onCall = (c: NidCall) => calls.push(c);

/** The contract's first sample request, verbatim. */
const SAMPLE_10 = {
  identify: { nid10Digit: CONTRACT_NID10, nid17Digit: null },
  verify: CONTRACT_VERIFY,
};
/** The contract's second sample request, verbatim. */
const SAMPLE_17 = {
  identify: { nid17Digit: '19722699501359687', nid10Digit: null },
  verify: { ...SAMPLE_10.verify, nameEn: 'Abdus Salam Osmani' },
};

const admin = (method: string, path: string, body?: unknown) => sandboxAdmin(sandbox.url)(method, path, body);

async function newUser(slaAssigned = true) {
  const username = uniqueName('c');
  await admin('POST', '/users', { username, password: 'pw-1', partnerId: 88, partnerName: 'Contract Bank', slaAssigned });
  const login = await client.login({ username, password: 'pw-1' }, onCall);
  if (!login.ok) throw new Error(login.error.message);
  return { username, token: login.value.accessToken, session: login.value };
}

beforeAll(async () => {
  const port = await freePort();
  sandbox = await startAppProcess('nid-sandbox', { PORT: String(port), NID_SANDBOX_PUBLIC_URL: `http://127.0.0.1:${port}` });
  client = createNidClient({
    baseUrl: sandbox.url,
    timeoutMs: 2_000,
    maxAttempts: 1,
    retryInitialDelayMs: 10,
    retryMaxDelayMs: 10,
    breakerThreshold: 100,
    breakerHalfOpenAfterMs: 1_000,
  });
});

afterAll(async () => {
  await client?.close();
  await sandbox?.stop();
});

describe('the NID adapter handles every documented answer of the sandbox', () => {
  it('login: a session with a 12-hour token; wrong password is NID_BAD_CREDENTIALS', async () => {
    const { session } = await newUser();
    const hours = (session.expiresAt.getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
    expect(session.refreshToken.length).toBeGreaterThan(10);
    const bad = await client.login({ username: 'demo_user', password: 'nope' }, onCall);
    expect(bad).toMatchObject({ ok: false, error: { code: 'NID_BAD_CREDENTIALS', httpStatus: 401 } });
  });

  it('verification sample 1 (10-digit): verified, with person data and per-field results keyed without spaces', async () => {
    const { token } = await newUser();
    const result = await client.verify(token, SAMPLE_10, onCall);
    if (!result.ok || result.value.kind !== 'verified') throw new Error(JSON.stringify(result));
    expect(result.value.person).toMatchObject({ nationalId: '5090424675', pin: expect.stringMatching(/^\d{17}$/) });
    expect(result.value.person.photo).toContain('X-Amz-Expires=120');
    expect(result.value.fields).toMatchObject({ nameEn: true, name: true, dateOfBirth: true, father: true, mother: true });
    const photo = await client.fetchPhoto(result.value.person.photo, onCall);
    expect(photo.ok && photo.value.contentType).toBe('image/jpeg');
  });

  it('verification sample 2 (17-digit, English name differs): mismatch without the partial response', async () => {
    const { token } = await newUser();
    const result = await client.verify(token, SAMPLE_17, onCall);
    expect(result).toMatchObject({ ok: true, value: { kind: 'mismatch', person: null, fields: { nameEn: false } } });
  });

  it('mismatch with the English name matching: the partial response and photo come back', async () => {
    const { token } = await newUser();
    const result = await client.verify(token, { ...SAMPLE_10, verify: { ...SAMPLE_10.verify, dateOfBirth: '1980-01-01' } }, onCall);
    expect(result).toMatchObject({ ok: true, value: { kind: 'mismatch', fields: { nameEn: true, dateOfBirth: false }, person: { nationalId: '5090424675' } } });
  });

  it('unknown national id: not_found', async () => {
    const { token } = await newUser();
    const result = await client.verify(token, { ...SAMPLE_10, identify: { nid10Digit: '1111111111', nid17Digit: null } }, onCall);
    expect(result).toMatchObject({ ok: true, value: { kind: 'not_found' } });
  });

  it.each([
    ['no identifier', { identify: { nid10Digit: null, nid17Digit: null }, verify: SAMPLE_10.verify }, 'nid10Digit/nid17Digit'],
    ['no verify block', { identify: SAMPLE_10.identify }, 'verify'],
    ['a field not allowed for search', { identify: SAMPLE_10.identify, verify: { ...SAMPLE_10.verify, blood: 'B+', gender: 'male' } }, 'blood/gender'],
  ])('400 for %s: NID_BAD_REQUEST naming the field', async (_label, body, field) => {
    const { token } = await newUser();
    const result = await client.verify(token, body as typeof SAMPLE_10, onCall);
    expect(result).toMatchObject({ ok: false, error: { code: 'NID_BAD_REQUEST', httpStatus: 400, field } });
  });

  it('403 "SLA is not Assigned": NID_SLA_NOT_ASSIGNED', async () => {
    const { token } = await newUser(false);
    expect(await client.verify(token, SAMPLE_10, onCall)).toMatchObject({ ok: false, error: { code: 'NID_SLA_NOT_ASSIGNED', httpStatus: 403 } });
  });

  it('logout revokes the token: later calls get NID_TOKEN_REJECTED', async () => {
    const { token } = await newUser();
    expect(await client.logout(token, onCall)).toEqual({ ok: true, value: undefined });
    expect(await client.verify(token, SAMPLE_10, onCall)).toMatchObject({ ok: false, error: { code: 'NID_TOKEN_REJECTED', httpStatus: 401 } });
  });

  it('password expiry: every API answers NID_PASSWORD_EXPIRED; the documented change rules apply; a change ends the session', async () => {
    const { username, token } = await newUser();
    await admin('POST', `/users/${username}/expire-password`);
    expect(await client.verify(token, SAMPLE_10, onCall)).toMatchObject({ ok: false, error: { code: 'NID_PASSWORD_EXPIRED' } });
    expect(await client.billingReport(token, { startDate: '2023-03-01', endDate: '2023-03-31' }, onCall)).toMatchObject({
      ok: false,
      error: { code: 'NID_PASSWORD_EXPIRED' },
    });
    const same = await client.changePassword(token, { currentPassword: 'pw-1', newPassword: 'pw-1', confirmPassword: 'pw-1' }, onCall);
    expect(same).toMatchObject({ ok: false, error: { code: 'NID_BAD_REQUEST', field: 'password', message: 'Old Password and New Password Cannot Be Same' } });
    const long = 'p'.repeat(51);
    const tooLong = await client.changePassword(token, { currentPassword: 'pw-1', newPassword: long, confirmPassword: long }, onCall);
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'NID_BAD_REQUEST', field: 'confirmPassword' } });
    expect(await client.changePassword(token, { currentPassword: 'pw-1', newPassword: 'pw-2', confirmPassword: 'pw-2' }, onCall)).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await client.verify(token, SAMPLE_10, onCall)).toMatchObject({ ok: false, error: { code: 'NID_TOKEN_REJECTED' } });
    const again = await client.login({ username, password: 'pw-2' }, onCall);
    expect(again.ok && (await client.verify(again.value.accessToken, SAMPLE_10, onCall)).ok).toBe(true);
  });

  it('billing report: the contract sample request parses into the documented report', async () => {
    const { token } = await newUser();
    const result = await client.billingReport(token, { startDate: '2023-03-01', endDate: '2023-03-31' }, onCall);
    expect(result).toMatchObject({ ok: true, value: { partnerId: 88, totalCallCount: 0, totalBill: 0, partnerBillingBeanList: [] } });
    if (result.ok) expect(result.value.generatedTime).toMatch(/^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} BDT \d{4}$/);
  });

  it('an expired or tampered photo URL is NID_PHOTO_EXPIRED; a URL on another host is refused without a request', async () => {
    const { token } = await newUser();
    const result = await client.verify(token, SAMPLE_10, onCall);
    if (!result.ok || result.value.kind !== 'verified') throw new Error('expected a match');
    const tampered = result.value.person.photo.replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === 'a' ? 'b' : 'a'}`);
    expect(await client.fetchPhoto(tampered, onCall)).toMatchObject({ ok: false, error: { code: 'NID_PHOTO_EXPIRED' } });
    await admin('POST', '/clock', { advanceMs: 121_000 });
    expect(await client.fetchPhoto(result.value.person.photo, onCall)).toMatchObject({ ok: false, error: { code: 'NID_PHOTO_EXPIRED' } });
    const before = calls.length;
    expect(await client.fetchPhoto('http://169.254.169.254/latest/meta-data', onCall)).toMatchObject({ ok: false, error: { code: 'NID_UNEXPECTED_RESPONSE' } });
    expect(calls.length).toBe(before);
  });

  it('records every exchange with its operation, outcome and latency', () => {
    expect(calls.length).toBeGreaterThan(10);
    expect(new Set(calls.map((c) => c.operation))).toEqual(
      new Set(['login', 'logout', 'demographic_verification', 'change_password', 'billing_report', 'photo']),
    );
    for (const c of calls) expect(c.latencyMs).toBeGreaterThanOrEqual(0);
    expect(NID_PARTNER_PATHS.demographicVerification).toBe('/partner-service/rest/demographic/verification');
  });
});
