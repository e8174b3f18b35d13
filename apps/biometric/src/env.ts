import { parseEnvOrExit, portSchema, serviceEnvShape, z } from '@ekyc/config';

const baseUrl = z.url({ protocol: /^https?$/ }).transform((v) => v.replace(/\/+$/, ''));

export const envSchema = z.object({
  ...serviceEnvShape,
  PORT: portSchema(4002),
  /** Base of identity-document, whose /internal/blobs serves selfies and card photos (`doc-image:` references). */
  IDENTITY_DOCUMENT_URL: baseUrl.default('http://127.0.0.1:4001'),
  /** Base of provider-nid, whose /internal/blobs serves EC photos (`ec-photo:` references). */
  PROVIDER_NID_URL: baseUrl.default('http://127.0.0.1:4003'),
  BLOB_FETCH_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  BLOB_FETCH_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  FACE_WORKER_POLL_MS: z.coerce.number().int().positive().default(1_000),
  /** Matches analysed at once; face analysis is CPU-bound, so one per core at most. */
  FACE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(1),
  FACE_MATCH_LEASE_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 60_000),
  FACE_MATCH_RETRY_BASE_MS: z.coerce.number().int().positive().default(5_000),
  FACE_MATCH_RETRY_MAX_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 60_000),
  FACE_MATCH_GIVE_UP_AFTER_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(60 * 60_000),
  LIVENESS_SESSION_TTL_SECONDS: z.coerce.number().int().min(30).max(600).default(120),
});
export type Env = z.infer<typeof envSchema>;

export const loadEnv = (): Env => parseEnvOrExit('biometric', envSchema, process.env);

/** What `migrate.ts` needs: only the database. */
export const loadMigrateEnv = () => parseEnvOrExit('biometric migrate', z.object({ DATABASE_URL: serviceEnvShape.DATABASE_URL }), process.env);
export const loadRekeyEnv = () =>
  parseEnvOrExit(
    'biometric rekey',
    z.object({
      DATABASE_URL: serviceEnvShape.DATABASE_URL,
      PII_ENCRYPTION_KEY: serviceEnvShape.PII_ENCRYPTION_KEY,
      PII_PREVIOUS_KEYS: serviceEnvShape.PII_PREVIOUS_KEYS,
    }),
    process.env,
  );
