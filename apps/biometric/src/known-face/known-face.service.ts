import type { EntityManager } from 'typeorm';
import type { PiiCipher } from '@ekyc/crypto';
import type { CompareFaces } from '@ekyc/face-engine';
import type { Logger } from '@ekyc/logger';
import { openDescriptor } from './descriptor-seal';
import { KnownFaceRecord } from './known-face.entity';

export interface KnownFaceHit {
  applicationId: string;
  similarity: number;
}

/**
 * The tenant's gallery of passed applicants' selfies. A search decrypts and compares every entry of the
 * tenant: linear in the gallery (~0.1 ms per face), fine for tens of thousands; an index (e.g. pgvector over
 * a keyed projection) is the next step past that.
 */
export class KnownFaceService {
  constructor(private readonly deps: { cipher: PiiCipher; compare: CompareFaces; log: Logger }) {}

  /** Adds a passed application's selfie once; a redelivery or a second path to the same application changes nothing. */
  async add(manager: EntityManager, entry: { tenantId: string; applicationId: string; nidIdx: string | null; descriptorEnc: Buffer }): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(KnownFaceRecord)
      .values({ ...entry, createdAt: new Date() })
      .orIgnore()
      .execute();
  }

  /**
   * The most similar known face at or above `accept` that belongs to another application under another NID;
   * the same person applying again under their own NID is not a duplicate.
   */
  async findDuplicate(
    manager: EntityManager,
    query: { tenantId: string; applicationId: string; nidIdx: string | null; descriptor: number[]; accept: number },
  ): Promise<KnownFaceHit | null> {
    const rows = await manager
      .createQueryBuilder(KnownFaceRecord, 'k')
      .where('k.tenant_id = :tenantId AND k.application_id <> :applicationId', { tenantId: query.tenantId, applicationId: query.applicationId })
      .getMany();
    let best: KnownFaceHit | null = null;
    for (const row of rows) {
      if (query.nidIdx !== null && row.nidIdx === query.nidIdx) continue;
      let descriptor: number[];
      try {
        descriptor = openDescriptor(this.deps.cipher, row.tenantId, row.descriptorEnc);
      } catch {
        this.deps.log.warn({ applicationId: row.applicationId }, 'known face could not be decrypted; skipped');
        continue;
      }
      if (descriptor.length !== query.descriptor.length) continue;
      const similarity = Math.round(this.deps.compare(query.descriptor, descriptor) * 10_000) / 10_000;
      if (similarity >= query.accept && (!best || similarity > best.similarity)) best = { applicationId: row.applicationId, similarity };
    }
    return best;
  }
}
