import { z } from 'zod';

export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`${service}: invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses configuration once, reporting every problem at the same time. */
export function parseEnv<S extends z.ZodType>(service: string, schema: S, source: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(service, problems);
}

const base64Key = (bytes: number) => z.string().refine((v) => Buffer.from(v, 'base64').length === bytes, `must be ${bytes} bytes, base64-encoded`);

/** Variables every subgraph reads; apps extend this in their own env.ts. */
export const serviceEnvShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  KAFKA_BROKERS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker is host:port')).min(1, 'at least one host:port')),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().positive().default(1),
  INTERNAL_CONTEXT_SECRET: z.string().min(32, 'at least 32 characters'),
  PII_ENCRYPTION_KEY: base64Key(32),
  /** Keys data may still be sealed under, newest first, after PII_ENCRYPTION_KEY was rotated; comma-separated. */
  PII_PREVIOUS_KEYS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .pipe(z.array(base64Key(32))),
  OUTBOX_POLL_MS: z.coerce.number().int().positive().default(250),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
};

export { z };

/** For composition roots: a configuration problem is printed in full and the process exits. */
export function parseEnvOrExit<S extends z.ZodType>(service: string, schema: S, source: Record<string, string | undefined>): z.infer<S> {
  try {
    return parseEnv(service, schema, source);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}

export const portSchema = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);

/** `NAME=` in an env file means unset. */
export const optionalEnv = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** A variable holding JSON, parsed and then checked against `schema` (text that is not JSON: "must be JSON"). */
export const jsonEnv = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
