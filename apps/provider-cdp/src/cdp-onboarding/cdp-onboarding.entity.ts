import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type CdpOnboardingStatusValue =
  | 'awaiting_verification'
  | 'not_eligible'
  | 'queued'
  | 'in_progress'
  | 'unavailable'
  | 'awaiting_credentials'
  | 'onboarded'
  | 'existing'
  | 'blocked'
  | 'under_investigation'
  | 'failed';

/** Outcomes published as `cdp.onboarding.completed`; the work is done. */
export const FINAL_STATUSES: readonly CdpOnboardingStatusValue[] = ['onboarded', 'existing', 'blocked', 'under_investigation', 'failed'];
/** Work the worker may pick up. */
export const OPEN_STATUSES: readonly CdpOnboardingStatusValue[] = ['queued', 'in_progress', 'unavailable'];

export interface StoredNidResult {
  outcome: string;
  fields: Array<{ field: string; matched: boolean }>;
}

/**
 * One application's CDP onboarding, and the work-queue entry that drives it (`next_attempt_at`, `lease_until`).
 * The onboarding's requestId at the CDP is the application id, so a repeated request can only ever find the
 * customer the first one created.
 */
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

  @Column('text', { name: 'status_reason', nullable: true })
  statusReason!: string | null;

  @Column('integer')
  attempts!: number;

  @Column('timestamptz', { name: 'last_attempt_at', nullable: true })
  lastAttemptAt!: Date | null;

  @Column('text', { name: 'last_error_code', nullable: true })
  lastErrorCode!: string | null;

  /** The applicant as identity-document sealed it (PII key, tenant as associated data). */
  @Column('text', { name: 'applicant_sealed', nullable: true })
  applicantSealed!: string | null;

  @Column('text', { name: 'mobile_sealed', nullable: true })
  mobileSealed!: string | null;

  /** Blind index of the applicant's national id: one onboarding per person runs at a time. */
  @Column('text', { name: 'nid_idx', nullable: true })
  nidIdx!: string | null;

  @Column('text', { name: 'document_type', nullable: true })
  documentType!: string | null;

  @Column('text', { name: 'selfie_ref', nullable: true })
  selfieRef!: string | null;

  @Column('text', { name: 'card_photo_ref', nullable: true })
  cardPhotoRef!: string | null;

  @Column('text', { name: 'document_front_ref', nullable: true })
  documentFrontRef!: string | null;

  @Column('text', { name: 'document_back_ref', nullable: true })
  documentBackRef!: string | null;

  @Column('text', { name: 'ec_photo_ref', nullable: true })
  ecPhotoRef!: string | null;

  @Column('jsonb', { name: 'nid_result', nullable: true })
  nidResult!: StoredNidResult | null;

  @Column('timestamptz', { name: 'nid_completed_at', nullable: true })
  nidCompletedAt!: Date | null;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  /** The application's final status from `verification.completed`. */
  @Column('text', { name: 'application_status', nullable: true })
  applicationStatus!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('text', { nullable: true })
  trigger!: 'automatic' | 'manual' | null;

  @Column('text', { name: 'requested_by', nullable: true })
  requestedBy!: string | null;

  @Column('timestamptz', { name: 'queued_at', nullable: true })
  queuedAt!: Date | null;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  @Column('timestamptz', { name: 'lease_until', nullable: true })
  leaseUntil!: Date | null;

  /** Identifies the claim of the worker holding the lease; only it may write the attempt's result. */
  @Column('uuid', { name: 'lease_token', nullable: true })
  leaseToken!: string | null;

  /** Written before each onboarding request: its outcome is unknown until a lookup or an answer says. */
  @Column('timestamptz', { name: 'onboarding_sent_at', nullable: true })
  onboardingSentAt!: Date | null;

  @Column('text', { name: 'customer_id', nullable: true })
  customerId!: string | null;

  @Column('text', { name: 'subscription_status', nullable: true })
  subscriptionStatus!: string | null;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
