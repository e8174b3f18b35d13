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
export async function storeSealedBlob(manager: EntityManager, target: EntityTarget<SealedBlobRow>, cipher: Pick<PiiCipher, 'encryptBytes'>, tenantId: string, blob: Blob): Promise<string> {
  const sha256 = sha256Hex(blob.bytes);
  const contentEnc = cipher.encryptBytes(blob.bytes, tenantId);
  await manager
    .createQueryBuilder()
    .insert()
    .into(target)
    .values({ tenantId, sha256, contentType: blob.contentType, sizeBytes: blob.bytes.length, contentEnc, createdAt: new Date() })
    .orIgnore()
    .execute();
  // Stored before under an older key (or one this service no longer has): the same content, sealed now, replaces it, so a
  // content-addressed image never stays unreadable once it is uploaded again. A row under the current key is left alone.
  await manager
    .createQueryBuilder()
    .update(target)
    .set({ contentEnc })
    .where('tenant_id = :tenantId AND sha256 = :sha256 AND substring(content_enc from 1 for 8) <> :prefix', { tenantId, sha256, prefix: contentEnc.subarray(0, 8) })
    .execute();
  return sha256;
}

export async function loadSealedBlob(manager: EntityManager, target: EntityTarget<SealedBlobRow>, cipher: Pick<PiiCipher, 'decryptBytes'>, tenantId: string, sha256: string): Promise<Blob | null> {
  const row = await manager.findOneBy(target, { tenantId, sha256 });
  return row && { bytes: cipher.decryptBytes(row.contentEnc, tenantId), contentType: row.contentType };
}
