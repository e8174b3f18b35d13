import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ApplicationStatusValue = 'draft' | 'pending' | 'passed' | 'failed' | 'invalid';
export type ApplicationChannelValue = 'agent' | 'self_service' | 'api';

/** Storage shape: PII columns hold ciphertext (`*_enc`) and a keyed hash for lookups (`*_idx`). */
@Entity({ name: 'applications' })
export class ApplicationRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('text')
  status!: ApplicationStatusValue;

  @Column('text')
  channel!: ApplicationChannelValue;

  @Column('text', { name: 'mobile_number_enc' })
  mobileNumberEnc!: string;

  @Column('text', { name: 'mobile_number_idx' })
  mobileNumberIdx!: string;

  @Column('text', { name: 'idempotency_key', nullable: true })
  idempotencyKey!: string | null;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
