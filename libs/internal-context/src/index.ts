import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { safeEqual } from '@ekyc/crypto';

/** `pii_reader` opens nothing by itself: given to an analyst (or a platform admin), it lifts the masking of personal data. */
export const ROLES = ['agent', 'partner_admin', 'analyst', 'reviewer', 'platform_admin', 'pii_reader'] as const;
export type Role = (typeof ROLES)[number];

/** Header carrying the context the gateway vouches for; subgraphs trust nothing else. */
export const INTERNAL_CONTEXT_HEADER = 'x-ekyc-internal-context';

const contextSchema = z.object({
  tenantId: z.uuid(),
  userId: z.uuid(),
  roles: z.array(z.enum(ROLES)).min(1),
  /** api_token and jwt: machine clients; session: a person signed in through the identity provider (a browser cookie). */
  authKind: z.enum(['api_token', 'jwt', 'session']),
  credentialId: z.string().min(1),
  requestId: z.string().min(1).max(128),
  iat: z.number().int(),
  exp: z.number().int(),
});
export type InternalContext = Omit<z.infer<typeof contextSchema>, 'iat' | 'exp'>;
export type VerifiedContext = z.infer<typeof contextSchema>;

const sign = (payload: string, secret: string) => createHmac('sha256', secret).update(payload).digest('base64url');

/** The longest lifetime a verifier accepts, whatever the signer wrote: a context lives as long as one request. */
export const MAX_CONTEXT_LIFETIME_SECONDS = 120;

/** Short-lived so a captured header is useless soon after the request it belonged to. */
export function signInternalContext(ctx: InternalContext, secret: string, nowMs = Date.now(), ttlSeconds = 60): string {
  const iat = Math.floor(nowMs / 1000);
  const payload = Buffer.from(JSON.stringify({ ...ctx, iat, exp: iat + ttlSeconds })).toString('base64url');
  return `${payload}.${sign(payload, secret)}`;
}

export type ContextFailure = 'MISSING_INTERNAL_CONTEXT' | 'INVALID_INTERNAL_CONTEXT' | 'EXPIRED_INTERNAL_CONTEXT';

export function verifyInternalContext(
  header: string | undefined,
  secret: string,
  nowMs = Date.now(),
): { ok: true; context: VerifiedContext } | { ok: false; code: ContextFailure } {
  if (!header) return { ok: false, code: 'MISSING_INTERNAL_CONTEXT' };
  const [payload, signature, extra] = header.split('.');
  if (!payload || !signature || extra !== undefined || !safeEqual(signature, sign(payload, secret))) {
    return { ok: false, code: 'INVALID_INTERNAL_CONTEXT' };
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, code: 'INVALID_INTERNAL_CONTEXT' };
  }
  const parsed = contextSchema.safeParse(json);
  if (!parsed.success) return { ok: false, code: 'INVALID_INTERNAL_CONTEXT' };
  const now = Math.floor(nowMs / 1000);
  if (parsed.data.exp < now || parsed.data.iat > now + 5) return { ok: false, code: 'EXPIRED_INTERNAL_CONTEXT' };
  // Signed with the right secret but for longer than a request lives: a leaked or forged-by-insider long-lived header.
  if (parsed.data.exp - parsed.data.iat > MAX_CONTEXT_LIFETIME_SECONDS) return { ok: false, code: 'INVALID_INTERNAL_CONTEXT' };
  return { ok: true, context: parsed.data };
}

export const hasAnyRole = (ctx: Pick<InternalContext, 'roles'>, roles: readonly Role[]): boolean => roles.some((r) => ctx.roles.includes(r));

/** Header of an internal blob request: `<tenantId>.<expiry seconds>.<signature>`, from `signBlobRequest`. */
export const BLOB_TOKEN_HEADER = 'x-ekyc-blob-token';
/** Blob tokens live at most this long, so a leaked one is useless within a minute. */
export const MAX_BLOB_TOKEN_TTL_SECONDS = 60;

export interface BlobRequest {
  tenantId: string;
  /** The reference the owning service handed out, e.g. `doc-image:<sha256>`. */
  ref: string;
}

export type BlobTokenFailure = 'MISSING_BLOB_TOKEN' | 'INVALID_BLOB_TOKEN' | 'EXPIRED_BLOB_TOKEN';

// The purpose prefix keeps a blob signature from ever verifying as a context signature, and vice versa.
const signBlob = (tenantId: string, ref: string, exp: number, secret: string) =>
  createHmac('sha256', secret).update(`ekyc/blob/v1\0${tenantId}\0${ref}\0${exp}`).digest('base64url');

/** Signs a request for one stored image of one tenant, valid for `ttlSeconds` (at most 60). */
export function signBlobRequest(request: BlobRequest, secret: string, nowMs = Date.now(), ttlSeconds = 30): string {
  if (!z.uuid().safeParse(request.tenantId).success) throw new RangeError('tenantId must be a UUID');
  const exp = Math.floor(nowMs / 1000) + Math.min(Math.max(1, Math.floor(ttlSeconds)), MAX_BLOB_TOKEN_TTL_SECONDS);
  return `${request.tenantId}.${exp}.${signBlob(request.tenantId, request.ref, exp, secret)}`;
}

/**
 * Checks a blob token against the reference asked for and returns the tenant it was signed for: a token is
 * bound to one tenant and one reference, so it cannot read another tenant's copy or another image.
 */
export function verifyBlobRequest(
  token: string | undefined,
  ref: string,
  secret: string,
  nowMs = Date.now(),
): { ok: true; tenantId: string } | { ok: false; code: BlobTokenFailure } {
  if (!token) return { ok: false, code: 'MISSING_BLOB_TOKEN' };
  const [tenantId, expText, signature, extra] = token.split('.');
  if (!tenantId || !expText || !signature || extra !== undefined || !/^\d{1,12}$/.test(expText) || !z.uuid().safeParse(tenantId).success) {
    return { ok: false, code: 'INVALID_BLOB_TOKEN' };
  }
  const exp = Number(expText);
  if (!safeEqual(signature, signBlob(tenantId, ref, exp, secret))) return { ok: false, code: 'INVALID_BLOB_TOKEN' };
  const now = Math.floor(nowMs / 1000);
  // A token claiming a longer life than any signer issues is refused as well: 5 s of clock skew allowed.
  if (exp < now || exp > now + MAX_BLOB_TOKEN_TTL_SECONDS + 5) return { ok: false, code: 'EXPIRED_BLOB_TOKEN' };
  return { ok: true, tenantId };
}
export * from './pii-mask';
