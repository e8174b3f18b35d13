import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { MatchDecision, MatchThresholds } from '@ekyc/face-engine';

export type FaceMatchStatusValue = 'waiting_for_images' | 'queued' | 'completed' | 'failed';
export type FacePairValue = 'card_ec' | 'selfie_ec' | 'selfie_card';
export type FaceImageValue = 'selfie' | 'card' | 'ec';

export interface StoredPair {
  pair: FacePairValue;
  /** Null when a face could not be described; `reason` then says why. */
  similarity: number | null;
  decision: MatchDecision;
  reason: string | null;
}

export interface StoredProblem {
  image: FaceImageValue;
  code: string;
  message: string;
}

export interface StoredKnownFace {
  applicationId: string;
  similarity: number;
}

/**
 * One application's face matching, and the work item that drives it: `queued` once both the submission
 * (selfie, card photo) and the NID result (EC photo) are known, claimed with a lease by the worker.
 */
@Entity({ name: 'face_matches' })
export class FaceMatchRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'application_id' })
  applicationId!: string;

  @Column('text')
  status!: FaceMatchStatusValue;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  @Column('text', { name: 'selfie_ref', nullable: true })
  selfieRef!: string | null;

  @Column('text', { name: 'card_photo_ref', nullable: true })
  cardPhotoRef!: string | null;

  /** Keyed hash of the applicant's NID: tells a returning person from a duplicate face, without the NID. */
  @Column('text', { name: 'nid_idx', nullable: true })
  nidIdx!: string | null;

  @Column('text', { name: 'nid_outcome', nullable: true })
  nidOutcome!: string | null;

  @Column('text', { name: 'ec_photo_ref', nullable: true })
  ecPhotoRef!: string | null;

  /** When both halves were known and the work item became due. */
  @Column('timestamptz', { name: 'queued_at', nullable: true })
  queuedAt!: Date | null;

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

  @Column('uuid', { name: 'lease_token', nullable: true })
  leaseToken!: string | null;

  /** The tenant's thresholds the decisions were made with. */
  @Column('jsonb', { nullable: true })
  thresholds!: MatchThresholds | null;

  @Column('jsonb', { nullable: true })
  pairs!: StoredPair[] | null;

  @Column('jsonb', { nullable: true })
  problems!: StoredProblem[] | null;

  @Column('jsonb', { name: 'known_face', nullable: true })
  knownFace!: StoredKnownFace | null;

  /** The selfie's descriptor, sealed with the PII key: it joins the known faces if the application passes. */
  @Column('bytea', { name: 'selfie_descriptor_enc', nullable: true })
  selfieDescriptorEnc!: Buffer | null;

  /** identity-document passed the application (`verification.completed`). */
  @Column('boolean', { name: 'verification_passed' })
  verificationPassed!: boolean;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
