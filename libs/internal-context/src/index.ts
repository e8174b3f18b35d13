import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { safeEqual } from '@ekyc/crypto';

export const ROLES = ['agent', 'partner_admin', 'analyst', 'platform_admin'] as const;
export type Role = (typeof ROLES)[number];

/** Header carrying the context the gateway vouches for; subgraphs trust nothing else. */
export const INTERNAL_CONTEXT_HEADER = 'x-ekyc-internal-context';

const contextSchema = z.object({
  tenantId: z.uuid(),
  userId: z.uuid(),
  roles: z.array(z.enum(ROLES)).min(1),
  authKind: z.enum(['api_token', 'jwt']),
  credentialId: z.string().min(1),
  requestId: z.string().min(1).max(128),
  iat: z.number().int(),
  exp: z.number().int(),
});
export type InternalContext = Omit<z.infer<typeof contextSchema>, 'iat' | 'exp'>;
export type VerifiedContext = z.infer<typeof contextSchema>;

const sign = (payload: string, secret: string) => createHmac('sha256', secret).update(payload).digest('base64url');

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
  return { ok: true, context: parsed.data };
}

export const hasAnyRole = (ctx: Pick<InternalContext, 'roles'>, roles: readonly Role[]): boolean =>
  roles.some((r) => ctx.roles.includes(r));
