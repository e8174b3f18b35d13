import type { EntityManager } from 'typeorm';
import type { PiiCipher } from '@ekyc/crypto';
import { loadSealedBlob, storeSealedBlob, type Blob } from '@ekyc/db';
import { EcPhotoRecord } from './ec-photo.entity';

const REF_PREFIX = 'ec-photo:';

export const ecPhotoRef = (sha256: string): string => `${REF_PREFIX}${sha256}`;

/** Stores the photo encrypted, once per content hash, and returns the reference events carry. */
export async function storeEcPhoto(manager: EntityManager, cipher: PiiCipher, tenantId: string, photo: Blob): Promise<string> {
  return ecPhotoRef(await storeSealedBlob(manager, EcPhotoRecord, cipher, tenantId, photo));
}

export async function loadEcPhoto(manager: EntityManager, cipher: PiiCipher, tenantId: string, ref: string): Promise<Blob | null> {
  if (!ref.startsWith(REF_PREFIX)) return null;
  return loadSealedBlob(manager, EcPhotoRecord, cipher, tenantId, ref.slice(REF_PREFIX.length));
}
