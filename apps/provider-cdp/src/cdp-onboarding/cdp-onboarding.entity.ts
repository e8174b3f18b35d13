import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type CdpOnboardingStatusValue = 'awaiting_verification' | 'not_eligible' | 'in_progress' | 'onboarded' | 'existing' | 'blocked' | 'under_investigation' | 'failed';

@Entity({ name: 'cdp_onboardings' })
export class CdpOnboardingRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'application_id' })
  applicationId!: string;

  @Column('text')
  status!: CdpOnboardingStatusValue;

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
