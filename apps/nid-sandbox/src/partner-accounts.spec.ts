import { decodeJwt, decodeProtectedHeader } from 'jose';
import { NID_ACCESS_TOKEN_TTL_SECONDS } from '@ekyc/provider-contracts';
import { createPartnerAccounts, loadPartnerUsers, VERIFICATION_ROLE } from './partner-accounts';

function accounts() {
  let now = Date.parse('2025-01-01T00:00:00Z');
  const store = createPartnerAccounts({
    seeds: loadPartnerUsers(),
    now: () => now,
    accessTtlSeconds: NID_ACCESS_TOKEN_TTL_SECONDS,
    refreshTtlSeconds: 2 * NID_ACCESS_TOKEN_TTL_SECONDS,
  });
  return { store, advance: (ms: number) => (now += ms) };
}

describe('partner accounts', () => {
  it('seeds ABC Bank (partner 30) with demo_user, abc, abc2 and a user without the SLA', () => {
    const users = loadPartnerUsers();
    expect(users.filter((u) => u.partnerId === 30).map((u) => [u.username, u.slaAssigned])).toEqual([
      ['demo_user', true],
      ['abc', true],
      ['abc2', true],
      ['no_sla_user', false],
    ]);
    expect(users.some((u) => u.partnerId !== 30)).toBe(true);
  });

  it('issues HS256 tokens shaped like the contract sample, valid for 12 hours', async () => {
    const { store, advance } = accounts();
    const user = store.checkCredentials('demo_user', 'demo_password')!;
    const { access_token, refresh_token } = await store.issueTokens(user);
    expect(decodeProtectedHeader(access_token)).toEqual({ typ: 'access_token', alg: 'HS256' });
    expect(decodeProtectedHeader(refresh_token)).toEqual({ typ: 'refresh_token', alg: 'HS256' });
    const claims = decodeJwt(access_token);
    expect(claims).toMatchObject({ sub: 'demo_user', roles: expect.arrayContaining([VERIFICATION_ROLE]) });
    expect(claims.exp! - claims.iat!).toBe(NID_ACCESS_TOKEN_TTL_SECONDS);

    const header = `Bearer ${access_token}`;
    expect(await store.authenticate(header)).toMatchObject({ ok: true, user: { username: 'demo_user' } });
    expect(await store.authenticate(`Bearer ${refresh_token}`)).toEqual({ ok: false });
    expect(store.activeTokens('demo_user')).toBe(1);
    advance(NID_ACCESS_TOKEN_TTL_SECONDS * 1000 + 1000);
    expect(await store.authenticate(header)).toEqual({ ok: false });
    expect(store.activeTokens('demo_user')).toBe(0);
  });

  it('refuses wrong credentials, ends sessions, and forgets everything on reset', async () => {
    const { store } = accounts();
    expect(store.checkCredentials('demo_user', 'wrong')).toBeNull();
    expect(store.checkCredentials('nobody', 'demo_password')).toBeNull();
    const user = store.checkCredentials('abc', 'abc_password')!;
    const first = await store.issueTokens(user);
    await store.issueTokens(user);
    expect(store.endSessions('abc')).toBe(2);
    expect(await store.authenticate(`Bearer ${first.access_token}`)).toEqual({ ok: false });

    store.create({ username: 'temp', password: 'p', partnerId: 30, partnerName: 'ABC Bank', slaAssigned: true });
    store.changePassword('abc', 'changed');
    store.reset();
    expect(store.get('temp')).toBeUndefined();
    expect(store.checkCredentials('abc', 'abc_password')).not.toBeNull();
  });
});
