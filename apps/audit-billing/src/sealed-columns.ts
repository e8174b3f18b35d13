import type { SealedColumn } from '@ekyc/db';

/**
 * Every column of this service's schema that holds values sealed with the PII cipher: checked at start (a service does
 * not run on data it cannot open) and re-sealed by `npm run pii:rekey` after a key rotation.
 * Events (Kafka, the outbox, the audit chain) keep the key of their time: keep old keys in PII_PREVIOUS_KEYS while they
 * may be replayed.
 */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'verification_log', column: 'mobile_number_enc', kind: 'text' },
  { table: 'verification_log', column: 'name_en_enc', kind: 'text' },
  { table: 'verification_log', column: 'nid_enc', kind: 'text' },
  { table: 'webhook_endpoints', column: 'previous_secret_enc', kind: 'text' },
  { table: 'webhook_endpoints', column: 'secret_enc', kind: 'text' },
];
