import { randomInt } from 'node:crypto';
import type { Request } from 'express';
import { createLogger } from '@ekyc/logger';
import { integrationEnv, uniqueName } from '@ekyc/testing';
import type { DataSource } from 'typeorm';
import { openGatewayDatabase } from '../data-source';
import { IamService } from './iam.service';
import { createRequestAuthenticator, type RateLimits } from './request-auth';

jest.setTimeout(60_000);

const log = createLogger({ service: 'request-auth-it', level: 'silent' });

describe('rate limits shared in Postgres', () => {
  let ds: DataSource;
  let iam: IamService;
  let token: string;

  beforeAll(async () => {
    ds = await openGatewayDatabase(integrationEnv().databaseUrl);
    iam = new IamService({ ds, cacheTtlMs: 60_000, revisionCheckMs: 1_000 });
    const tenant = await iam.ensureTenant(uniqueName('rl').replace('_', '-'), 'Rate-limit tenant');
    const user = await iam.ensureUser(tenant.id, `${uniqueName('agent')}@example.test`, ['agent']);
    token = (await iam.issueApiToken(user, 'rl')).token;
  });
  afterAll(() => ds?.destroy());

  const limits: RateLimits = { authFailuresPerMinute: 10, authFailureBlockSeconds: 60, requestsPerUserPerMinute: 1_000 };
  const address = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(256)}`;
  const request = (ip: string, authorization: string) => ({ ip, headers: { authorization }, socket: {} }) as unknown as Request;

  it('answers the 11th wrong token from one address in a minute with 429 and Retry-After, then refuses even a good token from it', async () => {
    const auth = createRequestAuthenticator({ iam, ds, log, limits });
    const ip = address();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const result = await auth.authenticate(request(ip, `Token ekyc_wrong${i}`));
      statuses.push(result.ok ? 200 : result.status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(10).fill(429)]);
    const blocked = await auth.authenticate(request(ip, `Token ${token}`));
    expect(blocked).toMatchObject({ ok: false, status: 429, code: 'TOO_MANY_AUTH_FAILURES' });
    expect(!blocked.ok && blocked.status === 429 && blocked.retryAfterSeconds).toBeGreaterThanOrEqual(55);
    // Another address is not affected.
    expect(await auth.authenticate(request(address(), `Token ${token}`))).toMatchObject({ ok: true });
  });

  it('counts across gateway instances: failures at one block the address at the other', async () => {
    const one = createRequestAuthenticator({ iam, ds, log, limits });
    const other = createRequestAuthenticator({ iam, ds, log, limits });
    const ip = address();
    for (let i = 0; i < 10; i++) await (i % 2 ? one : other).authenticate(request(ip, 'Token ekyc_wrong'));
    expect(await other.authenticate(request(ip, 'Token ekyc_wrong'))).toMatchObject({ status: 429 });
  });

  it('limits the requests of one user per minute, whichever instance serves them', async () => {
    const tight = { ...limits, requestsPerUserPerMinute: 5 };
    const tenant = await iam.ensureTenant(uniqueName('rl').replace('_', '-'), 'Busy tenant');
    const user = await iam.ensureUser(tenant.id, `${uniqueName('busy')}@example.test`, ['agent']);
    const busy = (await iam.issueApiToken(user, 'busy')).token;
    const instances = [createRequestAuthenticator({ iam, ds, log, limits: tight }), createRequestAuthenticator({ iam, ds, log, limits: tight })];
    const results = [];
    for (let i = 0; i < 7; i++) results.push(await instances[i % 2]!.authenticate(request(address(), `Token ${busy}`)));
    expect(results.map((r) => (r.ok ? 200 : r.status))).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(results[5]).toMatchObject({ code: 'RATE_LIMITED' });
    // Other users are not slowed down.
    expect(await instances[0]!.authenticate(request(address(), `Token ${token}`))).toMatchObject({ ok: true });
  });
});
