import { signBlobRequest, signInternalContext, verifyBlobRequest, verifyInternalContext } from './index';

const SECRET = 'internal-context-secret-of-32-chars!';
const NOW = Date.parse('2024-05-01T10:00:00.000Z');
const TENANT = '3f0b6b1e-2f7a-4c53-9d1e-6a2b8c4d5e6f';
const OTHER_TENANT = '9b2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7b';
const REF = `doc-image:${'a'.repeat(64)}`;

describe('blob request tokens', () => {
  it('verifies a token for the reference it was signed for and returns its tenant', () => {
    const token = signBlobRequest({ tenantId: TENANT, ref: REF }, SECRET, NOW);
    expect(verifyBlobRequest(token, REF, SECRET, NOW)).toEqual({ ok: true, tenantId: TENANT });
  });

  it('is bound to the reference: the token of one image does not read another', () => {
    const token = signBlobRequest({ tenantId: TENANT, ref: REF }, SECRET, NOW);
    expect(verifyBlobRequest(token, `doc-image:${'b'.repeat(64)}`, SECRET, NOW)).toEqual({ ok: false, code: 'INVALID_BLOB_TOKEN' });
  });

  it('is bound to the tenant: swapping the tenant in the token breaks the signature', () => {
    const token = signBlobRequest({ tenantId: TENANT, ref: REF }, SECRET, NOW);
    const swapped = token.replace(TENANT, OTHER_TENANT);
    expect(verifyBlobRequest(swapped, REF, SECRET, NOW)).toEqual({ ok: false, code: 'INVALID_BLOB_TOKEN' });
  });

  it('refuses a token signed with another secret', () => {
    const token = signBlobRequest({ tenantId: TENANT, ref: REF }, 'another-secret-that-is-32-chars-long', NOW);
    expect(verifyBlobRequest(token, REF, SECRET, NOW)).toEqual({ ok: false, code: 'INVALID_BLOB_TOKEN' });
  });

  it('expires: valid until its last second, refused after', () => {
    const token = signBlobRequest({ tenantId: TENANT, ref: REF }, SECRET, NOW, 30);
    expect(verifyBlobRequest(token, REF, SECRET, NOW + 30_000).ok).toBe(true);
    expect(verifyBlobRequest(token, REF, SECRET, NOW + 31_000)).toEqual({ ok: false, code: 'EXPIRED_BLOB_TOKEN' });
  });

  it('never issues a token for longer than 60 seconds', () => {
    const token = signBlobRequest({ tenantId: TENANT, ref: REF }, SECRET, NOW, 3_600);
    expect(Number(token.split('.')[1])).toBe(Math.floor(NOW / 1000) + 60);
    expect(verifyBlobRequest(token, REF, SECRET, NOW + 61_000)).toEqual({ ok: false, code: 'EXPIRED_BLOB_TOKEN' });
  });

  it('refuses a correctly signed token whose expiry lies further ahead than any signer issues', () => {
    // Signed with a clock an hour ahead: the expiry is valid HMAC-wise but too far in the future.
    const token = signBlobRequest({ tenantId: TENANT, ref: REF }, SECRET, NOW + 3_600_000);
    expect(verifyBlobRequest(token, REF, SECRET, NOW)).toEqual({ ok: false, code: 'EXPIRED_BLOB_TOKEN' });
  });

  it.each([
    ['no token', undefined, 'MISSING_BLOB_TOKEN'],
    ['an empty token', '', 'MISSING_BLOB_TOKEN'],
    ['two segments', `${TENANT}.123`, 'INVALID_BLOB_TOKEN'],
    ['four segments', `${TENANT}.123.abc.def`, 'INVALID_BLOB_TOKEN'],
    ['a tenant that is not a UUID', 'tenant-1.123.abc', 'INVALID_BLOB_TOKEN'],
    ['a non-numeric expiry', `${TENANT}.soon.abc`, 'INVALID_BLOB_TOKEN'],
  ])('refuses %s', (_label, token, code) => {
    expect(verifyBlobRequest(token, REF, SECRET, NOW)).toEqual({ ok: false, code });
  });

  it('a blob token is not a context header, and a context header is not a blob token', () => {
    const blobToken = signBlobRequest({ tenantId: TENANT, ref: REF }, SECRET, NOW);
    expect(verifyInternalContext(blobToken, SECRET, NOW).ok).toBe(false);
    const header = signInternalContext(
      { tenantId: TENANT, userId: OTHER_TENANT, roles: ['agent'], authKind: 'api_token', credentialId: 'c', requestId: 'r' },
      SECRET,
      NOW,
    );
    expect(verifyBlobRequest(header, REF, SECRET, NOW).ok).toBe(false);
  });

  it('refuses to sign for a tenant that is not a UUID', () => {
    expect(() => signBlobRequest({ tenantId: 'demo', ref: REF }, SECRET, NOW)).toThrow(RangeError);
  });
});
