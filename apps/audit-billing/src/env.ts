import { parseEnvOrExit, portSchema, serviceEnvShape, z } from '@ekyc/config';

const optionalFlag = () => z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true'));
const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const envSchema = z.object({
  ...serviceEnvShape,
  PORT: portSchema(4005),
  /** Partner webhooks: the worker, the attempts and their backoff (base·4^n, capped), the timeout of one POST. */
  WEBHOOK_WORKER_POLL_MS: ms(1_000),
  WEBHOOK_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(8),
  WEBHOOK_RETRY_BASE_MS: ms(30_000),
  WEBHOOK_RETRY_MAX_MS: ms(6 * 60 * 60 * 1000),
  WEBHOOK_TIMEOUT_MS: ms(10_000),
  WEBHOOK_LEASE_MS: ms(60_000),
  WEBHOOK_ROTATION_OVERLAP_MS: ms(24 * 60 * 60 * 1000),
  WEBHOOK_MAX_ENDPOINTS: z.coerce.number().int().min(1).default(10),
  /** Unset, both are false in production (https only, never to private, loopback or link-local addresses) and true elsewhere. */
  WEBHOOK_ALLOW_HTTP: optionalFlag(),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: optionalFlag(),
});
export type Env = z.infer<typeof envSchema>;

export const loadEnv = (): Env => parseEnvOrExit('audit-billing', envSchema, process.env);

/** What `migrate.ts` needs: only the database. */
export const loadMigrateEnv = () => parseEnvOrExit('audit-billing migrate', z.object({ DATABASE_URL: serviceEnvShape.DATABASE_URL }), process.env);
