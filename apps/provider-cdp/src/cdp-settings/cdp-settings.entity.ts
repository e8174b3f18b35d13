import { Column, Entity, PrimaryColumn } from 'typeorm';

export type CdpSettingsStatusValue = 'active' | 'invalid_credentials';

/** A tenant's CDP client: the secret is encrypted with the tenant as associated data. */
@Entity({ name: 'cdp_settings' })
export class CdpSettingsRecord {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId!: string;

  /** Onboard passed applications automatically; manual onboarding works either way. */
  @Column('boolean')
  enabled!: boolean;

  @Column('text', { name: 'client_id' })
  clientId!: string;

  @Column('text', { name: 'client_secret_enc' })
  clientSecretEnc!: string;

  @Column('text')
  status!: CdpSettingsStatusValue;

  @Column('text', { name: 'status_reason', nullable: true })
  statusReason!: string | null;

  @Column('timestamptz', { name: 'status_changed_at' })
  statusChangedAt!: Date;

  @Column('text', { name: 'updated_by' })
  updatedBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
