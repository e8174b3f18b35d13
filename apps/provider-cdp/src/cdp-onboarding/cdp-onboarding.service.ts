import type { DataSource, EntityManager } from 'typeorm';
import type { KycEvent } from '@ekyc/event-schemas';
import { CdpOnboardingRecord } from './cdp-onboarding.entity';
import { CdpOnboarding, CdpOnboardingStatus } from './cdp-onboarding.type';

export class CdpOnboardingService {
  constructor(private readonly deps: { ds: DataSource }) {}

  /** Every new application gets a record, so its state is visible before submission. */
  async track(manager: EntityManager, event: KycEvent<'application.created'>): Promise<void> {
    const now = new Date(event.occurredAt);
    await manager
      .createQueryBuilder()
      .insert()
      .into(CdpOnboardingRecord)
      .values({ tenantId: event.tenantId, applicationId: event.data.applicationId, status: 'awaiting_verification', attempts: 0, createdAt: now, updatedAt: now })
      .orIgnore()
      .execute();
  }

  async forApplication(tenantId: string, applicationId: string): Promise<CdpOnboarding | null> {
    const record = await this.deps.ds.manager.findOneBy(CdpOnboardingRecord, { tenantId, applicationId });
    return record && toCdpOnboarding(record);
  }
}

function toCdpOnboarding(record: CdpOnboardingRecord): CdpOnboarding {
  return Object.assign(new CdpOnboarding(), {
    status: CdpOnboardingStatus[record.status],
    attempts: record.attempts,
    lastAttemptAt: record.lastAttemptAt,
    lastErrorCode: record.lastErrorCode,
    updatedAt: record.updatedAt,
  });
}
