import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { integrationEnv, uniqueName } from '@ekyc/testing';
import type { DataSource } from 'typeorm';
import { openGatewayDatabase } from '../data-source';
import { bootstrapPlatform } from './bootstrap.service';
import { IamService } from './iam.service';

jest.setTimeout(60_000);

const JWT_SECRET = 'j'.repeat(40);

describe('IamService on real Postgres', () => {
  let ds: DataSource;
  let iam: IamService;

  beforeAll(async () => {
    ds = await openGatewayDatabase(integrationEnv().databaseUrl);
    iam = new IamService({ ds, jwt: { secret: JWT_SECRET, ttlSeconds: 60 }, cacheTtlMs: 0, revisionCheckMs: 0 });
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
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(user.id)
        .setIssuer('ekyc-gateway')
        .setAudience('ekyc-graphql')
        .setJti('j')
        .setIssuedAt(exp - 60)
        .setExpirationTime(exp)
        .sign(new TextEncoder().encode(secret));
    const expired = await sign(JWT_SECRET, Math.floor(Date.now() / 1000) - 10);
    expect(await iam.authenticate(`Bearer ${expired}`)).toEqual({ ok: false, code: 'INVALID_TOKEN', message: 'JWT has expired' });
    const foreign = await sign('f'.repeat(40), Math.floor(Date.now() / 1000) + 60);
    expect(await iam.authenticate(`Bearer ${foreign}`)).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
  });

  describe('JWTs and revocation', () => {
    const sign = (claims: Record<string, unknown>, lifetime: { iat?: number; exp?: number }) => {
      let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('ekyc-gateway').setAudience('ekyc-graphql').setJti('j');
      if (lifetime.iat !== undefined) jwt = jwt.setIssuedAt(lifetime.iat);
      if (lifetime.exp !== undefined) jwt = jwt.setExpirationTime(lifetime.exp);
      return jwt.sign(new TextEncoder().encode(JWT_SECRET));
    };
    const now = () => Math.floor(Date.now() / 1000);

    async function agentWithJwt(service: IamService = iam) {
      const { tenant, user } = await tenantWithAgent();
      const issued = await service.issueApiToken(user, 'jwt');
      const principal = await service.authenticate(`Token ${issued.token}`);
      if (!principal.ok) throw new Error('token should authenticate');
      return { tenant, user, issued, jwt: (await service.issueJwt(principal.principal)).accessToken };
    }

    it('refuses a JWT without an expiry, one that lives over 15 minutes, and one for a user, tenant or token that does not exist', async () => {
      const { tenant, user, issued } = await agentWithJwt();
      const claims = { sub: user.id, tid: tenant.id, roles: ['agent'], tok: issued.id };
      expect(await iam.authenticate(`Bearer ${await sign(claims, { iat: now() })}`)).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
      expect(await iam.authenticate(`Bearer ${await sign(claims, { iat: now(), exp: now() + 3_600 })}`)).toEqual({
        ok: false,
        code: 'INVALID_TOKEN',
        message: 'JWT lives longer than 900 s',
      });
      expect(await iam.authenticate(`Bearer ${await sign(claims, { iat: now(), exp: now() + 600 })}`)).toMatchObject({
        ok: true,
        principal: { userId: user.id },
      });
      for (const made of [{ sub: randomUUID() }, { tid: randomUUID() }, { tok: randomUUID() }]) {
        expect(await iam.authenticate(`Bearer ${await sign({ ...claims, ...made }, { iat: now(), exp: now() + 600 })}`)).toMatchObject({
          ok: false,
          code: 'INVALID_TOKEN',
        });
      }
    });

    it('takes the roles a user has now, not those written in the JWT', async () => {
      const { user, jwt } = await agentWithJwt();
      await ds.query(`UPDATE gateway.users SET roles = '{analyst}' WHERE id = $1`, [user.id]);
      expect(await iam.authenticate(`Bearer ${jwt}`)).toMatchObject({ ok: true, principal: { roles: ['analyst'] } });
    });

    it('ends a token and its JWTs on every instance within the revision check, whatever their caches hold', async () => {
      const instanceA = new IamService({ ds, jwt: { secret: JWT_SECRET, ttlSeconds: 900 }, cacheTtlMs: 600_000, revisionCheckMs: 200 });
      const instanceB = new IamService({ ds, jwt: { secret: JWT_SECRET, ttlSeconds: 900 }, cacheTtlMs: 600_000, revisionCheckMs: 200 });
      const { user, tenant, issued, jwt } = await agentWithJwt(instanceA);
      const second = await agentWithJwt(instanceA);
      for (const instance of [instanceA, instanceB]) {
        expect(await instance.authenticate(`Token ${issued.token}`)).toMatchObject({ ok: true });
        expect(await instance.authenticate(`Bearer ${jwt}`)).toMatchObject({ ok: true });
        expect(await instance.authenticate(`Bearer ${second.jwt}`)).toMatchObject({ ok: true });
      }
      // Using a token writes its last use, which must not count as a change.
      const [before] = await ds.query('SELECT revision FROM gateway.auth_revision');
      await instanceA.authenticate(`Token ${issued.token}`);
      await new Promise((r) => setTimeout(r, 100));
      expect(await ds.query('SELECT revision FROM gateway.auth_revision')).toEqual([before]);

      await ds.query('UPDATE gateway.api_tokens SET revoked_at = now() WHERE id = $1', [issued.id]);
      await ds.query('UPDATE gateway.tenants SET disabled_at = now() WHERE id = $1', [second.tenant.id]);
      await new Promise((r) => setTimeout(r, 250));
      for (const instance of [instanceA, instanceB]) {
        expect(await instance.authenticate(`Token ${issued.token}`)).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
        expect(await instance.authenticate(`Bearer ${jwt}`)).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
        expect(await instance.authenticate(`Bearer ${second.jwt}`)).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
      }
      expect(user.tenantId).toBe(tenant.id);
    });

    it('ends the JWTs of a disabled user', async () => {
      const { user, jwt } = await agentWithJwt();
      expect(await iam.authenticate(`Bearer ${jwt}`)).toMatchObject({ ok: true });
      await ds.query('UPDATE gateway.users SET disabled_at = now() WHERE id = $1', [user.id]);
      expect(await iam.authenticate(`Bearer ${jwt}`)).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
    });
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
