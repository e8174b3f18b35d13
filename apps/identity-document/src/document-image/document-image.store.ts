import type { EntityManager } from 'typeorm';
import type { PiiCipher } from '@ekyc/crypto';
import { loadSealedBlob, storeSealedBlob, type Blob } from '@ekyc/db';
import { DocumentImageRecord } from './document-image.entity';

const REF_PREFIX = 'doc-image:';

/** Stores the image encrypted and returns the reference rows and events carry (never the image). */
export async function storeDocumentImage(manager: EntityManager, cipher: PiiCipher, tenantId: string, image: Blob): Promise<string> {
  return `${REF_PREFIX}${await storeSealedBlob(manager, DocumentImageRecord, cipher, tenantId, image)}`;
}

export async function loadDocumentImage(manager: EntityManager, cipher: PiiCipher, tenantId: string, ref: string): Promise<Blob | null> {
  if (!ref.startsWith(REF_PREFIX)) return null;
  return loadSealedBlob(manager, DocumentImageRecord, cipher, tenantId, ref.slice(REF_PREFIX.length));
}
