import type { EntityManager } from 'typeorm';
import { sha256Hex, type PiiCipher } from '@ekyc/crypto';
import { EcPhotoRecord } from './ec-photo.entity';

const REF_PREFIX = 'ec-photo:';

export const ecPhotoRef = (sha256: string): string => `${REF_PREFIX}${sha256}`;

/** Stores the photo encrypted, once per content hash, and returns the reference events carry. */
export async function storeEcPhoto(manager: EntityManager, cipher: PiiCipher, tenantId: string, photo: { bytes: Buffer; contentType: string }): Promise<string> {
  const sha256 = sha256Hex(photo.bytes);
  await manager
    .createQueryBuilder()
    .insert()
    .into(EcPhotoRecord)
    .values({
      tenantId,
      sha256,
      contentType: photo.contentType,
      sizeBytes: photo.bytes.length,
      contentEnc: cipher.encryptBytes(photo.bytes, tenantId),
      createdAt: new Date(),
    })
    .orIgnore()
    .execute();
  return ecPhotoRef(sha256);
}

export async function loadEcPhoto(manager: EntityManager, cipher: PiiCipher, tenantId: string, ref: string): Promise<{ bytes: Buffer; contentType: string } | null> {
  if (!ref.startsWith(REF_PREFIX)) return null;
  const record = await manager.findOneBy(EcPhotoRecord, { tenantId, sha256: ref.slice(REF_PREFIX.length) });
  return record && { bytes: cipher.decryptBytes(record.contentEnc, tenantId), contentType: record.contentType };
}
