import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ResubmissionItemValue } from '../application/application.entity';

/** FACE_REVIEW, DUPLICATE_FACE and LIVENESS_INCONCLUSIVE come from the decision; STEP_OVERDUE from a step (the EC, faces, liveness) past its deadline. */
export type ReviewReasonValue = 'FACE_REVIEW' | 'DUPLICATE_FACE' | 'LIVENESS_INCONCLUSIVE' | 'STEP_OVERDUE';
export type ReviewStatusValue = 'open' | 'approved' | 'rejected' | 'superseded' | 'resubmission_requested';

/**
 * A pending application that needs a person: why (the decision's reason code), when it is due, who holds it (a lease:
 * one reviewer at a time, free again when the lease runs out) and how it ended. No PII: the evidence is read from the
 * application, its submission and the other subgraphs when a reviewer opens the case.
 */
@Entity({ name: 'review_cases' })
export class ReviewCaseRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'application_id' })
  applicationId!: string;

  @Column('text')
  reason!: ReviewReasonValue;

  /** The decision's reason as it stood, e.g. `DUPLICATE_FACE: <application id>` or `FACE_REVIEW: selfie_ec`. */
  @Column('text', { name: 'reason_detail' })
  reasonDetail!: string;

  @Column('text')
  status!: ReviewStatusValue;

  @Column('text', { name: 'claimed_by', nullable: true })
  claimedBy!: string | null;

  @Column('timestamptz', { name: 'lease_until', nullable: true })
  leaseUntil!: Date | null;

  @Column('timestamptz', { name: 'due_at' })
  dueAt!: Date;

  /** When the case went past its due time unresolved and was escalated to the partner admins. */
  @Column('timestamptz', { name: 'escalated_at', nullable: true })
  escalatedAt!: Date | null;

  @Column('text', { name: 'resolved_by', nullable: true })
  resolvedBy!: string | null;

  @Column('timestamptz', { name: 'resolved_at', nullable: true })
  resolvedAt!: Date | null;

  /** Under the four-eyes rule, the first of two reviewers who approved; the second must be someone else. */
  @Column('text', { name: 'first_approval_by', nullable: true })
  firstApprovalBy!: string | null;

  @Column('text', { name: 'rejection_codes', array: true, default: () => "'{}'" })
  rejectionCodes!: string[];

  /** What the reviewer sent back to the agent when the case closed as resubmission_requested. */
  @Column('text', { name: 'resubmission_items', array: true, default: () => "'{}'" })
  resubmissionItems!: ResubmissionItemValue[];

  /** The reviewer's note; may name what they checked, never copied into events or logs. */
  @Column('text', { name: 'note_enc', nullable: true })
  noteEnc!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
