import { createHmac, timingSafeEqual } from 'node:crypto';
import type * as OpenIdClient from 'openid-client';
import { claimValues } from './claim-roles';

/** openid-client is ESM-only: loaded when first needed (the service's Node loads it; Jest's runtime on Node 20 cannot). */
let loaded: Promise<typeof OpenIdClient> | null = null;
const openidClient = (): Promise<typeof OpenIdClient> => (loaded ??= import('openid-client'));

/**
 * Sign-in through the bank's identity provider: OpenID Connect's authorization code flow with PKCE, the gateway as a
 * confidential client (openid-client, certified by the OpenID Foundation). What the browser carries between the two
 * legs (the PKCE verifier, state, nonce) is in a short-lived cookie signed with the gateway's secret.
 */
export interface OidcSignInOptions {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** The gateway's `/auth/oidc/callback` as the browser reaches it; registered with the provider. */
  redirectUri: string;
  /** Signs the cookie between the two legs. */
  secret: string;
  /** How long the browser may take at the provider. */
  flowTtlSeconds?: number;
  /** The claim listing the person's groups or roles (OIDC_ROLES_CLAIM), read from the ID token or else userinfo. */
  rolesClaim?: string;
}

export type OidcFailure = 'OIDC_STATE_INVALID' | 'OIDC_PROVIDER_ERROR' | 'OIDC_EMAIL_MISSING';
/** `groups`: the values of the roles claim (none when the provider sent it not); null when no roles claim is configured. */
export type OidcResult = { ok: true; email: string; tenant: string | null; groups: string[] | null } | { ok: false; code: OidcFailure; message: string };

interface Flow {
  verifier: string;
  state: string;
  nonce: string;
  tenant: string | null;
  exp: number;
}

const TENANT_SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

export class OidcSignIn {
  private config: Promise<OpenIdClient.Configuration> | null = null;

  constructor(private readonly options: OidcSignInOptions) {}

  /** The provider's metadata, fetched once (again after a failure). A plain-HTTP issuer is accepted on the loopback address only. */
  private configuration(): Promise<OpenIdClient.Configuration> {
    const { issuer, clientId, clientSecret } = this.options;
    const loopback = issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
    this.config ??= openidClient()
      .then((oidc) => oidc.discovery(issuer, clientId, clientSecret, undefined, loopback ? { execute: [oidc.allowInsecureRequests] } : undefined))
      .catch((err: unknown) => {
        this.config = null;
        throw err;
      });
    return this.config;
  }

  /** Where to send the browser, and the signed cookie that must come back with it. */
  async begin(tenant: string | null): Promise<{ url: string; cookie: string }> {
    const config = await this.configuration();
    const oidc = await openidClient();
    const verifier = oidc.randomPKCECodeVerifier();
    const flow: Flow = {
      verifier,
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      tenant: tenant && TENANT_SLUG.test(tenant) ? tenant : null,
      exp: Math.floor(Date.now() / 1000) + (this.options.flowTtlSeconds ?? 600),
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUri,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    return { url: url.href, cookie: this.seal(flow) };
  }

  /**
   * Checks the provider's answer (the callback's query string) against the cookie, redeems the code and returns the
   * verified email. The callback URL is the registered one: a proxy in front may have rewritten the host.
   */
  async finish(query: string, cookie: string | undefined): Promise<OidcResult> {
    const callbackUrl = new URL(this.options.redirectUri);
    callbackUrl.search = query;
    const flow = cookie ? this.open(cookie) : null;
    if (!flow) return { ok: false, code: 'OIDC_STATE_INVALID', message: 'the sign-in took too long or was started elsewhere; sign in again' };
    let claims: Record<string, unknown> | undefined;
    try {
      const config = await this.configuration();
      const oidc = await openidClient();
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      claims = idToken;
      // A provider that keeps scope claims out of the ID token (as the core spec has it) gives them at userinfo.
      const rolesClaim = this.options.rolesClaim;
      if (idToken && (typeof idToken['email'] !== 'string' || (rolesClaim && !(rolesClaim in idToken))))
        claims = { ...idToken, ...(await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub)) };
    } catch (err) {
      const e = err as { code?: string; error?: string; message?: string };
      return {
        ok: false,
        code: 'OIDC_PROVIDER_ERROR',
        message: `the identity provider refused the sign-in: ${e.error ?? e.code ?? 'error'} (${e.message ?? ''})`,
      };
    }
    const email = typeof claims?.['email'] === 'string' ? claims['email'].trim().toLowerCase() : '';
    if (!email || claims?.['email_verified'] === false)
      return { ok: false, code: 'OIDC_EMAIL_MISSING', message: 'the identity provider gave no verified email' };
    const rolesClaim = this.options.rolesClaim;
    return { ok: true, email, tenant: flow.tenant, groups: rolesClaim ? claimValues(claims?.[rolesClaim]) : null };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.options.secret).update(`ekyc/oidc-flow/v1\0${payload}`).digest('base64url');
  }

  private seal(flow: Flow): string {
    const payload = Buffer.from(JSON.stringify(flow)).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  private open(cookie: string): Flow | null {
    const [payload, signature, extra] = cookie.split('.');
    if (!payload || !signature || extra !== undefined) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const flow = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Flow;
      return typeof flow.verifier === 'string' && typeof flow.exp === 'number' && flow.exp > Date.now() / 1000 ? flow : null;
    } catch {
      return null;
    }
  }
}
