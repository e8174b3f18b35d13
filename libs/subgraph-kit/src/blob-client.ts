import { BLOB_TOKEN_HEADER, signBlobRequest } from '@ekyc/internal-context';

export interface FetchedBlob {
  bytes: Buffer;
  contentType: string;
}

export type BlobFetchErrorCode = 'BLOB_NOT_FOUND' | 'BLOB_UNAUTHORIZED' | 'BLOB_UNAVAILABLE' | 'BLOB_TOO_LARGE' | 'BLOB_UNREADABLE';
export type BlobFetchResult = { ok: true; blob: FetchedBlob } | { ok: false; code: BlobFetchErrorCode; message: string };

export interface BlobClientOptions {
  /** INTERNAL_CONTEXT_SECRET: signs each request for one tenant and one reference. */
  secret: string;
  timeoutMs: number;
  maxAttempts: number;
  /** First pause between attempts; doubles each time. */
  retryDelayMs?: number;
  maxBytes?: number;
}

export type FetchBlob = (baseUrl: string, tenantId: string, ref: string) => Promise<BlobFetchResult>;

const MAX_BYTES = 10 * 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Fetches a stored image from the service that owns it (`GET <baseUrl>/internal/blobs/:ref`). Server errors,
 * timeouts and network failures are retried; a 404 or 401 is an answer, never retried.
 */
export function createBlobClient(options: BlobClientOptions): FetchBlob {
  const maxBytes = options.maxBytes ?? MAX_BYTES;
  const retryDelayMs = options.retryDelayMs ?? 200;

  async function once(baseUrl: string, tenantId: string, ref: string): Promise<BlobFetchResult & { retry?: boolean }> {
    const token = signBlobRequest({ tenantId, ref }, options.secret);
    let res: Response;
    try {
      res = await fetch(`${baseUrl}/internal/blobs/${encodeURIComponent(ref)}`, {
        headers: { [BLOB_TOKEN_HEADER]: token },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : (err as Error).message;
      return { ok: false, code: 'BLOB_UNAVAILABLE', message: `${baseUrl}: ${reason}`, retry: true };
    }
    if (res.status === 200) {
      const declared = Number(res.headers.get('content-length') ?? 0);
      if (declared > maxBytes) {
        await res.body?.cancel();
        return { ok: false, code: 'BLOB_TOO_LARGE', message: `${ref} is ${declared} bytes, above ${maxBytes}` };
      }
      const bytes = Buffer.from(await res.arrayBuffer());
      if (bytes.length > maxBytes) return { ok: false, code: 'BLOB_TOO_LARGE', message: `${ref} is above ${maxBytes} bytes` };
      return { ok: true, blob: { bytes, contentType: res.headers.get('content-type') ?? 'application/octet-stream' } };
    }
    await res.body?.cancel();
    if (res.status === 404) return { ok: false, code: 'BLOB_NOT_FOUND', message: `${ref} is not stored for this tenant` };
    if (res.status === 422) return { ok: false, code: 'BLOB_UNREADABLE', message: `${ref} is stored but ${baseUrl} cannot open it with its keys` };
    if (res.status === 401 || res.status === 403)
      return { ok: false, code: 'BLOB_UNAUTHORIZED', message: `${baseUrl} refused the signed request (${res.status}): is INTERNAL_CONTEXT_SECRET the same?` };
    return { ok: false, code: 'BLOB_UNAVAILABLE', message: `${baseUrl} answered ${res.status}`, retry: res.status >= 500 };
  }

  return async (baseUrl, tenantId, ref) => {
    let result: BlobFetchResult & { retry?: boolean } = { ok: false, code: 'BLOB_UNAVAILABLE', message: 'not attempted' };
    for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
      result = await once(baseUrl, tenantId, ref);
      if (result.ok || !result.retry) break;
      if (attempt < options.maxAttempts) await sleep(retryDelayMs * 2 ** (attempt - 1));
    }
    if (!result.ok) return { ok: false, code: result.code, message: result.message };
    return result;
  };
}

/**
 * Which service stores which references, by the prefix before the colon: the consuming app says it, e.g.
 * `{ 'doc-image': identityDocumentUrl, 'ec-photo': providerNidUrl }`.
 */
export type BlobOwners = Readonly<Record<string, string>>;

/** The base URL of the service that stores a reference, or null when no listed service stores references like it. */
export function blobOwner(ref: string, owners: BlobOwners): string | null {
  const colon = ref.indexOf(':');
  if (colon <= 0) return null;
  const prefix = ref.slice(0, colon);
  return Object.hasOwn(owners, prefix) ? (owners[prefix] ?? null) : null;
}

/** Fetches each reference from the service that stores it; a reference no listed service stores is `BLOB_NOT_FOUND`. */
export function routeBlobFetches(fetchBlob: FetchBlob, owners: BlobOwners): (tenantId: string, ref: string) => Promise<BlobFetchResult> {
  return (tenantId, ref) => {
    const owner = blobOwner(ref, owners);
    if (owner) return fetchBlob(owner, tenantId, ref);
    return Promise.resolve({ ok: false, code: 'BLOB_NOT_FOUND', message: `no service stores references like ${ref.split(':')[0]}` });
  };
}
