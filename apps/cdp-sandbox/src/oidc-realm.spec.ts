import { decodeJwt } from 'jose';
import { CDP_OAUTH_ERRORS } from '@ekyc/provider-contracts';
import { createOidcRealm } from './oidc-realm';

let now = Date.parse('2025-06-01T00:00:00Z');
const realm = createOidcRealm({
  clients: [
    { clientId: 'bank', clientSecret: 's3cret', serviceAccountsEnabled: true, directAccessGrantsEnabled: false },
    { clientId: 'portal', clientSecret: null, serviceAccountsEnabled: false, directAccessGrantsEnabled: true },
  ],
  users: [{ username: 'u', password: 'p' }],
  issuer: 'http://cdp.test/auth/realms/cdp',
  now: () => now,
  accessTtlSeconds: 300,
  refreshTtlSeconds: 1800,
});

async function clientToken() {
  const answer = await realm.token({ grant_type: 'client_credentials', client_id: 'bank', client_secret: 's3cret' });
  if (!answer.ok) throw new Error(JSON.stringify(answer.body));
  return answer.body;
}

describe('OIDC realm', () => {
  beforeEach(() => realm.reset());

  it('issues a Keycloak-style token pair whose access token authenticates until it expires', async () => {
    const tokens = await clientToken();
    expect(tokens).toMatchObject({ expires_in: 300, refresh_expires_in: 1800, token_type: 'Bearer', 'not-before-policy': 0 });
    expect(decodeJwt(tokens.access_token)).toMatchObject({ azp: 'bank', typ: 'Bearer', sub: 'service-account-bank', iss: 'http://cdp.test/auth/realms/cdp' });
    expect(await realm.authenticate(`Bearer ${tokens.access_token}`)).toEqual({ ok: true, clientId: 'bank', subject: 'service-account-bank' });
    expect(await realm.authenticate(`Bearer ${tokens.refresh_token}`)).toEqual({ ok: false, clientId: 'bank' });
    now += 301_000;
    expect((await realm.authenticate(`Bearer ${tokens.access_token}`)).ok).toBe(false);
  });

  it('refreshes within the refresh lifetime, then answers "Token is not active"', async () => {
    const tokens = await clientToken();
    now += 600_000;
    const refreshed = await realm.token({ grant_type: 'refresh_token', client_id: 'bank', client_secret: 's3cret', refresh_token: tokens.refresh_token! });
    expect(refreshed.ok).toBe(true);
    now += 1_801_000;
    const late = await realm.token({
      grant_type: 'refresh_token',
      client_id: 'bank',
      client_secret: 's3cret',
      refresh_token: refreshed.ok ? refreshed.body.refresh_token! : '',
    });
    expect(late).toMatchObject({ ok: false, ...CDP_OAUTH_ERRORS.refreshTokenInactive });
  });

  it('expires access tokens on demand but keeps the session, and revocation ends the session', async () => {
    const tokens = await clientToken();
    expect(realm.expireAccessTokens('bank')).toBe(1);
    expect((await realm.authenticate(`Bearer ${tokens.access_token}`)).ok).toBe(false);
    const refreshed = await realm.token({ grant_type: 'refresh_token', client_id: 'bank', client_secret: 's3cret', refresh_token: tokens.refresh_token! });
    expect(refreshed.ok).toBe(true);
    expect(realm.revokeSessions('bank')).toBe(1);
    expect(await realm.token({ grant_type: 'refresh_token', client_id: 'bank', client_secret: 's3cret', refresh_token: tokens.refresh_token! })).toMatchObject(
      CDP_OAUTH_ERRORS.sessionNotActive,
    );
  });

  it('refuses as Keycloak does: client, user, grant and refresh-token errors', async () => {
    expect(await realm.token({ grant_type: 'client_credentials', client_id: 'bank', client_secret: 'wrong' })).toMatchObject(CDP_OAUTH_ERRORS.invalidClient);
    expect(await realm.token({ grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'x' })).toMatchObject(CDP_OAUTH_ERRORS.invalidClient);
    expect(await realm.token({ grant_type: 'password', client_id: 'bank', client_secret: 's3cret', username: 'u', password: 'p' })).toMatchObject(
      CDP_OAUTH_ERRORS.noDirectAccess,
    );
    expect(await realm.token({ grant_type: 'client_credentials', client_id: 'portal' })).toMatchObject(CDP_OAUTH_ERRORS.noServiceAccount);
    expect(await realm.token({ grant_type: 'password', client_id: 'portal', username: 'u', password: 'x' })).toMatchObject(
      CDP_OAUTH_ERRORS.invalidUserCredentials,
    );
    expect((await realm.token({ grant_type: 'password', client_id: 'portal', username: 'u', password: 'p' })).ok).toBe(true);
    expect(await realm.token({ grant_type: 'implicit', client_id: 'bank', client_secret: 's3cret' })).toMatchObject(CDP_OAUTH_ERRORS.unsupportedGrantType);
    expect(await realm.token({ client_id: 'bank' })).toMatchObject(CDP_OAUTH_ERRORS.missingGrantType);
    expect(await realm.token({ grant_type: 'refresh_token', client_id: 'bank', client_secret: 's3cret', refresh_token: 'garbage' })).toMatchObject(
      CDP_OAUTH_ERRORS.invalidRefreshToken,
    );
    const portal = await realm.token({ grant_type: 'password', client_id: 'portal', username: 'u', password: 'p' });
    const foreign = portal.ok ? portal.body.refresh_token! : '';
    expect(await realm.token({ grant_type: 'refresh_token', client_id: 'bank', client_secret: 's3cret', refresh_token: foreign })).toMatchObject(
      CDP_OAUTH_ERRORS.invalidRefreshToken,
    );
  });
});
