import type { DataSource, EntityManager } from 'typeorm';
import type { KycEvent } from '@ekyc/event-schemas';
import { FaceMatchRecord } from './face-match.entity';
import { FaceMatch, FaceMatchStatus } from './face-match.type';

export class FaceMatchService {
  constructor(private readonly deps: { ds: DataSource }) {}

  /** Every new application gets a record, so its state is visible before submission. */
  async track(manager: EntityManager, event: KycEvent<'application.created'>): Promise<void> {
    const now = new Date(event.occurredAt);
    await manager
      .createQueryBuilder()
      .insert()
      .into(FaceMatchRecord)
      .values({ tenantId: event.tenantId, applicationId: event.data.applicationId, status: 'awaiting_images', attempts: 0, createdAt: now, updatedAt: now })
      .orIgnore()
      .execute();
  }

  async forApplication(tenantId: string, applicationId: string): Promise<FaceMatch | null> {
    const record = await this.deps.ds.manager.findOneBy(FaceMatchRecord, { tenantId, applicationId });
    return record && toFaceMatch(record);
  }
}

function toFaceMatch(record: FaceMatchRecord): FaceMatch {
  return Object.assign(new FaceMatch(), {
    status: FaceMatchStatus[record.status],
    attempts: record.attempts,
    lastAttemptAt: record.lastAttemptAt,
    lastErrorCode: record.lastErrorCode,
    updatedAt: record.updatedAt,
  });
}
