import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { IsNull, type DataSource } from 'typeorm';
import { z } from 'zod';
import { randomToken, sha256Hex } from '@ekyc/crypto';
import { tableIn } from '@ekyc/db';
import { ROLES, type InternalContext, type Role } from '@ekyc/internal-context';
import { ApiTokenRecord, IamChangeRecord, TenantRecord, UserRecord } from './iam.entity';

export const API_TOKEN_PREFIX = 'ekyc_';
const JWT_ISSUER = 'ekyc-gateway';
const JWT_AUDIENCE = 'ekyc-graphql';

export type Principal = Omit<InternalContext, 'requestId'>;
export type AuthFailureCode = 'UNAUTHENTICATED' | 'INVALID_TOKEN';
export type AuthResult = { ok: true; principal: Principal } | { ok: false; code: AuthFailureCode; message: string };

/** The longest a bearer JWT may live: past that, a stolen one is worth too much. */
export const MAX_JWT_TTL_SECONDS = 900;

const jwtClaims = z.object({
  sub: z.uuid(),
  tid: z.uuid(),
  roles: z.array(z.enum(ROLES)).min(1),
  jti: z.string(),
  iat: z.number().int(),
  exp: z.number().int(),
  /** The API token the JWT was exchanged for: revoking the token ends its JWTs too. */
  tok: z.uuid(),
});

/**
 * The credential a request carries: its `Authorization` header, else its `x-api-key` header (the eKYC
 * request and two-step contracts send the API key there) as the same API token, `Token <key>`.
 */
export function authorizationOf(headers: { authorization?: string; 'x-api-key'?: string | string[]; cookie?: string }): string | undefined {
  if (headers.authorization && headers.authorization.trim() !== '') return headers.authorization;
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim() !== '') return `Token ${apiKey.trim()}`;
  const session = sessionCookieOf(headers.cookie);
  return session ? `Session ${session}` : undefined;
}

/** The cookie of a browser session opened through the identity provider (HttpOnly, SameSite=Lax). */
export const SESSION_COOKIE = 'ekyc_session';
export const SESSION_PREFIX = 'ekycs_';

