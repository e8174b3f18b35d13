import type { DataSource } from 'typeorm';
import type { InternalContext } from '@ekyc/internal-context';
import { TenantSettingsRecord } from './tenant-settings.entity';

export interface TenantSettings {
  tenantId: string;
  agentsSeeAllSubmissions: boolean;
  updatedAt: Date | null;
}

export class TenantSettingsService {
  constructor(private readonly deps: { ds: DataSource }) {}

  async get(tenantId: string): Promise<TenantSettings> {
    const record = await this.deps.ds.manager.findOneBy(TenantSettingsRecord, { tenantId });
    return { tenantId, agentsSeeAllSubmissions: record?.agentsSeeAllSubmissions ?? false, updatedAt: record?.updatedAt ?? null };
  }

  async update(auth: InternalContext, tenantId: string, change: { agentsSeeAllSubmissions: boolean }): Promise<TenantSettings> {
    const updatedAt = new Date();
    await this.deps.ds.manager.upsert(
      TenantSettingsRecord,
      { tenantId, agentsSeeAllSubmissions: change.agentsSeeAllSubmissions, updatedAt, updatedBy: auth.userId },
      ['tenantId'],
    );
    return { tenantId, agentsSeeAllSubmissions: change.agentsSeeAllSubmissions, updatedAt };
  }
}
