import { integrationEnv, uniqueName } from '@ekyc/testing';
import type { DataSource } from 'typeorm';
import { openGatewayDatabase } from '../data-source';
import { authorizationOf, IamService } from './iam.service';

jest.setTimeout(60_000);

describe('portal sessions (signed in through the identity provider) on real Postgres', () => {
  let ds: DataSource;
  let iam: IamService;

  beforeAll(async () => {
    ds = await openGatewayDatabase(integrationEnv().databaseUrl);
    iam = new IamService({ ds, cacheTtlMs: 60_000, revisionCheckMs: 0 });
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  async function person(email: string) {
    const tenant = await iam.ensureTenant(uniqueName('t').replace('_', '-'), 'Session Bank');
    const user = await iam.ensureUser(tenant.id, email, ['agent']);
    return { tenant, user };
  }

  it('finds the active users an email names, one per tenant, and opens a session whose cookie authenticates them', async () => {
    const email = `${uniqueName('nasrin')}@bank.test`;
    const first = await person(email);
    const second = await person(email.toUpperCase());
    const found = await iam.usersByEmail(email);
    expect(found.map((u) => u.userId).sort()).toEqual([first.user.id, second.user.id].sort());

    const { token, expiresAt } = await iam.startSession({ userId: first.user.id, tenantId: first.tenant.id }, 600);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 590_000);
    const auth = await iam.authenticate(authorizationOf({ cookie: `other=1; ekyc_session=${token}; x=2` }));
    expect(auth).toMatchObject({ ok: true, principal: { userId: first.user.id, tenantId: first.tenant.id, roles: ['agent'], authKind: 'session' } });
    // Only a hash is stored.
    expect(JSON.stringify(await ds.query('SELECT * FROM gateway.sessions WHERE user_id = $1', [first.user.id]))).not.toContain(token);
  });

  it('ends on sign-out, on expiry and when the user is disabled, on the next request despite the cache', async () => {
    const { tenant, user } = await person(`${uniqueName('babul')}@bank.test`);
    const signedOut = await iam.startSession({ userId: user.id, tenantId: tenant.id }, 600);
    const expiring = await iam.startSession({ userId: user.id, tenantId: tenant.id }, 600);
    const disabled = await iam.startSession({ userId: user.id, tenantId: tenant.id }, 600);
    for (const s of [signedOut, expiring, disabled]) expect(await iam.authenticate(`Session ${s.token}`)).toMatchObject({ ok: true });

    await iam.endSession(signedOut.token);
    expect(await iam.authenticate(`Session ${signedOut.token}`)).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });

    await ds.query(`UPDATE gateway.sessions SET expires_at = now() - interval '1 second' WHERE token_hash = encode(sha256($1::bytea), 'hex')`, [
      expiring.token,
    ]);
    expect(await iam.authenticate(`Session ${expiring.token}`)).toMatchObject({ ok: false });

    await ds.query('UPDATE gateway.users SET disabled_at = now() WHERE id = $1', [user.id]);
    expect(await iam.authenticate(`Session ${disabled.token}`)).toMatchObject({ ok: false });
    expect(await iam.usersByEmail(user.email)).toEqual([]);
  });

  it('takes no cookie that is not one of its sessions', async () => {
    expect(authorizationOf({ cookie: 'ekyc_session=something-else' })).toBeUndefined();
    expect(authorizationOf({ cookie: 'nothing=here' })).toBeUndefined();
    // An Authorization header wins over the cookie.
    expect(authorizationOf({ authorization: 'Token ekyc_x', cookie: 'ekyc_session=ekycs_y' })).toBe('Token ekyc_x');
    expect(await iam.authenticate('Session ekycs_made-up')).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
  });

  it("takes a person's roles from the identity provider's groups at sign-in: replaced, recorded, applied at once", async () => {
    const { tenant, user } = await person(`${uniqueName('supervisor')}@bank.test`);
    const session = await iam.startSession({ userId: user.id, tenantId: tenant.id }, 600);
    // Cached as an agent first.
    expect(await iam.authenticate(`Session ${session.token}`)).toMatchObject({ ok: true, principal: { roles: ['agent'] } });

    const synced = await iam.syncRolesFromProvider({ userId: user.id, tenantId: tenant.id }, ['reviewer', 'analyst'], {
      claim: 'groups',
      groups: ['ekyc-supervisors'],
    });
    expect(synced).toEqual({ roles: ['analyst', 'reviewer'], changed: true });
    expect(await iam.authenticate(`Session ${session.token}`)).toMatchObject({ ok: true, principal: { roles: ['analyst', 'reviewer'] } });
    const changes = await ds.query('SELECT action, actor_user_id, detail FROM gateway.iam_changes WHERE target_id = $1 ORDER BY id', [user.id]);
    expect(changes).toEqual([
      {
        action: 'user.roles_synced',
        actor_user_id: user.id,
        detail: { roles: { from: ['agent'], to: ['analyst', 'reviewer'] }, source: 'oidc', claim: 'groups', groups: ['ekyc-supervisors'] },
      },
    ]);

    // The same groups again: nothing changes, nothing is recorded.
    expect(
      await iam.syncRolesFromProvider({ userId: user.id, tenantId: tenant.id }, ['analyst', 'reviewer'], { claim: 'groups', groups: ['ekyc-supervisors'] }),
    ).toEqual({ roles: ['analyst', 'reviewer'], changed: false });
    expect(await ds.query('SELECT count(*)::int AS n FROM gateway.iam_changes WHERE target_id = $1', [user.id])).toEqual([{ n: 1 }]);
  });

  it("never gives or takes platform_admin through the provider's groups", async () => {
    const tenant = await iam.ensureTenant(uniqueName('t').replace('_', '-'), 'Operator');
    const operator = await iam.ensureUser(tenant.id, `${uniqueName('ops')}@platform.test`, ['platform_admin']);
    const synced = await iam.syncRolesFromProvider({ userId: operator.id, tenantId: tenant.id }, ['analyst'], { claim: 'groups', groups: ['ekyc-analysts'] });
    expect(synced).toEqual({ roles: ['analyst', 'platform_admin'], changed: true });
    const { user } = await person(`${uniqueName('agent')}@bank.test`);
    // A caller passing platform_admin (the role map cannot) still does not make an agent an operator.
    expect(
      (await iam.syncRolesFromProvider({ userId: user.id, tenantId: user.tenantId }, ['platform_admin', 'agent'], { claim: 'groups', groups: ['x'] })).roles,
    ).toEqual(['agent']);
  });
});
