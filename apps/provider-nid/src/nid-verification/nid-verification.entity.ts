import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type NidVerificationStatusValue = 'awaiting_submission' | 'in_progress' | 'verified' | 'mismatch' | 'unavailable' | 'failed';

@Entity({ name: 'nid_verifications' })
export class NidVerificationRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'application_id' })
  applicationId!: string;

  @Column('text')
  status!: NidVerificationStatusValue;

  @Column('integer')
  attempts!: number;

  @Column('timestamptz', { name: 'last_attempt_at', nullable: true })
  lastAttemptAt!: Date | null;

  @Column('text', { name: 'last_error_code', nullable: true })
  lastErrorCode!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
