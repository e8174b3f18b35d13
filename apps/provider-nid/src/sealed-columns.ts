import type { SealedColumn } from '@ekyc/db';

/**
 * Every column of this service's schema that holds values sealed with the PII cipher: checked at start (a service does
 * not run on data it cannot open) and re-sealed by `npm run pii:rekey` after a key rotation.
 * Events (Kafka, the outbox, the audit chain) keep the key of their time: keep old keys in PII_PREVIOUS_KEYS while they
 * may be replayed.
 */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'ec_photos', column: 'content_enc', kind: 'bytes' },
  { table: 'nid_credentials', column: 'password_enc', kind: 'text' },
  { table: 'nid_credentials', column: 'pending_password_enc', kind: 'text' },
  { table: 'nid_verifications', column: 'applicant_sealed', kind: 'text' },
  { table: 'nid_verifications', column: 'national_id_enc', kind: 'text' },
  { table: 'nid_verifications', column: 'pin_enc', kind: 'text' },
];
