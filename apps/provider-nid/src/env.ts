import { parseEnvOrExit, portSchema, serviceEnvShape, z } from '@ekyc/config';

export const envSchema = z.object({
  ...serviceEnvShape,
  PORT: portSchema(4003),
  NID_BASE_URL: z.url({ protocol: /^https?$/ }).describe('base URL of the NID partner service, without /partner-service'),
  NID_PHOTO_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ }))),
  NID_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  NID_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  NID_RETRY_INITIAL_DELAY_MS: z.coerce.number().int().positive().default(200),
  NID_RETRY_MAX_DELAY_MS: z.coerce.number().int().positive().default(2_000),
  NID_BREAKER_THRESHOLD: z.coerce.number().int().min(1).default(5),
  NID_BREAKER_HALF_OPEN_MS: z.coerce.number().int().positive().default(30_000),
  NID_TOKEN_REFRESH_MARGIN_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 60_000),
  NID_REQUEUE_BASE_MS: z.coerce.number().int().positive().default(5_000),
  NID_REQUEUE_MAX_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 60_000),
  NID_GIVE_UP_AFTER_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 60 * 60_000),
  NID_LEASE_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 60_000),
  NID_WORKER_POLL_MS: z.coerce.number().int().positive().default(1_000),
  NID_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
});
export type Env = z.infer<typeof envSchema>;

export const loadEnv = (): Env => parseEnvOrExit('provider-nid', envSchema, process.env);

/** What `migrate.ts` needs: only the database. */
export const loadMigrateEnv = () => parseEnvOrExit('provider-nid migrate', z.object({ DATABASE_URL: serviceEnvShape.DATABASE_URL }), process.env);
export const loadRekeyEnv = () =>
  parseEnvOrExit(
    'provider-nid rekey',
    z.object({
      DATABASE_URL: serviceEnvShape.DATABASE_URL,
      PII_ENCRYPTION_KEY: serviceEnvShape.PII_ENCRYPTION_KEY,
      PII_PREVIOUS_KEYS: serviceEnvShape.PII_PREVIOUS_KEYS,
    }),
    process.env,
  );
