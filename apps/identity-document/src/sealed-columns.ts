import type { SealedColumn } from '@ekyc/db';

/**
 * Every column of this service's schema that holds values sealed with the PII cipher: checked at start (a service does
 * not run on data it cannot open) and re-sealed by `npm run pii:rekey` after a key rotation.
 * Not listed: the reviewer's message inside `applications.resubmission` (JSON), which keeps the key it was sealed with.
 * Events (Kafka, the outbox, the audit chain) keep the key of their time: keep old keys in PII_PREVIOUS_KEYS while they
 * may be replayed.
 */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'applications', column: 'applicant_enc', kind: 'text' },
  { table: 'applications', column: 'details_enc', kind: 'text' },
  { table: 'applications', column: 'mobile_number_enc', kind: 'text' },
  { table: 'document_images', column: 'content_enc', kind: 'bytes' },
  { table: 'ekyc_requests', column: 'email_enc', kind: 'text' },
  { table: 'ekyc_requests', column: 'phone_enc', kind: 'text' },
  { table: 'review_cases', column: 'note_enc', kind: 'text' },
  { table: 'submissions', column: 'email_enc', kind: 'text' },
  { table: 'submissions', column: 'extras_enc', kind: 'text' },
  { table: 'submissions', column: 'ocr_enc', kind: 'text' },
];
