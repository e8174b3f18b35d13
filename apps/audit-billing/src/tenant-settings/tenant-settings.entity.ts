import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant's audit-billing settings; absent means the defaults. */
@Entity({ name: 'tenant_settings' })
export class TenantSettingsRecord {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('boolean', { name: 'agents_see_all_submissions' })
  agentsSeeAllSubmissions!: boolean;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  @Column('text', { name: 'updated_by' })
  updatedBy!: string;
}