/** One cookie's value in a `Cookie` header. */
export function cookieOf(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** The session cookie's value in a `Cookie` header, if it looks like one of ours. */
export function sessionCookieOf(header: string | undefined): string | undefined {
  const value = cookieOf(header, SESSION_COOKIE);
  return value && value.startsWith(SESSION_PREFIX) && value.length <= 200 ? value : undefined;
}

export interface IamServiceOptions {
  ds: DataSource;
  /** Needed to accept and issue bearer JWTs; without it only API tokens are accepted. */
  jwt?: { secret: string; ttlSeconds: number };
  /** The longest a lookup of who may call is reused, even when nothing changed. */
  cacheTtlMs: number;
  /**
   * How often the revocation counter is read (`gateway.auth_revision`, bumped by a trigger whenever a token, user or
   * tenant changes): a revocation, a disabled user or tenant, or a changed role applies on every instance within this.
   */
  revisionCheckMs?: number;
}

const CACHE_LIMIT = 10_000;

/** Who a credential stands for (null: nobody), and until when that holds at the latest. */
interface Lookup {
  principal: Principal | null;
  validUntil?: number;
}

/** An API key is live when it is neither revoked nor past its expiry (SQL over the alias `t`). */
const LIVE_KEY = 't.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())';

export class IamService {
  private readonly key: Uint8Array | null;
  private readonly cache = new Map<string, { principal: Principal | null; expiresAt: number }>();
  private revision: { value: string | null; checkedAt: number; pending: Promise<void> | null } = { value: null, checkedAt: 0, pending: null };

  constructor(private readonly options: IamServiceOptions) {
    this.key = options.jwt ? new TextEncoder().encode(options.jwt.secret) : null;
  }

  /**
   * Forgets every cached lookup now: called after this instance changed who may call (a key revoked, a user
   * disabled), so its very next request sees the change; other instances see it through the revocation counter.
   */
  invalidate(): void {
    this.cache.clear();
    this.revision.checkedAt = 0;
  }

  /** Drops every cached lookup once the revocation counter moved; reads it at most once per `revisionCheckMs`. */
  private async ensureFresh(): Promise<void> {
    const every = this.options.revisionCheckMs ?? 1_000;
    if (Date.now() - this.revision.checkedAt < every) return;
    this.revision.pending ??= (async () => {
      try {
        const rows: Array<{ revision: string }> = await this.options.ds.query(
          `SELECT revision::text AS revision FROM ${tableIn(this.options.ds, 'auth_revision')} WHERE id = 1`,
        );
        const value = rows[0]?.revision ?? null;
        if (value !== this.revision.value) this.cache.clear();
        this.revision.value = value;
        this.revision.checkedAt = Date.now();
      } catch {
        // Unknown whether anything was revoked: trust nothing cached.
        this.cache.clear();
      } finally {
        this.revision.pending = null;
      }
    })();
    await this.revision.pending;
  }

  /**
   * A cached lookup, or `load` run and remembered until the revocation counter moves, `cacheTtlMs` passes, or the
   * credential itself expires (`validUntil`, epoch ms).
   */
  private async cached(key: string, load: () => Promise<Lookup>): Promise<Principal | null> {
    await this.ensureFresh();
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt > now) return hit.principal;
    const { principal, validUntil } = await load();
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, { principal, expiresAt: Math.min(now + this.options.cacheTtlMs, validUntil ?? Infinity) });
    return principal;
  }

  /** Accepts `Token <api key>` (the agent API contract) and `Bearer <jwt>`. */
  async authenticate(authorization: string | undefined): Promise<AuthResult> {
    if (!authorization || authorization.trim() === '') {
      return { ok: false, code: 'UNAUTHENTICATED', message: 'send an Authorization header ("Token <api key>" or "Bearer <jwt>") or x-api-key: <api key>' };
    }
    const [scheme, credential, extra] = authorization.trim().split(/\s+/);
    if (!credential || extra !== undefined) return invalid('malformed Authorization header');
    switch (scheme?.toLowerCase()) {
      case 'token':
        return this.authenticateApiToken(credential);
      case 'bearer':
        return this.authenticateJwt(credential);
      case 'session':
        return this.authenticateSession(credential);
      default:
        return invalid(`unsupported authorization scheme "${scheme}"; use Token or Bearer`);
    }
  }

  private async authenticateApiToken(token: string): Promise<AuthResult> {
    if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return invalid('not an API token of this platform');
    const hash = sha256Hex(token);
    const principal = await this.cached(`token:${hash}`, () => this.lookupApiToken(hash));
    return principal ? { ok: true, principal } : invalid('API token is unknown, revoked or expired');
  }

  private async lookupApiToken(hash: string): Promise<Lookup> {
    const { ds } = this.options;
    const tokens = tableIn(ds, 'api_tokens');
    const rows: Array<{ token_id: string; tenant_id: string; user_id: string; roles: Role[]; expires_at: Date | null }> = await ds.query(
      `SELECT t.id AS token_id, t.tenant_id, u.id AS user_id, u.roles, t.expires_at
         FROM ${tokens} t
         JOIN ${tableIn(ds, 'users')} u ON u.id = t.user_id AND u.disabled_at IS NULL
         JOIN ${tableIn(ds, 'tenants')} n ON n.id = t.tenant_id AND n.disabled_at IS NULL
        WHERE t.token_hash = $1 AND ${LIVE_KEY}`,
      [hash],
    );
    const row = rows[0];
    if (!row) return { principal: null };
    void ds.query(`UPDATE ${tokens} SET last_used_at = now() WHERE id = $1`, [row.token_id]).catch(() => undefined);
    return {
      principal: { tenantId: row.tenant_id, userId: row.user_id, roles: row.roles, authKind: 'api_token', credentialId: row.token_id },
      validUntil: row.expires_at?.getTime(),
    };
  }

  private async authenticateSession(token: string): Promise<AuthResult> {
    if (!token.startsWith(SESSION_PREFIX) || token.length > 200) return invalid('not a session of this platform');
    const hash = sha256Hex(token);
    const principal = await this.cached(`session:${hash}`, () => this.lookupSession(hash));
    return principal ? { ok: true, principal } : invalid('the session has ended or expired: sign in again');
  }

  private async lookupSession(hash: string): Promise<Lookup> {
    const { ds } = this.options;
    const rows: Array<{ session_id: string; tenant_id: string; user_id: string; roles: Role[]; expires_at: Date }> = await ds.query(
      `SELECT s.id AS session_id, s.tenant_id, u.id AS user_id, u.roles, s.expires_at
         FROM ${tableIn(ds, 'sessions')} s
         JOIN ${tableIn(ds, 'users')} u ON u.id = s.user_id AND u.disabled_at IS NULL
         JOIN ${tableIn(ds, 'tenants')} n ON n.id = s.tenant_id AND n.disabled_at IS NULL
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()`,
      [hash],
    );
    const row = rows[0];
    if (!row) return { principal: null };
    return {
      principal: { tenantId: row.tenant_id, userId: row.user_id, roles: row.roles, authKind: 'session', credentialId: row.session_id },
      validUntil: row.expires_at.getTime(),
    };
  }

  /** The active users, in active tenants, that an identity provider's verified email names (one per tenant at most). */
  async usersByEmail(email: string): Promise<Array<{ userId: string; tenantId: string; tenantSlug: string }>> {
    const { ds } = this.options;
    const rows: Array<{ user_id: string; tenant_id: string; slug: string }> = await ds.query(
      `SELECT u.id AS user_id, u.tenant_id, n.slug
         FROM ${tableIn(ds, 'users')} u
         JOIN ${tableIn(ds, 'tenants')} n ON n.id = u.tenant_id AND n.disabled_at IS NULL
        WHERE lower(u.email) = lower($1) AND u.disabled_at IS NULL
        ORDER BY n.slug`,
      [email],
    );
    return rows.map((r) => ({ userId: r.user_id, tenantId: r.tenant_id, tenantSlug: r.slug }));
  }

  /** Opens a browser session for a user: the cookie's value is returned once; only its hash is stored. */
  async startSession(user: { userId: string; tenantId: string }, ttlSeconds: number): Promise<{ token: string; expiresAt: Date }> {
    const token = `${SESSION_PREFIX}${randomToken(32)}`;
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    await this.options.ds.query(`INSERT INTO ${tableIn(this.options.ds, 'sessions')} (tenant_id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)`, [
      user.tenantId,
      user.userId,
      sha256Hex(token),
      expiresAt,
    ]);
    return { token, expiresAt };
  }

  /**
   * The roles the identity provider's groups give a person who signs in (OIDC_ROLES_CLAIM with OIDC_ROLE_MAP): they
   * replace the user's platform roles when they differ, recorded in `iam_changes` as `user.roles_synced` with the user as
   * actor, and apply from the next request. platform_admin is the platform operator's: a provider neither gives nor
   * takes it. Returns the roles the user has now.
   */
  async syncRolesFromProvider(
    user: { userId: string; tenantId: string },
    roles: readonly Role[],
    source: { claim: string; groups: readonly string[] },
  ): Promise<{ roles: Role[]; changed: boolean }> {
    const result = await this.options.ds.transaction(async (m) => {
      const record = await m.findOne(UserRecord, { where: { tenantId: user.tenantId, id: user.userId }, lock: { mode: 'pessimistic_write' } });
      if (!record) return { roles: [...roles], changed: false };
      const wanted = ROLES.filter((r) => (r === 'platform_admin' ? record.roles.includes(r) : roles.includes(r)));
      if (wanted.join() === ROLES.filter((r) => record.roles.includes(r)).join()) return { roles: record.roles, changed: false };
      await m.update(UserRecord, { id: record.id }, { roles: wanted });
      await m
        .createQueryBuilder()
        .insert()
        .into(IamChangeRecord)
        .values({
          tenantId: user.tenantId,
          actorUserId: user.userId,
          action: 'user.roles_synced',
          targetKind: 'user',
          targetId: user.userId,
          detail: { roles: { from: record.roles, to: wanted }, source: 'oidc', claim: source.claim, groups: [...source.groups] } as never,
        })
        .execute();
      return { roles: wanted, changed: true };
    });
    if (result.changed) this.invalidate();
    return result;
  }

  /** Ends a session (signing out): refused from the next request on. Ending an unknown or ended one changes nothing. */
  async endSession(token: string): Promise<void> {
    await this.options.ds.query(`UPDATE ${tableIn(this.options.ds, 'sessions')} SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`, [
      sha256Hex(token),
    ]);
    this.invalidate();
  }

  private async authenticateJwt(jwt: string): Promise<AuthResult> {
    if (!this.key) return invalid('bearer JWTs are not accepted here');
    let claims: z.infer<typeof jwtClaims>;
    try {
      const { payload } = await jwtVerify(jwt, this.key, { issuer: JWT_ISSUER, audience: JWT_AUDIENCE, algorithms: ['HS256'], requiredClaims: ['exp', 'iat'] });
      const parsed = jwtClaims.safeParse(payload);
      if (!parsed.success) return invalid('JWT claims are incomplete');
      claims = parsed.data;
    } catch (err) {
      const expired = (err as { code?: string }).code === 'ERR_JWT_EXPIRED';
      return invalid(expired ? 'JWT has expired' : 'JWT is invalid');
    }
    if (claims.exp - claims.iat > MAX_JWT_TTL_SECONDS) return invalid(`JWT lives longer than ${MAX_JWT_TTL_SECONDS} s`);
    // Signed by us, but the token it came from, its user or its tenant may have been revoked or disabled since; the
    // roles are the user's roles now, not when it was issued.
    const principal = await this.cached(`jwt:${claims.tok}:${claims.sub}:${claims.tid}`, () => this.lookupSubject(claims));
    if (!principal) return invalid('the API token, user or tenant of this JWT is revoked or disabled');
    return { ok: true, principal: { ...principal, authKind: 'jwt', credentialId: claims.jti } };
  }

  private async lookupSubject(claims: Pick<z.infer<typeof jwtClaims>, 'sub' | 'tid' | 'tok'>): Promise<Lookup> {
    const { ds } = this.options;
    const rows: Array<{ user_id: string; tenant_id: string; roles: Role[]; expires_at: Date | null }> = await ds.query(
      `SELECT u.id AS user_id, u.tenant_id, u.roles, t.expires_at
         FROM ${tableIn(ds, 'users')} u
         JOIN ${tableIn(ds, 'tenants')} n ON n.id = u.tenant_id AND n.disabled_at IS NULL
         JOIN ${tableIn(ds, 'api_tokens')} t ON t.id = $3 AND t.user_id = u.id AND ${LIVE_KEY}
        WHERE u.id = $1 AND u.tenant_id = $2 AND u.disabled_at IS NULL`,
      [claims.sub, claims.tid, claims.tok],
    );
    const row = rows[0];
    return row
      ? {
          principal: { tenantId: row.tenant_id, userId: row.user_id, roles: row.roles, authKind: 'jwt', credentialId: claims.tok },
          validUntil: row.expires_at?.getTime(),
        }
      : { principal: null };
  }

  /** Exchanges an authenticated API token for a short-lived bearer JWT with the same identity. */
  async issueJwt(principal: Principal): Promise<{ accessToken: string; expiresIn: number }> {
    if (!this.key || !this.options.jwt) throw new Error('JWT issuing is not configured');
    if (principal.authKind !== 'api_token') throw new Error('only an API token is exchanged for a JWT');
    const expiresIn = Math.min(this.options.jwt.ttlSeconds, MAX_JWT_TTL_SECONDS);
    const accessToken = await new SignJWT({ tid: principal.tenantId, roles: principal.roles, tok: principal.credentialId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.userId)
      .setIssuer(JWT_ISSUER)
      .setAudience(JWT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .setJti(randomUUID())
      .sign(this.key);
    return { accessToken, expiresIn };
  }

  async ensureTenant(slug: string, name: string): Promise<TenantRecord> {
    const repo = this.options.ds.getRepository(TenantRecord);
    await repo.createQueryBuilder().insert().values({ slug, name }).orIgnore().execute();
    return repo.findOneByOrFail({ slug });
  }

  async ensureUser(tenantId: string, email: string, roles: Role[]): Promise<UserRecord> {
    const repo = this.options.ds.getRepository(UserRecord);
    await repo.createQueryBuilder().insert().values({ tenantId, email, roles }).orIgnore().execute();
    const user = await repo.findOneByOrFail({ tenantId, email });
    if (user.roles.join() !== roles.join()) await repo.update({ id: user.id }, { roles });
    return { ...user, roles };
  }

  /** Issues a token; an earlier live token of the same name for the same user is revoked (rotation). */
  async issueApiToken(user: Pick<UserRecord, 'id' | 'tenantId'>, name: string): Promise<{ token: string; id: string }> {
    const token = `${API_TOKEN_PREFIX}${randomToken(32)}`;
    return this.options.ds.transaction(async (m) => {
      await m.update(ApiTokenRecord, { userId: user.id, name, revokedAt: IsNull() }, { revokedAt: new Date() });
      const record = m.create(ApiTokenRecord, {
        tenantId: user.tenantId,
        userId: user.id,
        name,
        tokenHash: sha256Hex(token),
        tokenPrefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
      });
      const saved = await m.save(record);
      this.cache.clear();
      return { token, id: saved.id };
    });
  }
}

const invalid = (message: string): AuthResult => ({ ok: false, code: 'INVALID_TOKEN', message });
