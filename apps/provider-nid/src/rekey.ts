import 'reflect-metadata';
import { createPiiCipher } from '@ekyc/crypto';
import { rekeyCli } from '@ekyc/db';
import { createProviderNidDataSource } from './data-source';
import { loadRekeyEnv } from './env';
import { SEALED_COLUMNS } from './sealed-columns';

/** `npm run pii:rekey` runs this: re-seals provider-nid's stored personal data with the current PII_ENCRYPTION_KEY. */
const env = loadRekeyEnv();
rekeyCli(
  'provider-nid',
  () => ({ ds: createProviderNidDataSource(env.DATABASE_URL), cipher: createPiiCipher(env.PII_ENCRYPTION_KEY, env.PII_PREVIOUS_KEYS) }),
  SEALED_COLUMNS,
);
