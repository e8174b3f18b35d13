import { decodeJwt } from 'jose';
import sharp from 'sharp';
import {
  isPasswordExpiredError,
  NID_ACCESS_TOKEN_TTL_SECONDS,
  NID_DESIGNED_MESSAGES,
  NID_MESSAGES,
  NID_PARTNER_PATHS,
  nidBillingResponse,
  nidChangePasswordResponse,
  nidErrorEnvelope,
  nidLoginResponse,
  nidLogoutResponse,
  nidVerificationMismatch,
  nidVerificationSuccess,
} from '@ekyc/provider-contracts';
import { uniqueName, waitFor } from '@ekyc/testing';
import { startNidSandbox, type Citizen, type RunningNidSandbox } from './sandbox';

/**
 * Every sample of shared/seeds/nid-partner-service-api.txt, sent verbatim, and every documented (or designed)
 * error, against the sandbox running in-process with a clock the test moves.
 */

// The contract's sample requests, copied as they are written there.
const SAMPLE_LOGIN = `{
"username": "string",
"password": "string"
}`;
const SAMPLE_VERIFICATION_NID10 = `{"identify":
{"nid10Digit": "5090424675","nid17Digit": null},
"verify": {
"nameEn": "Abdus Salam",
"name": "আবদুস সালাম",
"dateOfBirth": " 1978-03-23",
"father": "আবদুস সাত্তার",
"mother": "উম্মে হাবীবা",
"spouse": "",
"permanentAddress": {"division": "চট্টগ্রাম","district": "চট্টগ্রাম","upozila": " ববায়ালখালী"},
"presentAddress": {"division": "ঢাকা","district": "ঢাকা","upozila": "উত্তরা"}
}
}`;
const SAMPLE_VERIFICATION_NID17 = `{"identify":
{"nid17Digit": "19722699501359687", "nid10Digit": null},
"verify":{
"nameEn": "Abdus Salam Osmani",
"name": "আবদুস সালাম",
"dateOfBirth": " 1978-03-23",
"father": "আবদুস সাত্তার",
"mother": "উম্মে হাবীবা",
"spouse": "",
"permanentAddress": {"division": "চট্টগ্রাম","district": "চট্টগ্রাম","upozila": " ববায়ালখালী"},
"presentAddress": {"division": "ঢাকা","district": "ঢাকা","upozila": "উত্তরা"}
}
}`;
const SAMPLE_CHANGE_PASSWORD = `{
"currentPassword": "string",
"newPassword": "string",
"confirmPassword": "string"
}`;
const SAMPLE_BILLING = `{
"startDate": "2023-03-01",
"endDate": "2023-03-31"
}`;

// The documented error bodies, as the contract shows them.
const TOKEN_REJECTED = { status: 'UNAUTHORIZED', statusCode: 'ERROR', error: { field: 'token', message: NID_MESSAGES.unauthorized } };
const ACCESS_DENIED = { status: 'UNAUTHORIZED', statusCode: 'ERROR', error: { field: 'Authorization', message: 'Access is denied' } };
const UNREADABLE = { status: 'BAD_REQUEST', statusCode: 'ERROR', error: { message: 'Message not readable or request body is empty' } };
const SERVER_ERROR = { status: 'INTERNAL_SERVER_ERROR', statusCode: 'ERROR', error: { message: 'Internal Server Error' } };

const MARCH_15_2023 = Date.parse('2023-03-15T06:00:00Z');
let clockMs = MARCH_15_2023;
let running: RunningNidSandbox;

interface Answer {
  status: number;
  /** Checked with the contract's zod schemas or toMatchObject. */
  body: unknown;
  headers: Headers;
}

