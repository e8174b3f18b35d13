import { Column, Entity, PrimaryColumn } from 'typeorm';

export type NidCredentialStatusValue = 'active' | 'password_expired' | 'invalid_credentials' | 'sla_not_assigned';

/** A tenant's NID partner-service account; the password is encrypted with the tenant as associated data. */
@Entity({ name: 'nid_credentials' })
export class NidCredentialRecord {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('text')
  username!: string;

  @Column('text', { name: 'password_enc' })
  passwordEnc!: string;

  /** A new password sent to the service whose outcome is not yet known; adopted if the old one stops working. */
  @Column('text', { name: 'pending_password_enc', nullable: true })
  pendingPasswordEnc!: string | null;

  @Column('text')
  status!: NidCredentialStatusValue;

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
