import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DocumentTypeValue } from '../application/application.entity';
import type { CustomOptions } from './custom-options';

export type KycStatusValue = 'pending' | 'approved' | 'rejected' | 'incomplete';

/** References (`doc-image:<sha256>`) to the images of one submission; the bytes live in document_images. */
export interface SubmissionImages {
  front?: string;
  back?: string;
  frontCropped?: string;
  backCropped?: string;
  cardPhoto?: string;
}

/**
 * Step 1 of a two-step submission: the ID document as uploaded and read. Step 2 links it to the
 * application it became. PII (email, custom fields, OCR values) is sealed; booleans and codes are not.
 */
@Entity({ name: 'submissions' })
export class SubmissionRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('text', { name: 'issuing_country' })
  issuingCountry!: string;

  @Column('text', { name: 'id_type' })
  idType!: string;

  @Column('text', { name: 'document_type', nullable: true })
  documentType!: DocumentTypeValue | null;

  @Column('text', { name: 'email_enc', nullable: true })
  emailEnc!: string | null;

  /** userid, cf1, cf2, cf3 as one sealed JSON object. */
  @Column('text', { name: 'extras_enc', nullable: true })
  extrasEnc!: string | null;

  @Column('jsonb', { name: 'custom_options' })
  customOptions!: CustomOptions;

  @Column('text', { name: 'kyc_status' })
  kycStatus!: KycStatusValue;

  /** Step-1 tries so far, as the contract counts them. */
  @Column('integer', { name: 'retry_count' })
  retryCount!: number;

  @Column('text', { name: 'retry_code', nullable: true })
  retryCode!: string | null;

  @Column('text', { name: 'retry_message', nullable: true })
  retryMessage!: string | null;

  /** Keyed hash of the last try's images: the same upload again is a replay, not another try. */
  @Column('text', { name: 'images_digest', nullable: true })
  imagesDigest!: string | null;

  @Column('jsonb')
  images!: SubmissionImages;

  /** The last read (`SealedRead`), sealed. */
  @Column('text', { name: 'ocr_enc', nullable: true })
  ocrEnc!: string | null;

  @Column('jsonb', { name: 'document_fields' })
  documentFields!: Record<string, boolean>;

  @Column('jsonb', { name: 'missing_fields' })
  missingFields!: string[];

  @Column('text', { name: 'ocr_nid_idx', nullable: true })
  ocrNidIdx!: string | null;

  @Column('uuid', { name: 'application_id', nullable: true })
  applicationId!: string | null;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