async function call(method: string, path: string, options: { body?: unknown; token?: string; signal?: AbortSignal } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  const res = await fetch(`${running.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    signal: options.signal,
  });
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
  return { status: res.status, body, headers: res.headers };
}
const post = (path: string, body?: unknown, token?: string) => call('POST', path, { body, token });
const admin = (method: string, path: string, body?: unknown) => call(method, `/__sandbox${path}`, { body });

async function login(username: string, password: string): Promise<string> {
  const res = await post(NID_PARTNER_PATHS.login, { username, password });
  expect(res.status).toBe(200);
  return loginData(res).access_token;
}

function loginData(res: Answer) {
  const parsed = nidLoginResponse.parse(res.body);
  if (parsed.statusCode !== 'SUCCESS') throw new Error('login failed');
  return parsed.success.data;
}
const personData = (res: Answer) => nidVerificationSuccess.parse(res.body).success.data;
const json = <T>(res: Answer) => res.body as T;

/** A partner user of its own, so tests never share sessions or password state. */
async function newUser(over: { slaAssigned?: boolean; partnerId?: number; password?: string } = {}) {
  const user = {
    username: uniqueName('it'),
    password: over.password ?? 'Secret#123',
    partnerId: over.partnerId ?? 30,
    partnerName: 'ABC Bank',
    slaAssigned: over.slaAssigned ?? true,
  };
  expect((await admin('POST', '/users', user)).status).toBe(201);
  return { ...user, token: await login(user.username, user.password) };
}

const verify = (body: unknown, token: string) => post(NID_PARTNER_PATHS.demographicVerification, body, token);
const sample = { identify: { nid10Digit: '5090424675' }, verify: { nameEn: 'Abdus Salam', dateOfBirth: '1978-03-23' } };

beforeAll(async () => {
  running = await startNidSandbox({ port: 0, clock: () => clockMs });
});
afterAll(async () => {
  await running.close();
});
beforeEach(async () => {
  clockMs = MARCH_15_2023;
  expect((await admin('POST', '/reset')).status).toBe(204);
});

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    expect(await call('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await call('GET', '/readyz')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});

describe('auth/login and auth/logout', () => {
  it('refuses the sample login (no user "string") with the designed 401', async () => {
    const res = await post(NID_PARTNER_PATHS.login, SAMPLE_LOGIN);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ status: 'UNAUTHORIZED', statusCode: 'ERROR', error: { field: 'username/password', message: NID_MESSAGES.unauthorized } });
    expect((await post(NID_PARTNER_PATHS.login, { username: 'demo_user', password: 'wrong' })).status).toBe(401);
  });

  it('logs a seeded user in with a 12-hour HS256 access token and a refresh token', async () => {
    const res = await post(NID_PARTNER_PATHS.login, { username: 'demo_user', password: 'demo_password' });
    expect(res.status).toBe(200);
    const parsed = nidLoginResponse.parse(res.body);
    expect(parsed).toMatchObject({ status: 'OK', statusCode: 'SUCCESS', success: { data: { username: 'demo_user' } } });
    const { access_token, refresh_token } = loginData(res);
    const claims = decodeJwt(access_token);
    expect(claims).toMatchObject({
      sub: 'demo_user',
      roles: expect.any(Array),
      iat: MARCH_15_2023 / 1000,
      exp: MARCH_15_2023 / 1000 + NID_ACCESS_TOKEN_TTL_SECONDS,
    });
    expect(decodeJwt(refresh_token)).toMatchObject({ sub: 'demo_user' });
  });

  it('answers an unreadable or empty body with the documented 400', async () => {
    for (const body of ['', 'not json', '[]', '{}']) {
      const res = await post(NID_PARTNER_PATHS.login, body);
      expect(res).toMatchObject({ status: 400, body: UNREADABLE });
    }
  });

  it('logs out: the token is revoked for every API', async () => {
    const user = await newUser();
    const res = await post(NID_PARTNER_PATHS.logout, undefined, user.token);
    expect(res.status).toBe(200);
    expect(nidLogoutResponse.parse(res.body)).toEqual({ status: 'OK', statusCode: 'SUCCESS', success: { data: 'Logout Successful' } });
    expect(await verify(sample, user.token)).toMatchObject({ status: 401, body: TOKEN_REJECTED });
    expect(await post(NID_PARTNER_PATHS.logout, undefined, user.token)).toMatchObject({ status: 401, body: TOKEN_REJECTED });
    expect((await admin('GET', `/users/${user.username}`)).body).toMatchObject({ activeTokens: 0, passwordExpired: false });
  });

  it('rejects a missing, forged, refresh, expired or revoked token with the designed 401', async () => {
    const user = await newUser();
    const refresh = loginData(await post(NID_PARTNER_PATHS.login, { username: user.username, password: user.password })).refresh_token;
    for (const token of [undefined, 'not-a-jwt', `${user.token.slice(0, -4)}AAAA`, refresh]) {
      const res = await verify(sample, token as string);
      expect(res).toMatchObject({ status: 401, body: TOKEN_REJECTED });
      expect(nidErrorEnvelope.parse(res.body)).toBeTruthy();
    }
    expect((await verify(sample, user.token)).status).toBe(200);
    clockMs += NID_ACCESS_TOKEN_TTL_SECONDS * 1000 + 1000;
    expect(await verify(sample, user.token)).toMatchObject({ status: 401, body: TOKEN_REJECTED });

    const other = await newUser();
    expect((await admin('POST', `/users/${other.username}/revoke-tokens`)).body).toEqual({ username: other.username, revoked: 1 });
    expect(await verify(sample, other.token)).toMatchObject({ status: 401, body: TOKEN_REJECTED });
  });
});

describe('demographic/verification', () => {
  it('answers the first contract sample (10-digit NID) with a full match', async () => {
    const user = await newUser();
    const res = await verify(SAMPLE_VERIFICATION_NID10, user.token);
    expect(res.status).toBe(200);
    const parsed = nidVerificationSuccess.parse(res.body);
    expect(parsed.success.data).toEqual({
      requestId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      nationalId: '5090424675',
      pin: '19782699501359687',
      photo: expect.stringMatching(
        new RegExp(
          `^${running.url}/file-bb/\\w/\\w/\\w/[0-9a-f-]{36}/Photo-[0-9a-f-]{36}\\.jpg\\?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=fileobj%2F20230315%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20230315T060000Z&X-Amz-Expires=120&X-Amz-SignedHeaders=host&X-Amz-Signature=[0-9a-f]{64}$`,
        ),
      ),
    });
    expect(parsed.verified).toBe(true);
    expect(parsed.fieldVerificationResult).toEqual({
      nameEn: true,
      name: true,
      dateOfBirth: true,
      ' father ': true,
      ' mother ': true,
      permanentAddress: true,
      presentAddress: true,
    });
  });

  it('answers the second contract sample (17-digit NID, wrong English name) with a 406 without the photo and NID', async () => {
    const user = await newUser();
    const res = await verify(SAMPLE_VERIFICATION_NID17, user.token);
    expect(res.status).toBe(406);
    const parsed = nidVerificationMismatch.parse(res.body);
    expect(parsed).toEqual({
      message: 'Person data mismatch',
      status: 'NOT_ACCEPTABLE',
      verified: 'false',
      fieldVerificationResult: {
        nameEn: false,
        name: true,
        dateOfBirth: true,
        ' father ': true,
        ' mother ': true,
        permanentAddress: true,
        presentAddress: true,
      },
    });
    expect(res.body).not.toHaveProperty('partialResponse');
  });

  it('returns the photo and NID with a 406 when the English name matches', async () => {
    const user = await newUser();
    const body = JSON.parse(SAMPLE_VERIFICATION_NID10);
    body.verify.dateOfBirth = '1978-03-24';
    body.verify.father = 'আবদুল করিম';
    const res = await verify(body, user.token);
    expect(res.status).toBe(406);
    const parsed = nidVerificationMismatch.parse(res.body);
    expect(parsed.fieldVerificationResult).toMatchObject({ nameEn: true, name: true, dateOfBirth: false, ' father ': false, ' mother ': true });
    expect(parsed.partialResponse).toMatchObject({ nationalId: '5090424675', pin: '19782699501359687' });
  });

  it('verifies generated citizens taken from the registry', async () => {
    const user = await newUser();
    const { items } = json<{ items: Citizen[] }>(await admin('GET', '/citizens?limit=5&offset=10'));
    expect(items).toHaveLength(5);
    for (const c of items) {
      const res = await verify(
        {
          identify: { nid17Digit: c.nid17 },
          verify: { nameEn: c.nameEn.toUpperCase(), name: c.name, dateOfBirth: c.dateOfBirth, mother: c.mother, presentAddress: c.presentAddress },
        },
        user.token,
      );
      expect(res.status).toBe(200);
      expect(personData(res)).toMatchObject({ nationalId: c.nid10, pin: c.nid17 });
    }
  });

  it('answers 403 "SLA is not Assigned" to a user without the service', async () => {
    const token = await login('no_sla_user', 'no_sla_password');
    const res = await verify(SAMPLE_VERIFICATION_NID10, token);
    expect(res).toMatchObject({ status: 403, body: { status: 'FORBIDDEN', statusCode: 'ERROR', error: { field: 'SLA is not Assigned' } } });
  });

  it('answers the documented 400s', async () => {
    const user = await newUser();
    const bad = (field: string, message: string) => ({ status: 400, body: { status: 'BAD_REQUEST', statusCode: 'ERROR', error: { field, message } } });
    expect(await verify({ identify: { nid10Digit: null, nid17Digit: null }, verify: sample.verify }, user.token)).toMatchObject(
      bad('nid10Digit/nid17Digit', 'Search permission without one of the mandatory fields is not allowed'),
    );
    expect(await verify({ identify: { nid10Digit: '5090424675', blood: 'B+', gender: 'male' }, verify: sample.verify }, user.token)).toMatchObject(
      bad('blood/gender', 'Search permission with this fields is not allowed'),
    );
    expect(await verify({ identify: { nid10Digit: '5090424675' }, verify: { ...sample.verify, gender: 'male' } }, user.token)).toMatchObject(
      bad('gender', 'Search permission with this fields is not allowed'),
    );
    expect(await verify({ identify: { nid10Digit: '5090424675' } }, user.token)).toMatchObject(
      bad('verify', 'Please provide person information for verification'),
    );
    expect(await verify({ identify: { nid10Digit: '5090424675' }, verify: { spouse: '' } }, user.token)).toMatchObject(
      bad('verify', 'Please provide person information for verification'),
    );
    expect(await verify({ identify: { nid10Digit: '509042467' }, verify: sample.verify }, user.token)).toMatchObject(
      bad('nid10Digit', NID_DESIGNED_MESSAGES.invalidNationalId),
    );
    expect(await verify('{"identify":', user.token)).toMatchObject({ status: 400, body: UNREADABLE });
    const calls = json<Array<{ billed: boolean }>>(await admin('GET', `/calls?username=${user.username}`));
    expect(calls.filter((c) => c.billed)).toEqual([]);
  });

  it('answers 404 for an unknown national id (designed)', async () => {
    const user = await newUser();
    expect(await verify({ identify: { nid10Digit: '1000000000' }, verify: sample.verify }, user.token)).toMatchObject({
      status: 404,
      body: { status: 'NOT_FOUND', statusCode: 'ERROR', error: { field: 'nid10Digit', message: NID_MESSAGES.personNotFound } },
    });
    expect(await verify({ identify: { nid17Digit: '19990000000000000' }, verify: sample.verify }, user.token)).toMatchObject({
      status: 404,
      body: { error: { field: 'nid17Digit' } },
    });
  });
});

describe('photo URLs', () => {
  it('serve a JPEG face for 120 seconds, then answer 403 with S3-style XML', async () => {
    const user = await newUser();
    const { photo } = personData(await verify(SAMPLE_VERIFICATION_NID10, user.token));
    const res = await fetch(photo);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 300, height: 360 });

    clockMs += 120_000;
    expect((await fetch(photo)).status).toBe(200);
    clockMs += 1_000;
    const expired = await fetch(photo);
    expect(expired.status).toBe(403);
    expect(expired.headers.get('content-type')).toContain('application/xml');
    expect(await expired.text()).toContain('<Error><Code>AccessDenied</Code><Message>Request has expired</Message>');

    clockMs = MARCH_15_2023;
    const forged = await fetch(photo.replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`));
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });
});

