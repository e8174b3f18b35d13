import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DOCUMENT_TYPES } from '@ekyc/event-schemas';
import type { FaceResult, LivenessResult, NidResult } from '../decision/decide';

export type ApplicationStatusValue = 'draft' | 'pending' | 'passed' | 'failed' | 'invalid';
export type ApplicationChannelValue = 'agent' | 'self_service' | 'api';
/** The documents an application or submission can be read from: the event catalog's list. */
export type DocumentTypeValue = (typeof DOCUMENT_TYPES)[number];

/** What a reviewer may ask the agent to send again. */
export type ResubmissionItemValue = 'SELFIE' | 'DOCUMENT_FRONT' | 'DOCUMENT_BACK';

/** A reviewer's request for items again, and what the agent sent back (image references, sealed). */
export interface ResubmissionState {
  caseId: string;
  items: ResubmissionItemValue[];
  /** What the agent should do differently, sealed: the reviewer may name the applicant. */
  messageEnc: string | null;
  requestedAt: string;
  dueAt: string;
  /** The decision's reason when the reviewer asked: what the case was about. */
  previousReason: string;
  /** Set once the agent sent the items: a keyed digest (tells a retry from a second, different answer) and the new documents. */
  received: { at: string; digest: string; front: string | null; back: string | null } | null;
}

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

  @Column('text', { name: 'document_type', nullable: true })
  documentType!: DocumentTypeValue | null;

  /** The declared applicant (names, NID, date of birth, addresses) as one sealed JSON document. */
  @Column('text', { name: 'applicant_enc', nullable: true })
  applicantEnc!: string | null;

  /** Keyed hash of the applicant as submitted: tells an idempotent retry from a conflicting resubmission. */
  @Column('text', { name: 'applicant_digest', nullable: true })
  applicantDigest!: string | null;

  @Column('text', { name: 'nid_idx', nullable: true })
  nidIdx!: string | null;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  @Column('text', { name: 'submitted_by', nullable: true })
  submittedBy!: string | null;

  /** The two-step submission it came from; null for applications submitted directly. */
  @Column('uuid', { name: 'submission_id', nullable: true })
  submissionId!: string | null;

  /** Gender, profession, nominee and relation (agent contract, step 2) as one sealed JSON document. */
  @Column('text', { name: 'details_enc', nullable: true })
  detailsEnc!: string | null;

  @Column('text', { name: 'selfie_ref', nullable: true })
  selfieRef!: string | null;

  @Column('text', { name: 'card_photo_ref', nullable: true })
  cardPhotoRef!: string | null;

  /** Whether the decision waits for face comparison (the tenant policy when it was submitted). */
  @Column('boolean', { name: 'face_required' })
  faceRequired!: boolean;

  /** Whether the decision waits for a passed liveness session (the tenant policy when it was submitted). */
  @Column('boolean', { name: 'liveness_required' })
  livenessRequired!: boolean;

  @Column('jsonb', { name: 'nid_result', nullable: true })
  nidResult!: NidResult | null;

  @Column('jsonb', { name: 'face_result', nullable: true })
  faceResult!: FaceResult | null;

  @Column('jsonb', { name: 'liveness_result', nullable: true })
  livenessResult!: LivenessResult | null;

  /** What a reviewer sent back to the agent, until when, and what came back; null when nothing was asked. */
  @Column('jsonb', { name: 'resubmission', nullable: true })
  resubmission!: ResubmissionState | null;

  /** When the agent sent the requested items: the system's steps run again from here. */
  @Column('timestamptz', { name: 'resubmitted_at', nullable: true })
  resubmittedAt!: Date | null;

  /** Why the application is where it is: what a pending one waits for, why one failed. */
  @Column('text', { name: 'decision_reason', nullable: true })
  decisionReason!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
