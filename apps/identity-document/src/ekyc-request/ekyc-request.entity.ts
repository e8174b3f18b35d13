import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EkycRequestStatusValue } from './ekyc-request.state';

export type OtpDeliveryValue = 'sending' | 'sent' | 'failed';

/**
 * Storage shape. Email and phone are ciphertext (`*_enc`) with keyed hashes (`*_idx`) that partial unique
 * indexes keep unique among open requests; all four are null once the request is deleted. Only a keyed
 * hash of the current OTP is kept, and only while it can still be used.
 */
@Entity({ name: 'ekyc_requests' })
export class EkycRequestRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('text')
  status!: EkycRequestStatusValue;

  @Column('text', { name: 'email_enc', nullable: true })
  emailEnc!: string | null;

  @Column('text', { name: 'email_idx', nullable: true })
  emailIdx!: string | null;

  @Column('text', { name: 'phone_enc', nullable: true })
  phoneEnc!: string | null;

  @Column('text', { name: 'phone_idx', nullable: true })
  phoneIdx!: string | null;

  /** The ID-document submission (step 1) this request is for: the contract's `documentIdentificationId`. */
  @Column('uuid', { name: 'submission_id' })
  submissionId!: string;

  @Column('text', { name: 'idempotency_key', nullable: true })
  idempotencyKey!: string | null;

  /** Keyed hash of the create input: tells an idempotent retry from a reuse of the key with other input. */
  @Column('text', { name: 'request_digest', nullable: true })
  requestDigest!: string | null;

  @Column('text', { name: 'otp_hash', nullable: true })
  otpHash!: string | null;

  @Column('timestamptz', { name: 'otp_expires_at', nullable: true })
  otpExpiresAt!: Date | null;

  /** Wrong answers so far, over the life of the request. */
  @Column('int', { name: 'otp_attempts', default: 0 })
  otpAttempts!: number;

  /** OTP mails the mail server accepted. */
  @Column('int', { name: 'otp_sends', default: 0 })
  otpSends!: number;

  @Column('text', { name: 'otp_delivery', nullable: true })
  otpDelivery!: OtpDeliveryValue | null;

  /** The mail transport's error code of the last failed send (never its message, which may quote the address). */
  @Column('text', { name: 'otp_delivery_error', nullable: true })
  otpDeliveryError!: string | null;

  /** When the current code's send started: the resend interval counts from here. */
  @Column('timestamptz', { name: 'otp_last_send_at', nullable: true })
  otpLastSendAt!: Date | null;

  @Column('timestamptz', { name: 'verified_at', nullable: true })
  verifiedAt!: Date | null;

  @Column('timestamptz', { name: 'locked_at', nullable: true })
  lockedAt!: Date | null;

  @Column('timestamptz', { name: 'accepted_at', nullable: true })
  acceptedAt!: Date | null;

  @Column('text', { name: 'accepted_by', nullable: true })
  acceptedBy!: string | null;

  @Column('timestamptz', { name: 'cleared_at', nullable: true })
  clearedAt!: Date | null;

  @Column('text', { name: 'cleared_by', nullable: true })
  clearedBy!: string | null;

  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;

  @Column('text', { name: 'deleted_by', nullable: true })
  deletedBy!: string | null;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
