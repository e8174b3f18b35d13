import { createHmac } from 'node:crypto';
import { hasAnyRole, INTERNAL_CONTEXT_HEADER, signInternalContext, verifyInternalContext, type InternalContext } from './index';

const SECRET = 'internal-context-secret-of-32-chars!';
const NOW = Date.parse('2024-05-01T10:00:00.000Z');
const ctx: InternalContext = {
  tenantId: '3f0b6b1e-2f7a-4c53-9d1e-6a2b8c4d5e6f',
  userId: '9b2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7b',
  roles: ['agent'],
  authKind: 'api_token',
  credentialId: 'cred-1',
  requestId: 'req-1',
};

/** Signs an arbitrary payload the way the gateway does, so only the content is wrong. */
function signRaw(payloadText: string, secret = SECRET): string {
  const payload = Buffer.from(payloadText).toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
}

const iat = Math.floor(NOW / 1000);

describe('internal context', () => {
  it('uses a lower-case header name, as Node delivers incoming headers', () => {
    expect(INTERNAL_CONTEXT_HEADER).toBe(INTERNAL_CONTEXT_HEADER.toLowerCase());
  });

  it('verifies a context it signed and returns it with iat and exp', () => {
    const header = signInternalContext(ctx, SECRET, NOW, 60);
    expect(verifyInternalContext(header, SECRET, NOW)).toEqual({ ok: true, context: { ...ctx, iat, exp: iat + 60 } });
  });

  it('accepts the context until the last second of its lifetime', () => {
    const header = signInternalContext(ctx, SECRET, NOW, 60);
    expect(verifyInternalContext(header, SECRET, NOW + 60_000).ok).toBe(true);
  });

  it.each([undefined, ''])('reports MISSING_INTERNAL_CONTEXT for header %p', (header) => {
    expect(verifyInternalContext(header, SECRET, NOW)).toEqual({ ok: false, code: 'MISSING_INTERNAL_CONTEXT' });
  });

  it('reports INVALID_INTERNAL_CONTEXT for a context signed with another secret', () => {
    const header = signInternalContext(ctx, 'another-secret-that-is-32-chars-long', NOW);
    expect(verifyInternalContext(header, SECRET, NOW)).toEqual({ ok: false, code: 'INVALID_INTERNAL_CONTEXT' });
  });

  it('reports INVALID_INTERNAL_CONTEXT for a payload tampered with after signing', () => {
    const [, signature] = signInternalContext(ctx, SECRET, NOW).split('.');
    const elevated = Buffer.from(JSON.stringify({ ...ctx, roles: ['platform_admin'], iat, exp: iat + 60 })).toString('base64url');
    expect(verifyInternalContext(`${elevated}.${signature}`, SECRET, NOW)).toEqual({ ok: false, code: 'INVALID_INTERNAL_CONTEXT' });
  });

  it.each([
    ['an extra segment', (h: string) => `${h}.extra`],
    ['an empty extra segment', (h: string) => `${h}.`],
    ['no signature', (h: string) => h.split('.')[0]],
    ['an empty signature', (h: string) => `${h.split('.')[0]}.`],
    ['an empty payload', (h: string) => `.${h.split('.')[1]}`],
    ['a truncated signature', (h: string) => h.slice(0, -2)],
  ])('reports INVALID_INTERNAL_CONTEXT for a header with %s', (_label, mangle) => {
    const header = mangle(signInternalContext(ctx, SECRET, NOW));
    expect(verifyInternalContext(header, SECRET, NOW)).toEqual({ ok: false, code: 'INVALID_INTERNAL_CONTEXT' });
  });

  it('reports INVALID_INTERNAL_CONTEXT for a correctly signed payload that is not JSON', () => {
    expect(verifyInternalContext(signRaw('not json {'), SECRET, NOW)).toEqual({ ok: false, code: 'INVALID_INTERNAL_CONTEXT' });
  });

  it.each([
    ['an unknown role', { roles: ['superuser'] }],
    ['no roles', { roles: [] }],
    ['a tenant id that is not a UUID', { tenantId: 'tenant-1' }],
    ['an unknown auth kind', { authKind: 'cookie' }],
    ['a fractional expiry', { exp: iat + 60.5 }],
  ])('reports INVALID_INTERNAL_CONTEXT for a signed payload with %s', (_label, override) => {
    const header = signRaw(JSON.stringify({ ...ctx, iat, exp: iat + 60, ...override }));
    expect(verifyInternalContext(header, SECRET, NOW)).toEqual({ ok: false, code: 'INVALID_INTERNAL_CONTEXT' });
  });

  it('reports INVALID_INTERNAL_CONTEXT for a signed payload without an expiry', () => {
    const header = signRaw(JSON.stringify({ ...ctx, iat }));
    expect(verifyInternalContext(header, SECRET, NOW)).toEqual({ ok: false, code: 'INVALID_INTERNAL_CONTEXT' });
  });

  it('reports EXPIRED_INTERNAL_CONTEXT once the lifetime has passed', () => {
    const header = signInternalContext(ctx, SECRET, NOW, 60);
    expect(verifyInternalContext(header, SECRET, NOW + 61_000)).toEqual({ ok: false, code: 'EXPIRED_INTERNAL_CONTEXT' });
  });

  it('refuses a context signed for longer than a request lives (over 120 s), even before it expires', () => {
    expect(verifyInternalContext(signInternalContext(ctx, SECRET, NOW, 120), SECRET, NOW + 1_000).ok).toBe(true);
    const yearLong = signInternalContext(ctx, SECRET, NOW, 365 * 24 * 3_600);
    expect(verifyInternalContext(yearLong, SECRET, NOW + 1_000)).toEqual({ ok: false, code: 'INVALID_INTERNAL_CONTEXT' });
  });

  it('reports EXPIRED_INTERNAL_CONTEXT for a context issued in the future beyond the clock skew', () => {
    const header = signInternalContext(ctx, SECRET, NOW + 10_000);
    expect(verifyInternalContext(header, SECRET, NOW)).toEqual({ ok: false, code: 'EXPIRED_INTERNAL_CONTEXT' });
  });

  it('tolerates a few seconds of clock skew between gateway and subgraph', () => {
    const header = signInternalContext(ctx, SECRET, NOW + 5_000);
    expect(verifyInternalContext(header, SECRET, NOW).ok).toBe(true);
  });
});

describe('hasAnyRole', () => {
  it('is true when the caller holds one of the roles', () => {
    expect(hasAnyRole({ roles: ['agent', 'analyst'] }, ['analyst', 'platform_admin'])).toBe(true);
  });

  it('is false when the caller holds none of the roles', () => {
    expect(hasAnyRole({ roles: ['agent'] }, ['partner_admin', 'platform_admin'])).toBe(false);
  });

  it('is false when no roles are asked for', () => {
    expect(hasAnyRole({ roles: ['platform_admin'] }, [])).toBe(false);
  });
});
