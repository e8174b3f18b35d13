import { integrationEnv, uniqueName } from '@ekyc/testing';
import type { DataSource } from 'typeorm';
import { openGatewayDatabase } from '../data-source';
import { AccessAdminService } from './access-admin.service';
import { IamService, type Principal } from './iam.service';

jest.setTimeout(60_000);

describe('AccessAdminService on real Postgres', () => {
  let ds: DataSource;
  let iam: IamService;
  let admin: AccessAdminService;

  beforeAll(async () => {
    ds = await openGatewayDatabase(integrationEnv().databaseUrl);
    // No caching: every authentication reads the tables as they are now.
    iam = new IamService({ ds, cacheTtlMs: 0, revisionCheckMs: 0 });
    admin = new AccessAdminService(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  /** A tenant with its partner admin, as the caller of the service. */
  async function tenantAdmin(): Promise<Principal> {
    const tenant = await iam.ensureTenant(uniqueName('t').replace('_', '-'), 'Bank of Tests');
    const user = await iam.ensureUser(tenant.id, `${uniqueName('admin')}@bank.test`, ['partner_admin']);
    return { tenantId: tenant.id, userId: user.id, roles: ['partner_admin'], authKind: 'api_token', credentialId: user.id };
  }

  const ok = <T>(outcome: { ok: true; value: T } | { ok: false; problems: unknown[] }): T => {
    if (!outcome.ok) throw new Error(`expected success, got ${JSON.stringify(outcome.problems)}`);
    return outcome.value;
  };

  it('invites a user, issues them a key that works at once, and records both changes', async () => {
    const actor = await tenantAdmin();
    const user = ok(await admin.inviteUser(actor, { email: ' Rahima.Akter@Bank.test ', displayName: 'Rahima Akter', roles: ['agent'] }));
    expect(user).toMatchObject({ email: 'rahima.akter@bank.test', displayName: 'Rahima Akter', roles: ['agent'], disabledAt: null });
    const { key, token } = ok(await admin.createApiKey(actor, { userId: user.id, label: 'branch 12 tablet' }));
    expect(token).toMatch(/^ekyc_/);
    expect(key.tokenPrefix).toBe(token.slice(0, 11));
    expect(await iam.authenticate(`Token ${token}`)).toMatchObject({ ok: true, principal: { userId: user.id, tenantId: actor.tenantId, roles: ['agent'] } });
    // Only the hash is stored.
    expect(JSON.stringify(await ds.query('SELECT * FROM gateway.api_tokens WHERE id = $1', [key.id]))).not.toContain(token);
    const changes = ok(await admin.listChanges(actor.tenantId, { first: 10 }));
    expect(changes.rows.map((c) => [c.action, c.targetId, c.actorUserId])).toEqual([
      ['api_key.created', key.id, actor.userId],
      ['user.invited', user.id, actor.userId],
    ]);
    expect(JSON.stringify(changes.rows)).not.toContain(token);
  });

  it('refuses a taken email, a bad email, an empty or ungrantable role set, all at once where they can be', async () => {
    const actor = await tenantAdmin();
    ok(await admin.inviteUser(actor, { email: 'karim@bank.test', roles: ['analyst'] }));
    const taken = await admin.inviteUser(actor, { email: 'KARIM@bank.test', roles: ['analyst'] });
    expect(taken).toEqual({ ok: false, problems: [expect.objectContaining({ code: 'EMAIL_TAKEN', field: 'input.email' })] });
    const bad = await admin.inviteUser(actor, { email: 'not an email', roles: ['platform_admin'] });
    expect(bad.ok ? [] : bad.problems.map((p) => [p.code, p.field])).toEqual([
      ['INVALID_EMAIL', 'input.email'],
      ['ROLE_NOT_GRANTABLE', 'input.roles'],
    ]);
    expect(await admin.inviteUser(actor, { email: 'x@bank.test', roles: [] })).toMatchObject({ ok: false, problems: [{ code: 'INVALID_ROLES' }] });
    expect(await admin.inviteUser(actor, { email: 'y@bank.test', roles: ['pii_reader'] })).toMatchObject({ ok: false, problems: [{ code: 'INVALID_ROLES' }] });
  });

  it('a disabled user and a revoked key are refused on the next request; enabling brings the unrevoked key back', async () => {
    const actor = await tenantAdmin();
    const user = ok(await admin.inviteUser(actor, { email: `${uniqueName('agent')}@bank.test`, roles: ['agent'] }));
    const first = ok(await admin.createApiKey(actor, { userId: user.id, label: 'first' }));
    const second = ok(await admin.createApiKey(actor, { userId: user.id, label: 'second' }));
    ok(await admin.revokeApiKey(actor, first.key.id));
    expect(await iam.authenticate(`Token ${first.token}`)).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
    expect(await iam.authenticate(`Token ${second.token}`)).toMatchObject({ ok: true });
    // Revoking again changes nothing and records nothing.
    const again = ok(await admin.revokeApiKey(actor, first.key.id));
    expect(again.revokedAt).not.toBeNull();

    ok(await admin.setUserDisabled(actor, user.id, true));
    expect(await iam.authenticate(`Token ${second.token}`)).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
    ok(await admin.setUserDisabled(actor, user.id, false));
    expect(await iam.authenticate(`Token ${second.token}`)).toMatchObject({ ok: true });
    expect(await iam.authenticate(`Token ${first.token}`)).toMatchObject({ ok: false });

    const actions = ok(await admin.listChanges(actor.tenantId, { first: 20 })).rows.map((c) => c.action);
    expect(actions).toEqual(['user.enabled', 'user.disabled', 'api_key.revoked', 'api_key.created', 'api_key.created', 'user.invited']);
  });

  it('an expired key is refused, and a key cannot be issued for the past or for more than two years', async () => {
    const actor = await tenantAdmin();
    const now = new Date();
    expect(await admin.createApiKey(actor, { label: 'old', expiresAt: new Date(now.getTime() - 1000) })).toMatchObject({
      ok: false,
      problems: [{ code: 'INVALID_EXPIRY', field: 'input.expiresAt' }],
    });
    expect(await admin.createApiKey(actor, { label: 'long', expiresAt: new Date(now.getTime() + 800 * 86_400_000) })).toMatchObject({
      ok: false,
      problems: [{ code: 'INVALID_EXPIRY' }],
    });
    const soon = ok(await admin.createApiKey(actor, { label: 'soon', expiresAt: new Date(now.getTime() + 60_000) }));
    expect(await iam.authenticate(`Token ${soon.token}`)).toMatchObject({ ok: true });
    // Its expiry passes (set in SQL: the service only moves expiries forward in time from now).
    await ds.query(`UPDATE gateway.api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [soon.key.id]);
    expect(await iam.authenticate(`Token ${soon.token}`)).toMatchObject({ ok: false, code: 'INVALID_TOKEN', message: expect.stringContaining('expired') });
    const listed = ok(await admin.listApiKeys(actor.tenantId, { first: 10, includeInactive: false }));
    expect(listed.rows.map((k) => k.id)).not.toContain(soon.key.id);
    const all = ok(await admin.listApiKeys(actor.tenantId, { first: 10, includeInactive: true }));
    expect(all.rows.map((k) => k.id)).toContain(soon.key.id);
  });

  it('an admin cannot lock themselves out, and acts only within their own tenant', async () => {
    const actor = await tenantAdmin();
    expect(await admin.setUserDisabled(actor, actor.userId, true)).toMatchObject({ ok: false, problems: [{ code: 'CANNOT_CHANGE_OWN_ACCESS', field: 'id' }] });
    expect(await admin.updateUser(actor, { id: actor.userId, roles: ['agent'] })).toMatchObject({
      ok: false,
      problems: [{ code: 'CANNOT_CHANGE_OWN_ACCESS', field: 'input.roles' }],
    });

    const other = await tenantAdmin();
    const stranger = ok(await admin.inviteUser(other, { email: 'stranger@other.test', roles: ['agent'] }));
    const strangerKey = ok(await admin.createApiKey(other, { userId: stranger.id, label: 'theirs' }));
    expect(await admin.setUserDisabled(actor, stranger.id, true)).toMatchObject({ ok: false, problems: [{ code: 'USER_NOT_FOUND' }] });
    expect(await admin.updateUser(actor, { id: stranger.id, roles: ['analyst'] })).toMatchObject({ ok: false, problems: [{ code: 'USER_NOT_FOUND' }] });
    expect(await admin.createApiKey(actor, { userId: stranger.id, label: 'mine now' })).toMatchObject({
      ok: false,
      problems: [{ code: 'USER_NOT_FOUND', field: 'input.userId' }],
    });
    expect(await admin.revokeApiKey(actor, strangerKey.key.id)).toMatchObject({ ok: false, problems: [{ code: 'API_KEY_NOT_FOUND' }] });
    expect(ok(await admin.listUsers(actor.tenantId, { first: 100, includeDisabled: true })).rows.map((u) => u.id)).not.toContain(stranger.id);
    expect(await iam.authenticate(`Token ${strangerKey.token}`)).toMatchObject({ ok: true });
  });

  it('changes roles, effective on the next request, and pages users newest first by cursor', async () => {
    const actor = await tenantAdmin();
    const users = [];
    for (const name of ['ayesha', 'babul', 'chanchal'])
      users.push(ok(await admin.inviteUser(actor, { email: `${name}@bank.test`, displayName: name, roles: ['agent'] })));
    const key = ok(await admin.createApiKey(actor, { userId: users[0].id, label: 'k' }));
    ok(await admin.updateUser(actor, { id: users[0].id, roles: ['analyst', 'pii_reader'] }));
    expect(await iam.authenticate(`Token ${key.token}`)).toMatchObject({ ok: true, principal: { roles: ['analyst', 'pii_reader'] } });

    const first = ok(await admin.listUsers(actor.tenantId, { first: 2, includeDisabled: false }));
    expect(first.hasNextPage).toBe(true);
    const second = ok(await admin.listUsers(actor.tenantId, { first: 2, after: first.endCursor, includeDisabled: false }));
    const seen = [...first.rows, ...second.rows].map((u) => u.email);
    expect(seen.slice(0, 3)).toEqual(['chanchal@bank.test', 'babul@bank.test', 'ayesha@bank.test']);
    expect(new Set(seen).size).toBe(seen.length);
    expect(ok(await admin.listUsers(actor.tenantId, { first: 10, includeDisabled: false, search: 'BAB' })).rows.map((u) => u.email)).toEqual([
      'babul@bank.test',
    ]);
    expect(await admin.listUsers(actor.tenantId, { first: 10, after: 'nonsense', includeDisabled: false })).toMatchObject({
      ok: false,
      problems: [{ code: 'INVALID_CURSOR' }],
    });
  });

  it("clears this gateway's cache on every change: the next request sees it, however long lookups are cached", async () => {
    const cachedIam = new IamService({ ds, cacheTtlMs: 600_000, revisionCheckMs: 600_000 });
    const cachedAdmin = new AccessAdminService(ds, () => cachedIam.invalidate());
    const actor = await tenantAdmin();
    const user = ok(await cachedAdmin.inviteUser(actor, { email: `${uniqueName('cached')}@bank.test`, roles: ['agent'] }));
    const { key, token } = ok(await cachedAdmin.createApiKey(actor, { userId: user.id, label: 'cached' }));
    expect(await cachedIam.authenticate(`Token ${token}`)).toMatchObject({ ok: true });
    ok(await cachedAdmin.revokeApiKey(actor, key.id));
    expect(await cachedIam.authenticate(`Token ${token}`)).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
    // Without the callback the same cache would still answer from before the revocation.
    const other = ok(await cachedAdmin.createApiKey(actor, { userId: user.id, label: 'other' }));
    expect(await cachedIam.authenticate(`Token ${other.token}`)).toMatchObject({ ok: true });
    ok(await admin.setUserDisabled(actor, user.id, true));
    expect(await cachedIam.authenticate(`Token ${other.token}`)).toMatchObject({ ok: true });
    cachedIam.invalidate();
    expect(await cachedIam.authenticate(`Token ${other.token}`)).toMatchObject({ ok: false });
  });

  it('keeps the record of changes append-only', async () => {
    const actor = await tenantAdmin();
    ok(await admin.inviteUser(actor, { email: 'z@bank.test', roles: ['agent'] }));
    await expect(ds.query('UPDATE gateway.iam_changes SET action = $1 WHERE tenant_id = $2', ['nothing', actor.tenantId])).rejects.toThrow(/append-only/);
    await expect(ds.query('DELETE FROM gateway.iam_changes WHERE tenant_id = $1', [actor.tenantId])).rejects.toThrow(/append-only/);
  });
});
