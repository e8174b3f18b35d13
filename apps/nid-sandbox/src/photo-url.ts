import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { NID_PHOTO_URL_TTL_SECONDS } from '@ekyc/provider-contracts';

export const PHOTO_PATH_PREFIX = '/file-bb';
const REGION = 'us-east-1';

/** A stable object id per citizen, shaped like the contract's (`Photo-<uuid>.jpg`). */
export function photoIdOf(nid10: string): string {
  const hex = createHash('sha256').update(`nid-sandbox-photo:${nid10}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function photoPathOf(photoId: string): string {
  const shard = createHash('sha256').update(photoId).digest('hex');
  return `${PHOTO_PATH_PREFIX}/${shard[0]}/${shard[1]}/${shard[2]}/${photoId}/Photo-${photoId}.jpg`;
}

/** `20250810T055529Z`, the X-Amz-Date form. */
export function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function fromAmzDate(value: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : null;
}

function signature(secret: string, pathname: string, credential: string, date: string, expires: string): string {
  return createHmac('sha256', secret).update(`GET\n${pathname}\n${credential}\n${date}\n${expires}\nhost`).digest('hex');
}

/** A presigned URL like the EC's S3 links: valid for NID_PHOTO_URL_TTL_SECONDS from `now`. */
export function signPhotoUrl(args: { publicUrl: string; photoId: string; now: number; secret: string }): string {
  const pathname = photoPathOf(args.photoId);
  const date = amzDate(args.now);
  const credential = `fileobj/${date.slice(0, 8)}/${REGION}/s3/aws4_request`;
  const expires = String(NID_PHOTO_URL_TTL_SECONDS);
  const query = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': credential,
    'X-Amz-Date': date,
    'X-Amz-Expires': expires,
    'X-Amz-SignedHeaders': 'host',
    'X-Amz-Signature': signature(args.secret, pathname, credential, date, expires),
  });
  return `${args.publicUrl.replace(/\/+$/, '')}${pathname}?${query.toString()}`;
}

export type PhotoUrlCheck = { ok: true; photoId: string } | { ok: false; code: 'AccessDenied' | 'SignatureDoesNotMatch'; message: string; expiredAt?: number };

const PHOTO_PATH = new RegExp(`^${PHOTO_PATH_PREFIX}/[0-9a-f]/[0-9a-f]/[0-9a-f]/([0-9a-f-]{36})/Photo-([0-9a-f-]{36})\\.jpg$`);
const BAD_SIGNATURE = 'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

/** Checks a presigned photo URL's signature, then its age against `now`. */
export function checkPhotoUrl(args: { pathname: string; query: URLSearchParams; now: number; secret: string }): PhotoUrlCheck {
  const { query } = args;
  const path = PHOTO_PATH.exec(args.pathname);
  const credential = query.get('X-Amz-Credential') ?? '';
  const date = query.get('X-Amz-Date') ?? '';
  const expires = query.get('X-Amz-Expires') ?? '';
  const given = Buffer.from(query.get('X-Amz-Signature') ?? '', 'utf8');
  const expected = Buffer.from(signature(args.secret, args.pathname, credential, date, expires), 'utf8');
  if (!path || path[1] !== path[2] || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, code: 'SignatureDoesNotMatch', message: BAD_SIGNATURE };
  }
  const signedAt = fromAmzDate(date);
  const ttl = Number(expires);
  if (signedAt === null || !Number.isInteger(ttl)) return { ok: false, code: 'SignatureDoesNotMatch', message: BAD_SIGNATURE };
  const expiredAt = signedAt + ttl * 1000;
  if (args.now > expiredAt) return { ok: false, code: 'AccessDenied', message: 'Request has expired', expiredAt };
  return { ok: true, photoId: path[1] as string };
}

const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The body S3 answers a refused presigned GET with. */
export function s3ErrorXml(check: Exclude<PhotoUrlCheck, { ok: true }> | { code: 'NoSuchKey'; message: string }, now: number, requestId: string): string {
  const extra =
    'expiredAt' in check && check.expiredAt !== undefined
      ? `<X-Amz-Expires>${NID_PHOTO_URL_TTL_SECONDS}</X-Amz-Expires><Expires>${isoSeconds(check.expiredAt)}</Expires><ServerTime>${isoSeconds(now)}</ServerTime>`
      : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${check.code}</Code><Message>${xmlEscape(check.message)}</Message>${extra}<RequestId>${requestId}</RequestId></Error>`;
}
