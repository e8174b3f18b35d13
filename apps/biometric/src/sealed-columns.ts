import type { SealedColumn } from '@ekyc/db';

/**
 * Every column of this service's schema that holds values sealed with the PII cipher: checked at start (a service does
 * not run on data it cannot open) and re-sealed by `npm run pii:rekey` after a key rotation.
 * Events (Kafka, the outbox, the audit chain) keep the key of their time: keep old keys in PII_PREVIOUS_KEYS while they
 * may be replayed.
 */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'face_matches', column: 'selfie_descriptor_enc', kind: 'bytes' },
  { table: 'known_faces', column: 'descriptor_enc', kind: 'bytes' },
];
