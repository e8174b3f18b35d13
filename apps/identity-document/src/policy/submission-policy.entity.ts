import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'submission_policies' })
export class SubmissionPolicyRecord {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('integer', { name: 'minimum_age', nullable: true })
  minimumAge!: number | null;

  @Column('text', { name: 'blacklisted_countries', array: true })
  blacklistedCountries!: string[];

  @Column('integer', { name: 'approve_period_days', nullable: true })
  approvePeriodDays!: number | null;

  @Column('integer', { name: 'reject_period_days', nullable: true })
  rejectPeriodDays!: number | null;

  @Column('boolean', { name: 'reject_duplicate_user' })
  rejectDuplicateUser!: boolean;

  @Column('boolean', { name: 'require_face_match' })
  requireFaceMatch!: boolean;

  @Column('boolean', { name: 'require_liveness' })
  requireLiveness!: boolean;

  @Column('boolean', { name: 'four_eyes_duplicates' })
  fourEyesDuplicates!: boolean;

  @Column('text', { name: 'updated_by' })
  updatedBy!: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
