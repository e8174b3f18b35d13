import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { BLOB_TOKEN_HEADER, signBlobRequest } from '@ekyc/internal-context';
import { createLogger } from '@ekyc/logger';
import { BLOB_ROUTE, blobHandler, type BlobSource } from './blob-route';

const SECRET = 'internal-context-secret-of-32-chars!';
const TENANT = '3f0b6b1e-2f7a-4c53-9d1e-6a2b8c4d5e6f';
const OTHER = '9b2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7b';
const REF = `doc-image:${'a'.repeat(64)}`;
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

let server: http.Server;
let base: string;
const asked: Array<[string, string]> = [];
const blobs: BlobSource = async (tenantId, ref) => {
  asked.push([tenantId, ref]);
  if (ref === 'doc-image:broken') throw new Error('database down');
  return tenantId === TENANT && ref === REF ? { bytes: JPEG, contentType: 'image/jpeg' } : null;
};

beforeAll(async () => {
  const app = express();
  app.get(BLOB_ROUTE, blobHandler({ blobs, contextSecret: SECRET, log: createLogger({ service: 'test', level: 'silent' }) }));
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => asked.splice(0));

const get = (ref: string, token?: string) =>
  fetch(`${base}/internal/blobs/${encodeURIComponent(ref)}`, { headers: token ? { [BLOB_TOKEN_HEADER]: token } : {} });

describe('GET /internal/blobs/:ref', () => {
  it('serves the bytes for a valid token, asking the source with the signed tenant', async () => {
    const res = await get(REF, signBlobRequest({ tenantId: TENANT, ref: REF }, SECRET));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(JPEG);
    expect(asked).toEqual([[TENANT, REF]]);
  });

  it('answers 401 without a token, with a bad one, or with one for another reference, and never asks the source', async () => {
    expect((await get(REF)).status).toBe(401);
    expect((await get(REF, 'garbage')).status).toBe(401);
    const other = await get(REF, signBlobRequest({ tenantId: TENANT, ref: 'doc-image:other' }, SECRET));
    expect(other.status).toBe(401);
    expect(await other.json()).toEqual({ code: 'INVALID_BLOB_TOKEN' });
    expect((await get(REF, signBlobRequest({ tenantId: TENANT, ref: REF }, 'another-secret-that-is-32-chars-long'))).status).toBe(401);
    expect(asked).toEqual([]);
  });

  it("answers 404 for a reference another tenant owns: the token's tenant is the only one asked", async () => {
    const res = await get(REF, signBlobRequest({ tenantId: OTHER, ref: REF }, SECRET));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 'BLOB_NOT_FOUND' });
    expect(asked).toEqual([[OTHER, REF]]);
  });

  it('answers 404 for a malformed reference and 500 when the source fails', async () => {
    const weird = '../../etc/passwd';
    expect((await get(weird, signBlobRequest({ tenantId: TENANT, ref: weird }, SECRET))).status).toBe(404);
    const broken = await get('doc-image:broken', signBlobRequest({ tenantId: TENANT, ref: 'doc-image:broken' }, SECRET));
    expect(broken.status).toBe(500);
    expect(await broken.json()).toEqual({ code: 'BLOB_UNAVAILABLE' });
  });
});
