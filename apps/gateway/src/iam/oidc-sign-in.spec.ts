import { OidcSignIn } from './oidc-sign-in';

/** Only the cookie between the two legs is checked here; the flow against a real provider runs in the portal's e2e test. */
describe('OidcSignIn', () => {
  const signIn = new OidcSignIn({
    issuer: new URL('http://127.0.0.1:9'),
    clientId: 'c',
    clientSecret: 's'.repeat(16),
    redirectUri: 'http://127.0.0.1:4000/auth/oidc/callback',
    secret: 'k'.repeat(32),
  });
  const sealed = (flow: object) => (signIn as unknown as { seal(f: object): string }).seal(flow);

  it('refuses a missing, tampered, foreign or expired flow cookie before asking the provider anything', async () => {
    const flow = { verifier: 'v', state: 's', nonce: 'n', tenant: null, exp: Math.floor(Date.now() / 1000) + 60 };
    const good = sealed(flow);
    const [payload] = good.split('.');
    const tampered = `${Buffer.from(JSON.stringify({ ...flow, tenant: 'other-bank' })).toString('base64url')}.${good.split('.')[1]}`;
    const foreign = new OidcSignIn({
      issuer: new URL('http://127.0.0.1:9'),
      clientId: 'c',
      clientSecret: 's'.repeat(16),
      redirectUri: 'http://x/cb',
      secret: 'z'.repeat(32),
    });
    const expired = sealed({ ...flow, exp: Math.floor(Date.now() / 1000) - 1 });
    for (const cookie of [undefined, '', payload, tampered, (foreign as unknown as { seal(f: object): string }).seal(flow), expired, `${good}.extra`]) {
      expect(await signIn.finish('?code=x&state=s', cookie)).toMatchObject({ ok: false, code: 'OIDC_STATE_INVALID' });
    }
  });
});
