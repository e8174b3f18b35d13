import type { EntityManager, EntityTarget } from 'typeorm';
import { sha256Hex, type PiiCipher } from '@ekyc/crypto';

/** Columns of a table that keeps binary content (photos, ID images) encrypted, once per tenant and content hash. */
export interface SealedBlobRow {
  tenantId: string;
  sha256: string;
  contentType: string;
  sizeBytes: number;
  contentEnc: Buffer;
  createdAt: Date;
}

export interface Blob {
  bytes: Buffer;
  contentType: string;
}

/** Stores the content encrypted under the tenant unless that tenant already has it; returns its SHA-256. */
export async function storeSealedBlob(
  manager: EntityManager,
  target: EntityTarget<SealedBlobRow>,
  cipher: Pick<PiiCipher, 'encryptBytes'>,
  tenantId: string,
  blob: Blob,
): Promise<string> {
  const sha256 = sha256Hex(blob.bytes);
  const contentEnc = cipher.encryptBytes(blob.bytes, tenantId);
  // One statement: a new image is inserted; one stored before under an older key (or one this service no longer has) is
  // re-sealed with the same content, so a content-addressed image never stays unreadable once it is uploaded again. A
  // row already under the current key (its first 8 bytes: magic and key id) is left alone.
  const table = manager.getRepository(target).metadata.tablePath;
  await manager.query(
    `INSERT INTO ${table
      .split('.')
      .map((part) => `"${part}"`)
      .join('.')} AS b (tenant_id, sha256, content_type, size_bytes, content_enc, created_at)
     VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT (tenant_id, sha256) DO UPDATE SET content_enc = EXCLUDED.content_enc
      WHERE substring(b.content_enc from 1 for 8) <> substring(EXCLUDED.content_enc from 1 for 8)`,
    [tenantId, sha256, blob.contentType, blob.bytes.length, contentEnc],
  );
  return sha256;
}

export async function loadSealedBlob(
  manager: EntityManager,
  target: EntityTarget<SealedBlobRow>,
  cipher: Pick<PiiCipher, 'decryptBytes'>,
  tenantId: string,
  sha256: string,
): Promise<Blob | null> {
  const row = await manager.findOneBy(target, { tenantId, sha256 });
  return row && { bytes: cipher.decryptBytes(row.contentEnc, tenantId), contentType: row.contentType };
}
