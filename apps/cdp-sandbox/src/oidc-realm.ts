import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compactVerify, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { z } from 'zod';
import { CDP_OAUTH_ERRORS, type CdpOAuthError, type CdpTokenResponse } from '@ekyc/provider-contracts';

export const FIXTURES_DIR = path.resolve(__dirname, '..', 'fixtures');

export const clientSeed = z.object({
  clientId: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/),
  /** Null makes a public client: it authenticates with its id alone and cannot use client credentials. */
  clientSecret: z.string().min(1).max(200).nullable(),
  serviceAccountsEnabled: z.boolean().default(true),
  directAccessGrantsEnabled: z.boolean().default(false),
});
export type ClientSeed = z.infer<typeof clientSeed>;

export const userSeed = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(100) });
export type UserSeed = z.infer<typeof userSeed>;

const realmFixture = z.object({ clients: z.array(clientSeed), users: z.array(userSeed) });

/** The seeded clients and users (`fixtures/realm.json`). */
export function loadRealm(file = path.join(FIXTURES_DIR, 'realm.json')): { clients: ClientSeed[]; users: UserSeed[] } {
  return realmFixture.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export type TokenAnswer =
  { ok: true; status: 200; body: CdpTokenResponse; clientId: string } | { ok: false; status: number; body: CdpOAuthError; clientId: string | null };
/** A refused token names its client when it is one this realm signed (expired, revoked), for the call log. */
export type Authentication = { ok: true; clientId: string; subject: string } | { ok: false; clientId: string | null };

export interface OidcRealm {
  /** A token request as the form fields arrived; answers as Keycloak's token endpoint does. */
  token(form: Record<string, string>): Promise<TokenAnswer>;
  authenticate(authorization: string | undefined): Promise<Authentication>;
  /** Makes every access token issued so far (to one client, or to all) expired; refresh tokens keep working. */
  expireAccessTokens(clientId?: string): number;
  /** Ends sessions: their access and refresh tokens stop working. Returns how many were active. */
  revokeSessions(clientId?: string): number;
  activeSessions(clientId: string): number;
  getClient(clientId: string): ClientSeed | undefined;
  createClient(seed: ClientSeed): ClientSeed | null;
  reset(): void;
}

interface Session {
  clientId: string;
  subject: string;
  /** Sliding, like Keycloak's SSO session idle timeout: each refresh moves it. */
  refreshExpiresAt: number;
  ended: boolean;
}

const oauth = (error: (typeof CDP_OAUTH_ERRORS)[keyof typeof CDP_OAUTH_ERRORS], clientId: string | null): TokenAnswer => ({
  ok: false,
  status: error.status,
  body: { ...error.body },
  clientId,
});

export function createOidcRealm(options: {
  clients: readonly ClientSeed[];
  users: readonly UserSeed[];
  issuer: string;
  now: () => number;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  tokenSecret?: string;
}): OidcRealm {
  const key = new TextEncoder().encode(options.tokenSecret ?? randomBytes(32).toString('base64'));
  const clients = new Map<string, ClientSeed>();
  const users = new Map(options.users.map((u) => [u.username, u]));
  const sessions = new Map<string, Session>();
  /** Access token id → when it stops working (its `exp`, or earlier when a test expired it). */
  const accessTokens = new Map<string, { sessionId: string; expiresAt: number }>();
  const fromSeeds = () => {
    clients.clear();
    for (const seed of options.clients) clients.set(seed.clientId, { ...seed });
  };
  fromSeeds();

  async function issue(sessionId: string, session: Session): Promise<CdpTokenResponse> {
    const nowMs = options.now();
    const iat = Math.floor(nowMs / 1000);
    const jti = randomUUID();
    const accessExp = iat + options.accessTtlSeconds;
    session.refreshExpiresAt = nowMs + options.refreshTtlSeconds * 1000;
    accessTokens.set(jti, { sessionId, expiresAt: accessExp * 1000 });
    const claims = { typ: 'Bearer', azp: session.clientId, sid: sessionId, scope: 'profile email', preferred_username: session.subject };
    const access_token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(options.issuer)
      .setAudience('account')
      .setSubject(session.subject)
      .setJti(jti)
      .setIssuedAt(iat)
      .setExpirationTime(accessExp)
      .sign(key);
    const refresh_token = await new SignJWT({ typ: 'Refresh', azp: session.clientId, sid: sessionId, scope: 'profile email' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(options.issuer)
      .setAudience(options.issuer)
      .setSubject(session.subject)
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setExpirationTime(Math.floor(session.refreshExpiresAt / 1000))
      .sign(key);
    return {
      access_token,
      expires_in: options.accessTtlSeconds,
      refresh_expires_in: options.refreshTtlSeconds,
      refresh_token,
      token_type: 'Bearer',
      'not-before-policy': 0,
      session_state: sessionId,
      scope: 'profile email',
    };
  }

  async function startSession(clientId: string, subject: string): Promise<TokenAnswer> {
    const sessionId = randomUUID();
    const session: Session = { clientId, subject, refreshExpiresAt: 0, ended: false };
    sessions.set(sessionId, session);
    return { ok: true, status: 200, body: await issue(sessionId, session), clientId };
  }

  async function refresh(client: ClientSeed, token: string): Promise<TokenAnswer> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, { algorithms: ['HS256'], currentDate: new Date(options.now()) }));
    } catch (err) {
      return oauth(err instanceof joseErrors.JWTExpired ? CDP_OAUTH_ERRORS.refreshTokenInactive : CDP_OAUTH_ERRORS.invalidRefreshToken, client.clientId);
    }
    if (payload.typ !== 'Refresh' || payload.azp !== client.clientId || typeof payload.sid !== 'string')
      return oauth(CDP_OAUTH_ERRORS.invalidRefreshToken, client.clientId);
    const session = sessions.get(payload.sid);
    if (!session || session.ended) return oauth(CDP_OAUTH_ERRORS.sessionNotActive, client.clientId);
    if (session.refreshExpiresAt <= options.now()) return oauth(CDP_OAUTH_ERRORS.refreshTokenInactive, client.clientId);
    return { ok: true, status: 200, body: await issue(payload.sid, session), clientId: client.clientId };
  }

  const endWhere = (match: (s: Session) => boolean) => {
    let active = 0;
    for (const session of sessions.values()) {
      if (!match(session) || session.ended) continue;
      if (session.refreshExpiresAt > options.now()) active++;
      session.ended = true;
    }
    return active;
  };

  return {
    async token(form) {
      const grantType = form['grant_type'];
      if (!grantType) return oauth(CDP_OAUTH_ERRORS.missingGrantType, null);
      // Keycloak authenticates the client before it looks at the grant.
      const client = clients.get(form['client_id'] ?? '');
      if (!client) return oauth(CDP_OAUTH_ERRORS.invalidClient, null);
      if (client.clientSecret !== null && form['client_secret'] !== client.clientSecret) return oauth(CDP_OAUTH_ERRORS.invalidClient, client.clientId);
      switch (grantType) {
        case 'client_credentials':
          if (!client.serviceAccountsEnabled || client.clientSecret === null) return oauth(CDP_OAUTH_ERRORS.noServiceAccount, client.clientId);
          return startSession(client.clientId, `service-account-${client.clientId}`);
        case 'password': {
          if (!client.directAccessGrantsEnabled) return oauth(CDP_OAUTH_ERRORS.noDirectAccess, client.clientId);
          const user = users.get(form['username'] ?? '');
          if (!user || user.password !== form['password']) return oauth(CDP_OAUTH_ERRORS.invalidUserCredentials, client.clientId);
          return startSession(client.clientId, user.username);
        }
        case 'refresh_token':
          return refresh(client, form['refresh_token'] ?? '');
        default:
          return oauth(CDP_OAUTH_ERRORS.unsupportedGrantType, client.clientId);
      }
    },

    async authenticate(authorization) {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
      if (!token) return { ok: false, clientId: null };
      const signedBy = async () => {
        try {
          const { azp } = JSON.parse(new TextDecoder().decode((await compactVerify(token, key)).payload)) as { azp?: unknown };
          return typeof azp === 'string' ? azp : null;
        } catch {
          return null;
        }
      };
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: options.issuer, currentDate: new Date(options.now()) });
        const issued = payload.jti ? accessTokens.get(payload.jti) : undefined;
        const session = issued ? sessions.get(issued.sessionId) : undefined;
        if (payload.typ !== 'Bearer' || !issued || !session || session.ended || issued.expiresAt <= options.now())
          return { ok: false, clientId: await signedBy() };
        return { ok: true, clientId: session.clientId, subject: session.subject };
      } catch {
        return { ok: false, clientId: await signedBy() };
      }
    },

    expireAccessTokens(clientId) {
      const now = options.now();
      let expired = 0;
      for (const issued of accessTokens.values()) {
        const session = sessions.get(issued.sessionId);
        if (!session || (clientId !== undefined && session.clientId !== clientId) || issued.expiresAt <= now) continue;
        issued.expiresAt = now;
        expired++;
      }
      return expired;
    },

    revokeSessions: (clientId) => endWhere((s) => clientId === undefined || s.clientId === clientId),

    activeSessions(clientId) {
      const now = options.now();
      return [...sessions.values()].filter((s) => s.clientId === clientId && !s.ended && s.refreshExpiresAt > now).length;
    },

    getClient: (clientId) => clients.get(clientId),

    createClient(seed) {
      if (clients.has(seed.clientId)) return null;
      clients.set(seed.clientId, { ...seed });
      return seed;
    },

    reset() {
      fromSeeds();
      sessions.clear();
      accessTokens.clear();
    },
  };
}