describe('password expiry and common/change-user-password', () => {
  it('answers "Access is denied" on every API but change-user-password until the password changes', async () => {
    const user = await newUser();
    expect((await admin('POST', `/users/${user.username}/expire-password`)).status).toBe(200);
    const fresh = await login(user.username, user.password);
    for (const token of [user.token, fresh]) {
      for (const [path, body] of [
        [NID_PARTNER_PATHS.demographicVerification, SAMPLE_VERIFICATION_NID10],
        [NID_PARTNER_PATHS.billingReport, SAMPLE_BILLING],
        [NID_PARTNER_PATHS.logout, undefined],
      ] as const) {
        const res = await post(path, body, token);
        expect(res).toMatchObject({ status: 401, body: ACCESS_DENIED });
        expect(isPasswordExpiredError(res.body)).toBe(true);
      }
    }
    expect((await admin('GET', `/users/${user.username}`)).body).toMatchObject({ passwordExpired: true, activeTokens: 2 });

    const change = (body: unknown) => post(NID_PARTNER_PATHS.changePassword, body, fresh);
    const refused = (field: string | undefined, message: string) => ({
      status: 400,
      body: { status: 'BAD_REQUEST', statusCode: 'ERROR', error: field ? { field, message } : { message } },
    });
    expect(await change({ currentPassword: user.password, newPassword: user.password, confirmPassword: user.password })).toMatchObject(
      refused('password', 'Old Password and New Password Cannot Be Same'),
    );
    const long = 'x'.repeat(51);
    expect(await change({ currentPassword: user.password, newPassword: long, confirmPassword: long })).toMatchObject(
      refused('confirmPassword', 'Password Should Not Be Greater than 50 Character'),
    );
    expect(await change({ currentPassword: user.password, newPassword: 'fine', confirmPassword: long })).toMatchObject(
      refused('confirmPassword', NID_MESSAGES.passwordTooLong),
    );
    for (const body of ['', '{}', 'nope']) expect(await change(body)).toMatchObject(refused(undefined, 'Message not readable or request body is empty'));
    expect(await change({ currentPassword: 'wrong', newPassword: 'New#456', confirmPassword: 'New#456' })).toMatchObject(
      refused('currentPassword', NID_DESIGNED_MESSAGES.wrongCurrentPassword),
    );
    expect(await change({ currentPassword: user.password, newPassword: 'New#456', confirmPassword: 'New#457' })).toMatchObject(
      refused('confirmPassword', NID_DESIGNED_MESSAGES.passwordsDiffer),
    );
    for (const res of [await change({ currentPassword: user.password, newPassword: 'x', confirmPassword: 'x' })]) {
      expect(res.status).toBe(200);
      expect(nidChangePasswordResponse.parse(res.body)).toEqual({ status: 'OK', statusCode: 'SUCCESS', success: { data: 'Password Updated Successfully' } });
    }

    // The session ends: every token of the user is rejected, and only the new password logs in.
    expect(await verify(sample, fresh)).toMatchObject({ status: 401, body: TOKEN_REJECTED });
    expect(await verify(sample, user.token)).toMatchObject({ status: 401, body: TOKEN_REJECTED });
    expect((await admin('GET', `/users/${user.username}`)).body).toMatchObject({ passwordExpired: false, activeTokens: 0 });
    expect((await post(NID_PARTNER_PATHS.login, { username: user.username, password: user.password })).status).toBe(401);
    expect((await verify(sample, await login(user.username, 'x'))).status).toBe(200);
  });

  it('answers the contract sample (same old and new password) with its first documented response', async () => {
    const user = await newUser({ password: 'string' });
    const res = await post(NID_PARTNER_PATHS.changePassword, SAMPLE_CHANGE_PASSWORD, user.token);
    expect(res.status).toBe(400);
    expect(nidChangePasswordResponse.parse(res.body)).toEqual({
      status: 'BAD_REQUEST',
      statusCode: 'ERROR',
      error: { field: 'password', message: 'Old Password and New Password Cannot Be Same' },
    });
    expect(await post(NID_PARTNER_PATHS.changePassword, SAMPLE_CHANGE_PASSWORD)).toMatchObject({ status: 401, body: TOKEN_REJECTED });
  });
});

