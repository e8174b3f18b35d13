import { parseEnvOrExit, portSchema, serviceEnvShape, z } from '@ekyc/config';

const baseUrl = z.url({ protocol: /^https?$/ }).transform((v) => v.replace(/\/+$/, ''));

export const envSchema = z.object({
  ...serviceEnvShape,
  PORT: portSchema(4004),
  CDP_BASE_URL: baseUrl.describe(
    'base URL of the Customer Data Platform, with the token endpoint at <base>/auth/realms/cdp/… and the APIs at <base>/caas-lcm/…',
  ),
  CDP_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  CDP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  CDP_RETRY_INITIAL_DELAY_MS: z.coerce.number().int().positive().default(200),
  CDP_RETRY_MAX_DELAY_MS: z.coerce.number().int().positive().default(2_000),
  CDP_BREAKER_THRESHOLD: z.coerce.number().int().min(1).default(5),
  CDP_BREAKER_HALF_OPEN_MS: z.coerce.number().int().positive().default(30_000),
  CDP_TOKEN_REFRESH_MARGIN_MS: z.coerce.number().int().min(0).default(30_000),
  CDP_REQUEUE_BASE_MS: z.coerce.number().int().positive().default(5_000),
  CDP_REQUEUE_MAX_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 60_000),
  CDP_GIVE_UP_AFTER_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 60 * 60_000),
  CDP_LEASE_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 60_000),
  CDP_NID_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(10 * 60_000),
  CDP_WORKER_POLL_MS: z.coerce.number().int().positive().default(1_000),
  CDP_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  /** Base of identity-document, whose /internal/blobs serves selfies, card photos and ID images (`doc-image:`). */
  IDENTITY_DOCUMENT_URL: baseUrl.default('http://127.0.0.1:4001'),
  /** Base of provider-nid, whose /internal/blobs serves EC photos (`ec-photo:`). */
  PROVIDER_NID_URL: baseUrl.default('http://127.0.0.1:4003'),
  BLOB_FETCH_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  BLOB_FETCH_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
});
export type Env = z.infer<typeof envSchema>;

export const loadEnv = (): Env => parseEnvOrExit('provider-cdp', envSchema, process.env);

/** What `migrate.ts` needs: only the database. */
export const loadMigrateEnv = () => parseEnvOrExit('provider-cdp migrate', z.object({ DATABASE_URL: serviceEnvShape.DATABASE_URL }), process.env);
export const loadRekeyEnv = () =>
  parseEnvOrExit(
    'provider-cdp rekey',
    z.object({
      DATABASE_URL: serviceEnvShape.DATABASE_URL,
      PII_ENCRYPTION_KEY: serviceEnvShape.PII_ENCRYPTION_KEY,
      PII_PREVIOUS_KEYS: serviceEnvShape.PII_PREVIOUS_KEYS,
    }),
    process.env,
  );
