import { SignJWT } from 'jose';
import { integrationEnv, uniqueName } from '@ekyc/testing';
import type { DataSource } from 'typeorm';
import { createGatewayDataSource } from '../data-source';
import { bootstrapPlatform } from './bootstrap.service';
import { IamService } from './iam.service';

jest.setTimeout(60_000);

const JWT_SECRET = 'j'.repeat(40);

describe('IamService on real Postgres', () => {
  let ds: DataSource;
  let iam: IamService;

  beforeAll(async () => {
    ds = createGatewayDataSource(integrationEnv().databaseUrl);
    await ds.initialize();
    await ds.query('CREATE SCHEMA IF NOT EXISTS gateway');
    await ds.runMigrations({ transaction: 'each' });
    iam = new IamService({ ds, jwt: { secret: JWT_SECRET, ttlSeconds: 60 }, cacheTtlMs: 0 });
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  async function tenantWithAgent() {
    const tenant = await iam.ensureTenant(uniqueName('t').replace('_', '-'), 'Test tenant');
    const user = await iam.ensureUser(tenant.id, `${uniqueName('agent')}@example.test`, ['agent']);
    return { tenant, user };
  }

  it('authenticates an API token to its tenant, user and roles, storing only its hash', async () => {
    const { tenant, user } = await tenantWithAgent();
    const { token, id } = await iam.issueApiToken(user, 'ci');
    const result = await iam.authenticate(`Token ${token}`);
    expect(result).toEqual({ ok: true, principal: { tenantId: tenant.id, userId: user.id, roles: ['agent'], authKind: 'api_token', credentialId: id } });
    const stored = JSON.stringify(await ds.query('SELECT * FROM gateway.api_tokens WHERE id = $1', [id]));
    expect(stored).not.toContain(token);
  });

  it('revokes the previous token of the same name when a new one is issued', async () => {
    const { user } = await tenantWithAgent();
    const first = await iam.issueApiToken(user, 'rotating');
    const second = await iam.issueApiToken(user, 'rotating');
    expect(await iam.authenticate(`Token ${first.token}`)).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
    expect(await iam.authenticate(`Token ${second.token}`)).toMatchObject({ ok: true });
  });

  it('refuses tokens of a disabled user and of a disabled tenant', async () => {
    const a = await tenantWithAgent();
    const tokenA = (await iam.issueApiToken(a.user, 'x')).token;
    await ds.query('UPDATE gateway.users SET disabled_at = now() WHERE id = $1', [a.user.id]);
    expect(await iam.authenticate(`Token ${tokenA}`)).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
    const b = await tenantWithAgent();
    const tokenB = (await iam.issueApiToken(b.user, 'x')).token;
    await ds.query('UPDATE gateway.tenants SET disabled_at = now() WHERE id = $1', [b.tenant.id]);
    expect(await iam.authenticate(`Token ${tokenB}`)).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
  });

  it('issues JWTs it accepts, and refuses expired ones and ones signed with another key', async () => {
    const { user } = await tenantWithAgent();
    const principal = await iam.authenticate(`Token ${(await iam.issueApiToken(user, 'jwt')).token}`);
    if (!principal.ok) throw new Error('token should authenticate');
    const { accessToken } = await iam.issueJwt(principal.principal);
    expect(await iam.authenticate(`Bearer ${accessToken}`)).toMatchObject({ ok: true, principal: { userId: user.id, authKind: 'jwt' } });
    const claims = { tid: user.tenantId, roles: ['agent'] };
    const sign = (secret: string, exp: number) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setIssuer('ekyc-gateway').setAudience('ekyc-graphql').setJti('j').setExpirationTime(exp).sign(new TextEncoder().encode(secret));
    const expired = await sign(JWT_SECRET, Math.floor(Date.now() / 1000) - 10);
    expect(await iam.authenticate(`Bearer ${expired}`)).toEqual({ ok: false, code: 'INVALID_TOKEN', message: 'JWT has expired' });
    const foreign = await sign('f'.repeat(40), Math.floor(Date.now() / 1000) + 60);
    expect(await iam.authenticate(`Bearer ${foreign}`)).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
  });

  it('bootstraps idempotently: same tenants and users, fresh tokens each run', async () => {
    const tenant = { slug: uniqueName('boot').replace('_', '-'), name: 'Boot' };
    const first = await bootstrapPlatform(iam, tenant);
    const second = await bootstrapPlatform(iam, tenant);
    expect(second.demoTenantId).toBe(first.demoTenantId);
    expect(second.platformTenantId).toBe(first.platformTenantId);
    expect(await iam.authenticate(`Token ${first.tokens.agent}`)).toMatchObject({ ok: false });
    expect(await iam.authenticate(`Token ${second.tokens.analyst}`)).toMatchObject({ ok: true, principal: { roles: ['analyst'] } });
    expect(await iam.authenticate(`Token ${second.tokens.reviewer}`)).toMatchObject({ ok: true, principal: { roles: ['reviewer'] } });
    const users = await ds.query('SELECT count(*)::int AS n FROM gateway.users WHERE tenant_id = $1', [first.demoTenantId]);
    // A partner admin, an agent, an analyst and a reviewer.
    expect(users[0].n).toBe(4);
  });
});
