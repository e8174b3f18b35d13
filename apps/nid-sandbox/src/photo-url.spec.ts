import { amzDate, checkPhotoUrl, photoIdOf, s3ErrorXml, signPhotoUrl } from './photo-url';

const secret = 'test-secret';
const signedAt = Date.parse('2025-08-10T05:55:29Z');
const photoId = photoIdOf('5090424675');

const check = (url: string, now: number, key = secret) => {
  const parsed = new URL(url);
  return checkPhotoUrl({ pathname: parsed.pathname, query: parsed.searchParams, now, secret: key });
};

describe('presigned photo URLs', () => {
  const url = signPhotoUrl({ publicUrl: 'https://nid.example/', photoId, now: signedAt, secret });

  it('are shaped like the contract sample', () => {
    expect(photoId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(url).toMatch(
      new RegExp(
        `^https://nid\\.example/file-bb/[0-9a-f]/[0-9a-f]/[0-9a-f]/${photoId}/Photo-${photoId}\\.jpg\\?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=fileobj%2F20250810%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20250810T055529Z&X-Amz-Expires=120&X-Amz-SignedHeaders=host&X-Amz-Signature=[0-9a-f]{64}$`,
      ),
    );
    expect(amzDate(signedAt)).toBe('20250810T055529Z');
  });

  it('are valid for 120 seconds by the given clock', () => {
    expect(check(url, signedAt)).toEqual({ ok: true, photoId });
    expect(check(url, signedAt + 120_000)).toEqual({ ok: true, photoId });
    expect(check(url, signedAt + 121_000)).toEqual({ ok: false, code: 'AccessDenied', message: 'Request has expired', expiredAt: signedAt + 120_000 });
  });

  it('refuse any change to the path, the query or the key', () => {
    expect(check(url, signedAt, 'other-secret')).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    expect(check(url.replace('X-Amz-Expires=120', 'X-Amz-Expires=99999'), signedAt)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    expect(check(url.replace('20250810T055529Z', '20250810T065529Z'), signedAt)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    const other = photoIdOf('1111111111');
    expect(check(url.replaceAll(photoId, other), signedAt)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    expect(check(url.replace(/X-Amz-Signature=[0-9a-f]+/, ''), signedAt)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
  });

  it('are refused with an S3-style XML error', () => {
    const xml = s3ErrorXml({ ok: false, code: 'AccessDenied', message: 'Request has expired', expiredAt: signedAt + 120_000 }, signedAt + 200_000, 'R1');
    expect(xml).toContain(
      '<Error><Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>120</X-Amz-Expires><Expires>2025-08-10T05:57:29Z</Expires>',
    );
  });
});
