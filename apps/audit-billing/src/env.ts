import { parseEnvOrExit, portSchema, serviceEnvShape, z } from '@ekyc/config';

const flagOrUnset = z.enum(['true', 'false']).transform((v) => v === 'true');

export const envSchema = z.object({
  ...serviceEnvShape,
  PORT: portSchema(4005),
  /** Partner webhooks: the worker, the attempts and their backoff (base·4^n, capped), the timeout of one POST. */
  WEBHOOK_WORKER_POLL_MS: z.coerce.number().int().positive().default(1_000),
  WEBHOOK_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(8),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().positive().default(30_000),
  WEBHOOK_RETRY_MAX_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(6 * 60 * 60 * 1000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  WEBHOOK_LEASE_MS: z.coerce.number().int().positive().default(60_000),
  WEBHOOK_ROTATION_OVERLAP_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 60 * 60 * 1000),
  WEBHOOK_MAX_ENDPOINTS: z.coerce.number().int().min(1).default(10),
  /** Unset, both are false in production (https only, never to private, loopback or link-local addresses) and true elsewhere. */
  WEBHOOK_ALLOW_HTTP: flagOrUnset.optional(),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: flagOrUnset.optional(),
});
export type Env = z.infer<typeof envSchema>;

export const loadEnv = (): Env => parseEnvOrExit('audit-billing', envSchema, process.env);

/** What `migrate.ts` needs: only the database. */
export const loadMigrateEnv = () => parseEnvOrExit('audit-billing migrate', z.object({ DATABASE_URL: serviceEnvShape.DATABASE_URL }), process.env);
export const loadRekeyEnv = () =>
  parseEnvOrExit(
    'audit-billing rekey',
    z.object({
      DATABASE_URL: serviceEnvShape.DATABASE_URL,
      PII_ENCRYPTION_KEY: serviceEnvShape.PII_ENCRYPTION_KEY,
      PII_PREVIOUS_KEYS: serviceEnvShape.PII_PREVIOUS_KEYS,
    }),
    process.env,
  );
