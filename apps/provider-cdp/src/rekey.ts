import 'reflect-metadata';
import { createPiiCipher } from '@ekyc/crypto';
import { rekeyCli } from '@ekyc/db';
import { createProviderCdpDataSource } from './data-source';
import { loadRekeyEnv } from './env';
import { SEALED_COLUMNS } from './sealed-columns';

/** `npm run pii:rekey` runs this: re-seals provider-cdp's stored personal data with the current PII_ENCRYPTION_KEY. */
const env = loadRekeyEnv();
rekeyCli(
  'provider-cdp',
  () => ({ ds: createProviderCdpDataSource(env.DATABASE_URL), cipher: createPiiCipher(env.PII_ENCRYPTION_KEY, env.PII_PREVIOUS_KEYS) }),
  SEALED_COLUMNS,
);