describe('partner-billing/get-billing-report', () => {
  it('counts exactly the verifications served to the partner in the sample range', async () => {
    const abc = await login('abc', 'abc_password');
    const abc2 = await login('abc2', 'abc2_password');
    const xyz = await login('xyz', 'xyz_password');
    const noSla = await login('no_sla_user', 'no_sla_password');
    await verify(SAMPLE_VERIFICATION_NID10, abc); // 200
    await verify(SAMPLE_VERIFICATION_NID10, abc); // 200
    await verify(SAMPLE_VERIFICATION_NID17, abc); // 406
    await verify({ identify: { nid10Digit: '1000000000' }, verify: sample.verify }, abc); // 404
    await verify({ identify: { nid10Digit: '5090424675' } }, abc); // 400: not billed
    await verify(SAMPLE_VERIFICATION_NID10, noSla); // 403: not billed
    await verify(SAMPLE_VERIFICATION_NID10, 'expired'); // 401: not billed
    await verify(SAMPLE_VERIFICATION_NID17, abc2); // 406
    await verify(SAMPLE_VERIFICATION_NID10, xyz); // another partner
    clockMs = Date.parse('2023-03-31T18:30:00Z'); // 1 April in Dhaka: out of the range
    expect((await verify(SAMPLE_VERIFICATION_NID10, await login('abc2', 'abc2_password'))).status).toBe(200);

    const res = await post(NID_PARTNER_PATHS.billingReport, SAMPLE_BILLING, await login('abc', 'abc_password'));
    expect(res.status).toBe(200);
    const report = nidBillingResponse.parse(res.body);
    expect(report).toEqual({
      status: 'OK',
      statusCode: 'SUCCESS',
      success: {
        data: {
          generatedTime: 'Sat Apr 01 00:30:00 BDT 2023',
          partnerId: 30,
          totalCallCount: 5,
          totalSuccessCount: 2,
          totalFailedCount: 3,
          totalProcessingCount: 0,
          totalBill: 10,
          partnerBillingBeanList: [
            { partnerId: 30, partnerName: 'ABC Bank', username: 'abc', callCount: 4, successCount: 2, failedCount: 2, processingCount: 0, bill: 8 },
            { partnerId: 30, partnerName: 'ABC Bank', username: 'abc2', callCount: 1, successCount: 0, failedCount: 1, processingCount: 0, bill: 2 },
          ],
        },
      },
    });

    // The report agrees with the sandbox's own call log.
    const served = json<Array<{ username: string; billed: boolean; status: number; at: string }>>(await admin('GET', '/calls'));
    const billedInMarch = served.filter((c) => c.billed && ['abc', 'abc2'].includes(c.username) && c.at < '2023-03-31T18:00:00Z');
    expect(billedInMarch).toHaveLength(5);
    expect(billedInMarch.filter((c) => c.status === 200)).toHaveLength(2);

    const other = nidBillingResponse.parse((await post(NID_PARTNER_PATHS.billingReport, SAMPLE_BILLING, await login('xyz', 'xyz_password'))).body);
    expect(other).toMatchObject({ success: { data: { partnerId: 41, totalCallCount: 1, totalSuccessCount: 1 } } });
  });

  it('refuses bad dates, unreadable bodies and missing tokens', async () => {
    const token = await login('demo_user', 'demo_password');
    expect(await post(NID_PARTNER_PATHS.billingReport, { startDate: '2023-02-30', endDate: '2023-03-31' }, token)).toMatchObject({
      status: 400,
      body: { status: 'BAD_REQUEST', statusCode: 'ERROR', error: { field: 'startDate', message: NID_DESIGNED_MESSAGES.invalidBillingDate } },
    });
    expect(await post(NID_PARTNER_PATHS.billingReport, { startDate: '2023-03-31', endDate: '2023-03-01' }, token)).toMatchObject({
      status: 400,
      body: { error: { field: 'startDate', message: NID_DESIGNED_MESSAGES.billingRangeReversed } },
    });
    expect(await post(NID_PARTNER_PATHS.billingReport, '', token)).toMatchObject({ status: 400, body: UNREADABLE });
    expect(await post(NID_PARTNER_PATHS.billingReport, SAMPLE_BILLING)).toMatchObject({ status: 401, body: TOKEN_REJECTED });
  });

  it('counts a verification still being served as processing', async () => {
    const user = await newUser();
    await admin('PUT', '/faults', { latencyMs: 400, paths: [NID_PARTNER_PATHS.demographicVerification] });
    const slow = verify(sample, user.token);
    await waitFor(async () => json<Array<{ status: number | null }>>(await admin('GET', `/calls?username=${user.username}`)).some((c) => c.status === null), {
      timeoutMs: 300,
      intervalMs: 10,
      what: 'the verification to be processing',
    });
    const during = nidBillingResponse.parse((await post(NID_PARTNER_PATHS.billingReport, SAMPLE_BILLING, user.token)).body);
    expect(during).toMatchObject({ success: { data: { totalCallCount: 1, totalProcessingCount: 1, totalSuccessCount: 0 } } });
    expect((await slow).status).toBe(200);
    const after = nidBillingResponse.parse((await post(NID_PARTNER_PATHS.billingReport, SAMPLE_BILLING, user.token)).body);
    expect(after).toMatchObject({ success: { data: { totalCallCount: 1, totalProcessingCount: 0, totalSuccessCount: 1 } } });
  });
});

