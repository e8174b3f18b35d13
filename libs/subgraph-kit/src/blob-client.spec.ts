import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createLogger } from '@ekyc/logger';
import { BLOB_ROUTE, blobHandler } from './blob-route';
import { blobOwner, createBlobClient, routeBlobFetches } from './blob-client';

const SECRET = 'internal-context-secret-of-32-chars!';
const TENANT = '3f0b6b1e-2f7a-4c53-9d1e-6a2b8c4d5e6f';
const OTHER = '9b2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7b';
const REF = `ec-photo:${'c'.repeat(64)}`;
/** A reference whose stored bytes are sealed under a key the serving service lacks. */
const SEALED_ELSEWHERE = `ec-photo:${'d'.repeat(64)}`;
const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 9, 9, 9]);

let server: http.Server;
let base: string;
let failures = 0;
let failWith = 503;
let delayMs = 0;
let requests = 0;

beforeAll(async () => {
  const app = express();
  app.use((_req, res, next) => {
    requests++;
    if (failures > 0) {
      failures--;
      res.status(failWith).end();
      return;
    }
    setTimeout(next, delayMs);
  });
  app.get(
    BLOB_ROUTE,
    blobHandler({
      contextSecret: SECRET,
      log: createLogger({ service: 't', level: 'silent' }),
      blobs: async (t, r) => {
        if (r === SEALED_ELSEWHERE) throw Object.assign(new Error('sealed under key AbCdEfGh'), { code: 'PII_KEY_UNKNOWN' });
        return t === TENANT && r === REF ? { bytes: PHOTO, contentType: 'image/jpeg' } : null;
      },
    }),
  );
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  failures = 0;
  failWith = 503;
  delayMs = 0;
  requests = 0;
});

const client = createBlobClient({ secret: SECRET, timeoutMs: 300, maxAttempts: 3, retryDelayMs: 5 });

describe('fetchBlob', () => {
  it('fetches the bytes with a signed request', async () => {
    expect(await client(base, TENANT, REF)).toEqual({ ok: true, blob: { bytes: PHOTO, contentType: 'image/jpeg' } });
  });

  it('retries server errors and succeeds within its attempts', async () => {
    failures = 2;
    expect((await client(base, TENANT, REF)).ok).toBe(true);
    expect(requests).toBe(3);
  });

  it('gives up after its attempts with BLOB_UNAVAILABLE', async () => {
    failures = 5;
    expect(await client(base, TENANT, REF)).toMatchObject({ ok: false, code: 'BLOB_UNAVAILABLE' });
    expect(requests).toBe(3);
  });

  it('retries a timeout', async () => {
    delayMs = 1_000;
    expect(await client(base, TENANT, REF)).toMatchObject({ ok: false, code: 'BLOB_UNAVAILABLE', message: expect.stringContaining('no answer within 300 ms') });
    expect(requests).toBe(3);
  });

  it('does not retry a 404 or a refused signature', async () => {
    expect(await client(base, OTHER, REF)).toMatchObject({ ok: false, code: 'BLOB_NOT_FOUND' });
    expect(requests).toBe(1);
    const wrongSecret = createBlobClient({ secret: 'another-secret-that-is-32-chars-long', timeoutMs: 300, maxAttempts: 3, retryDelayMs: 5 });
    expect(await wrongSecret(base, TENANT, REF)).toMatchObject({ ok: false, code: 'BLOB_UNAUTHORIZED' });
    expect(requests).toBe(2);
  });

  it('reports a stored blob the service cannot open as BLOB_UNREADABLE, once, without retrying', async () => {
    expect(await client(base, TENANT, SEALED_ELSEWHERE)).toMatchObject({ ok: false, code: 'BLOB_UNREADABLE' });
    expect(requests).toBe(1);
  });

  it('does not retry a 4xx other than those', async () => {
    failures = 1;
    failWith = 400;
    expect(await client(base, TENANT, REF)).toMatchObject({ ok: false, code: 'BLOB_UNAVAILABLE' });
    expect(requests).toBe(1);
  });

  it('retries a refused connection', async () => {
    const closed = createBlobClient({ secret: SECRET, timeoutMs: 300, maxAttempts: 2, retryDelayMs: 5 });
    expect(await closed('http://127.0.0.1:1', TENANT, REF)).toMatchObject({ ok: false, code: 'BLOB_UNAVAILABLE' });
  });

  it('refuses a blob above the size limit', async () => {
    const small = createBlobClient({ secret: SECRET, timeoutMs: 300, maxAttempts: 1, maxBytes: 3 });
    expect(await small(base, TENANT, REF)).toMatchObject({ ok: false, code: 'BLOB_TOO_LARGE' });
  });
});

describe('blobOwner', () => {
  const owners = { 'doc-image': 'http://id', 'ec-photo': 'http://nid' };

  it('routes each reference to the service the consuming app says stores it', () => {
    expect(blobOwner('doc-image:abc', owners)).toBe('http://id');
    expect(blobOwner('ec-photo:abc', owners)).toBe('http://nid');
    expect(blobOwner('ec-photo:abc', { 'ec-photo': 'http://elsewhere' })).toBe('http://elsewhere');
  });

  it('owns nothing it was not told about', () => {
    expect(blobOwner('s3://bucket/x', owners)).toBeNull();
    expect(blobOwner('doc-image:abc', { 'ec-photo': 'http://nid' })).toBeNull();
    expect(blobOwner('constructor:abc', owners)).toBeNull();
    expect(blobOwner(':abc', owners)).toBeNull();
    expect(blobOwner('doc-imageabc', owners)).toBeNull();
  });
});

describe('routeBlobFetches', () => {
  it('fetches from the owner and answers BLOB_NOT_FOUND for a reference nobody stores, without a request', async () => {
    const asked: string[] = [];
    const images = routeBlobFetches(
      async (baseUrl, tenantId, ref) => {
        asked.push(`${baseUrl} ${tenantId} ${ref}`);
        return { ok: true, blob: { bytes: PHOTO, contentType: 'image/jpeg' } };
      },
      { 'ec-photo': 'http://nid' },
    );
    expect(await images(TENANT, REF)).toEqual({ ok: true, blob: { bytes: PHOTO, contentType: 'image/jpeg' } });
    expect(await images(TENANT, 'doc-image:abc')).toEqual({ ok: false, code: 'BLOB_NOT_FOUND', message: 'no service stores references like doc-image' });
    expect(asked).toEqual([`http://nid ${TENANT} ${REF}`]);
  });
});
