import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ApplicationStatusValue = 'draft' | 'pending' | 'passed' | 'failed' | 'invalid';
export type ApplicationChannelValue = 'agent' | 'self_service' | 'api';
export type DocumentTypeValue = 'nid_old' | 'nid_smart' | 'passport';

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

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
