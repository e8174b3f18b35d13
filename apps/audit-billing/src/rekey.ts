import 'reflect-metadata';
import { createPiiCipher } from '@ekyc/crypto';
import { rekeyCli } from '@ekyc/db';
import { createAuditBillingDataSource } from './data-source';
import { loadRekeyEnv } from './env';
import { SEALED_COLUMNS } from './sealed-columns';

/** `npm run pii:rekey` runs this: re-seals audit-billing's stored personal data with the current PII_ENCRYPTION_KEY. */
const env = loadRekeyEnv();
rekeyCli(
  'audit-billing',
  () => ({ ds: createAuditBillingDataSource(env.DATABASE_URL), cipher: createPiiCipher(env.PII_ENCRYPTION_KEY, env.PII_PREVIOUS_KEYS) }),
  SEALED_COLUMNS,
);
