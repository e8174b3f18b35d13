import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type NidVerificationStatusValue =
  'awaiting_submission' | 'queued' | 'in_progress' | 'unavailable' | 'awaiting_credentials' | 'verified' | 'mismatch' | 'not_found' | 'rejected' | 'failed';

export const FINAL_STATUSES: readonly NidVerificationStatusValue[] = ['verified', 'mismatch', 'not_found', 'rejected', 'failed'];

export interface StoredFieldResult {
  field: string;
  matched: boolean;
}

/** One application's verification, and the work-queue entry that drives it (`next_attempt_at`, `lease_until`). */
@Entity({ name: 'nid_verifications' })
export class NidVerificationRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'application_id' })
  applicationId!: string;

  @Column('uuid', { name: 'submission_id', nullable: true })
  submissionId!: string | null;

  @Column('text')
  status!: NidVerificationStatusValue;

  @Column('text', { name: 'status_reason', nullable: true })
  statusReason!: string | null;

  /** The applicant as identity-document sealed it (PII key, tenant as associated data). */
  @Column('text', { name: 'applicant_sealed', nullable: true })
  applicantSealed!: string | null;

  @Column('integer')
  attempts!: number;

  @Column('timestamptz', { name: 'last_attempt_at', nullable: true })
  lastAttemptAt!: Date | null;

  @Column('text', { name: 'last_error_code', nullable: true })
  lastErrorCode!: string | null;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  @Column('timestamptz', { name: 'lease_until', nullable: true })
  leaseUntil!: Date | null;

  /** Identifies the claim of the worker holding the lease; only it may write the attempt's result. */
  @Column('uuid', { name: 'lease_token', nullable: true })
  leaseToken!: string | null;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  @Column('boolean', { nullable: true })
  verified!: boolean | null;

  @Column('jsonb', { name: 'field_results', nullable: true })
  fieldResults!: StoredFieldResult[] | null;

  @Column('text', { name: 'ec_request_id', nullable: true })
  ecRequestId!: string | null;

  @Column('text', { name: 'national_id_enc', nullable: true })
  nationalIdEnc!: string | null;

  @Column('text', { name: 'pin_enc', nullable: true })
  pinEnc!: string | null;

  @Column('text', { name: 'ec_photo_ref', nullable: true })
  ecPhotoRef!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