describe('fault controls', () => {
  const billedCalls = async (username: string) => json<unknown[]>(await admin('GET', `/calls?username=${username}`)).length;

  it('failNext answers the next requests with the given 5xx, unserved and unbilled', async () => {
    const user = await newUser();
    expect((await admin('PUT', '/faults', { failNext: { count: 2, status: 503 } })).body).toEqual({ failNext: { count: 2, status: 503 } });
    expect(await verify(sample, user.token)).toMatchObject({ status: 503, body: SERVER_ERROR });
    expect(await post(NID_PARTNER_PATHS.login, { username: user.username, password: user.password })).toMatchObject({ status: 503, body: SERVER_ERROR });
    expect((await verify(sample, user.token)).status).toBe(200);
    expect(await billedCalls(user.username)).toBe(1);
    expect((await admin('GET', '/faults')).body).toEqual({});
  });

  it('errorRate fails that share of requests with a 500', async () => {
    const user = await newUser();
    await admin('PUT', '/faults', { errorRate: 1 });
    for (let i = 0; i < 3; i++) expect(await verify(sample, user.token)).toMatchObject({ status: 500, body: SERVER_ERROR });
    await admin('PUT', '/faults', { errorRate: 0 });
    expect((await verify(sample, user.token)).status).toBe(200);
    expect(await billedCalls(user.username)).toBe(1);
  });

  it('latencyMs delays the answers', async () => {
    const user = await newUser();
    await admin('PUT', '/faults', { latencyMs: 300 });
    const started = performance.now();
    expect((await verify(sample, user.token)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('hangNext accepts a request and never answers it, without serving it', async () => {
    const user = await newUser();
    await admin('PUT', '/faults', { hangNext: { count: 1 } });
    await expect(
      call('POST', NID_PARTNER_PATHS.demographicVerification, { body: sample, token: user.token, signal: AbortSignal.timeout(500) }),
    ).rejects.toThrow();
    expect((await verify(sample, user.token)).status).toBe(200);
    expect(await billedCalls(user.username)).toBe(1);
  });

  it('paths limits the faults to the listed contract paths, photo downloads included', async () => {
    const user = await newUser();
    await admin('PUT', '/faults', { failNext: { count: 5, status: 502 }, paths: [NID_PARTNER_PATHS.billingReport, '/file-bb'] });
    const res = await verify(sample, user.token);
    expect(res.status).toBe(200);
    expect((await post(NID_PARTNER_PATHS.billingReport, SAMPLE_BILLING, user.token)).status).toBe(502);
    expect((await fetch(personData(res).photo)).status).toBe(502);
  });

  it('validates, reports and resets the configuration', async () => {
    expect((await admin('PUT', '/faults', { errorRate: 2 })).status).toBe(400);
    expect((await admin('PUT', '/faults', { failNext: { count: 1, status: 404 } })).status).toBe(400);
    expect((await admin('PUT', '/faults', { paths: ['/nowhere'] })).status).toBe(400);
    expect((await admin('PUT', '/faults', { latencyMs: 5 })).body).toEqual({ latencyMs: 5 });
    expect((await admin('DELETE', '/faults')).body).toEqual({});
  });

  it('starts with the configured faults and returns to them on DELETE', async () => {
    const other = await startNidSandbox({ port: 0, faults: { failNext: { count: 1, status: 504 } } });
    try {
      const login1 = await fetch(`${other.url}${NID_PARTNER_PATHS.login}`, { method: 'POST', body: '{}' });
      expect(login1.status).toBe(504);
      expect(await login1.json()).toEqual(SERVER_ERROR);
      expect((await fetch(`${other.url}${NID_PARTNER_PATHS.login}`, { method: 'POST', body: '{}' })).status).toBe(400);
      const reset = await fetch(`${other.url}/__sandbox/faults`, { method: 'DELETE' });
      expect(await reset.json()).toEqual({ failNext: { count: 1, status: 504 } });
    } finally {
      await other.close();
    }
  });
});

describe('admin API', () => {
  it('creates users, refuses duplicates, and reports them', async () => {
    const user = { username: uniqueName('it'), password: 'p', partnerId: 77, partnerName: 'Test Bank', slaAssigned: false };
    expect((await admin('POST', '/users', user)).status).toBe(201);
    expect((await admin('POST', '/users', user)).status).toBe(409);
    expect((await admin('POST', '/users', { username: 'x' })).status).toBe(400);
    expect((await admin('GET', `/users/${user.username}`)).body).toEqual({
      username: user.username,
      partnerId: 77,
      partnerName: 'Test Bank',
      slaAssigned: false,
      passwordExpired: false,
      activeTokens: 0,
    });
    expect((await admin('GET', '/users/nobody')).status).toBe(404);
    await admin('POST', '/reset');
    expect((await admin('GET', `/users/${user.username}`)).status).toBe(404);
  });

  it('lists served verification calls by user and national id, so a test can count upstream calls', async () => {
    const user = await newUser();
    await verify(SAMPLE_VERIFICATION_NID10, user.token);
    await verify(SAMPLE_VERIFICATION_NID17, user.token);
    const byNid = (await admin('GET', `/calls?username=${user.username}&nationalId=5090424675`)).body;
    expect(byNid).toEqual([
      {
        id: expect.any(Number),
        at: '2023-03-15T06:00:00.000Z',
        username: user.username,
        path: NID_PARTNER_PATHS.demographicVerification,
        status: 200,
        billed: true,
        nid10: '5090424675',
        requestId: expect.any(String),
      },
    ]);
    expect((await admin('GET', '/calls?nationalId=19722699501359687')).body).toHaveLength(1);
    const all = json<Array<{ path: string }>>(await admin('GET', `/calls?username=${user.username}&path=all`));
    expect(all.map((c) => c.path)).toEqual([NID_PARTNER_PATHS.login, NID_PARTNER_PATHS.demographicVerification, NID_PARTNER_PATHS.demographicVerification]);
  });

  it('pages through the citizen registry, contract samples first', async () => {
    const page = json<{ total: number; items: Citizen[] }>(await admin('GET', '/citizens?limit=2'));
    expect(page.total).toBeGreaterThanOrEqual(300);
    expect(page.items.map((c) => [c.nid10, c.nid17])).toEqual([
      ['5090424675', '19782699501359687'],
      [expect.any(String), '19722699501359687'],
    ]);
  });

  it('moves the sandbox clock forward', async () => {
    expect((await admin('POST', '/clock', { advanceMs: 60_000 })).body).toEqual({ now: '2023-03-15T06:01:00.000Z' });
  });

  it('is absent when disabled', async () => {
    const other = await startNidSandbox({ port: 0, admin: false });
    try {
      const res = await fetch(`${other.url}/__sandbox/citizens`);
      expect(res.status).toBe(404);
    } finally {
      await other.close();
    }
  });

  it('answers unknown paths and methods like the service', async () => {
    expect(await call('GET', NID_PARTNER_PATHS.login)).toMatchObject({ status: 405, body: { statusCode: 'ERROR' } });
    expect(await post('/partner-service/rest/unknown', {})).toMatchObject({ status: 404, body: { status: 'NOT_FOUND', statusCode: 'ERROR' } });
  });
});
