import type { DataSource, EntityManager } from 'typeorm';
import type { KycEvent } from '@ekyc/event-schemas';
import { NidVerificationRecord } from './nid-verification.entity';
import { NidVerification, NidVerificationStatus } from './nid-verification.type';

export class NidVerificationService {
  constructor(private readonly deps: { ds: DataSource }) {}

  /** Every new application gets a verification record, so its state is visible before submission. */
  async track(manager: EntityManager, event: KycEvent<'application.created'>): Promise<void> {
    const now = new Date(event.occurredAt);
    await manager
      .createQueryBuilder()
      .insert()
      .into(NidVerificationRecord)
      .values({ tenantId: event.tenantId, applicationId: event.data.applicationId, status: 'awaiting_submission', attempts: 0, createdAt: now, updatedAt: now })
      .orIgnore()
      .execute();
  }

  async forApplication(tenantId: string, applicationId: string): Promise<NidVerification | null> {
    const record = await this.deps.ds.manager.findOneBy(NidVerificationRecord, { tenantId, applicationId });
    return record && toNidVerification(record);
  }
}

function toNidVerification(record: NidVerificationRecord): NidVerification {
  return Object.assign(new NidVerification(), {
    status: NidVerificationStatus[record.status],
    attempts: record.attempts,
    lastAttemptAt: record.lastAttemptAt,
    lastErrorCode: record.lastErrorCode,
    updatedAt: record.updatedAt,
  });
}
