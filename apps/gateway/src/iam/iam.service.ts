import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { IsNull, type DataSource } from 'typeorm';
import { z } from 'zod';
import { randomToken, sha256Hex } from '@ekyc/crypto';
import { tableIn } from '@ekyc/db';
import { ROLES, type InternalContext, type Role } from '@ekyc/internal-context';
import { ApiTokenRecord, TenantRecord, UserRecord } from './iam.entity';

export const API_TOKEN_PREFIX = 'ekyc_';
const JWT_ISSUER = 'ekyc-gateway';
const JWT_AUDIENCE = 'ekyc-graphql';

export type Principal = Omit<InternalContext, 'requestId'>;
export type AuthFailureCode = 'UNAUTHENTICATED' | 'INVALID_TOKEN';
export type AuthResult = { ok: true; principal: Principal } | { ok: false; code: AuthFailureCode; message: string };

const jwtClaims = z.object({ sub: z.uuid(), tid: z.uuid(), roles: z.array(z.enum(ROLES)).min(1), jti: z.string() });

/**
 * The credential a request carries: its `Authorization` header, else its `x-api-key` header (the eKYC
 * request and two-step contracts send the API key there) as the same API token, `Token <key>`.
 */
export function authorizationOf(headers: { authorization?: string; 'x-api-key'?: string | string[] }): string | undefined {
  if (headers.authorization && headers.authorization.trim() !== '') return headers.authorization;
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim() !== '') return `Token ${apiKey.trim()}`;
  return undefined;
}

export interface IamServiceOptions {
  ds: DataSource;
  /** Needed to accept and issue bearer JWTs; without it only API tokens are accepted. */
  jwt?: { secret: string; ttlSeconds: number };
  /** How long a token lookup is reused; a revocation takes effect within this time. */
  cacheTtlMs: number;
}

const CACHE_LIMIT = 10_000;

export class IamService {
  private readonly key: Uint8Array | null;
  private readonly cache = new Map<string, { principal: Principal | null; expiresAt: number }>();

  constructor(private readonly options: IamServiceOptions) {
    this.key = options.jwt ? new TextEncoder().encode(options.jwt.secret) : null;
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
      default:
        return invalid(`unsupported authorization scheme "${scheme}"; use Token or Bearer`);
    }
  }

  private async authenticateApiToken(token: string): Promise<AuthResult> {
    if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return invalid('not an API token of this platform');
    const hash = sha256Hex(token);
    const now = Date.now();
    const cached = this.cache.get(hash);
    let principal: Principal | null;
    if (cached && cached.expiresAt > now) {
      principal = cached.principal;
    } else {
      principal = await this.lookupApiToken(hash);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(hash, { principal, expiresAt: now + this.options.cacheTtlMs });
    }
    return principal ? { ok: true, principal } : invalid('API token is unknown or revoked');
  }

  private async lookupApiToken(hash: string): Promise<Principal | null> {
    const { ds } = this.options;
    const tokens = tableIn(ds, 'api_tokens');
    const rows: Array<{ token_id: string; tenant_id: string; user_id: string; roles: Role[] }> = await ds.query(
      `SELECT t.id AS token_id, t.tenant_id, u.id AS user_id, u.roles
         FROM ${tokens} t
         JOIN ${tableIn(ds, 'users')} u ON u.id = t.user_id AND u.disabled_at IS NULL
         JOIN ${tableIn(ds, 'tenants')} n ON n.id = t.tenant_id AND n.disabled_at IS NULL
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
      [hash],
    );
    const row = rows[0];
    if (!row) return null;
    void ds.query(`UPDATE ${tokens} SET last_used_at = now() WHERE id = $1`, [row.token_id]).catch(() => undefined);
    return { tenantId: row.tenant_id, userId: row.user_id, roles: row.roles, authKind: 'api_token', credentialId: row.token_id };
  }

  private async authenticateJwt(jwt: string): Promise<AuthResult> {
    if (!this.key) return invalid('bearer JWTs are not accepted here');
    try {
      const { payload } = await jwtVerify(jwt, this.key, { issuer: JWT_ISSUER, audience: JWT_AUDIENCE, algorithms: ['HS256'] });
      const claims = jwtClaims.safeParse(payload);
      if (!claims.success) return invalid('JWT claims are incomplete');
      return { ok: true, principal: { tenantId: claims.data.tid, userId: claims.data.sub, roles: claims.data.roles, authKind: 'jwt', credentialId: claims.data.jti } };
    } catch (err) {
      const expired = (err as { code?: string }).code === 'ERR_JWT_EXPIRED';
      return invalid(expired ? 'JWT has expired' : 'JWT is invalid');
    }
  }

  /** Exchanges an authenticated API token for a short-lived bearer JWT with the same identity. */
  async issueJwt(principal: Principal): Promise<{ accessToken: string; expiresIn: number }> {
    if (!this.key || !this.options.jwt) throw new Error('JWT issuing is not configured');
    const expiresIn = this.options.jwt.ttlSeconds;
    const accessToken = await new SignJWT({ tid: principal.tenantId, roles: principal.roles })
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
