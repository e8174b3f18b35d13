import type express from 'express';
import { BLOB_TOKEN_HEADER, verifyBlobRequest } from '@ekyc/internal-context';
import type { Logger } from '@ekyc/logger';

export const BLOB_ROUTE = '/internal/blobs/:ref';

/** Loads one stored image of one tenant by the reference the service handed out; null when it has none. */
export type BlobSource = (tenantId: string, ref: string) => Promise<{ bytes: Buffer; contentType: string } | null>;

const REF = /^[a-z][a-z0-9-]{0,31}:[A-Za-z0-9_-]{1,128}$/;

/**
 * `GET /internal/blobs/:ref` for the other services: the images a service owns, served only on a short-lived
 * token signed with the internal secret for this tenant and this reference (see `signBlobRequest`).
 */
export function blobHandler(options: { blobs: BlobSource; contextSecret: string; log: Logger }): express.RequestHandler {
  return async (req, res) => {
    const ref = String(req.params['ref'] ?? '');
    const header = req.headers[BLOB_TOKEN_HEADER];
    const verified = verifyBlobRequest(Array.isArray(header) ? header[0] : header, ref, options.contextSecret);
    res.set('cache-control', 'no-store');
    if (!verified.ok) {
      res.status(401).json({ code: verified.code });
      return;
    }
    if (!REF.test(ref)) {
      res.status(404).json({ code: 'BLOB_NOT_FOUND' });
      return;
    }
    try {
      const blob = await options.blobs(verified.tenantId, ref);
      if (!blob) {
        res.status(404).json({ code: 'BLOB_NOT_FOUND' });
        return;
      }
      res.status(200).type(blob.contentType).send(blob.bytes);
    } catch (err) {
      // Stored but not openable with this service's keys (PII_KEY_UNKNOWN, PII_DECRYPTION_FAILED): retrying will not help.
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('PII_')) {
        options.log.warn({ ref, code }, 'stored blob cannot be opened with the configured keys');
        res.status(422).json({ code: 'BLOB_UNREADABLE', reason: code });
        return;
      }
      options.log.error({ err: (err as Error).message }, 'blob could not be loaded');
      res.status(500).json({ code: 'BLOB_UNAVAILABLE' });
    }
  };
}
