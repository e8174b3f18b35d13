import { jsonEnv, optionalEnv, parseEnvOrExit, portSchema, serviceEnvShape, z } from '@ekyc/config';
import { CDP_ACCESS_TOKEN_TTL_SECONDS, CDP_REFRESH_TOKEN_TTL_SECONDS } from '@ekyc/provider-contracts';
import { faultConfigSchema } from './faults';

export const envSchema = z.object({
  LOG_LEVEL: serviceEnvShape.LOG_LEVEL,
  HOST: serviceEnvShape.HOST,
  PORT: portSchema(4011),
  CDP_SANDBOX_PUBLIC_URL: optionalEnv(z.url({ protocol: /^https?$/ })),
  CDP_SANDBOX_FAULTS: optionalEnv(jsonEnv(faultConfigSchema)),
  CDP_SANDBOX_ADMIN: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  CDP_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(CDP_ACCESS_TOKEN_TTL_SECONDS),
  CDP_REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(CDP_REFRESH_TOKEN_TTL_SECONDS),
  CDP_SANDBOX_ACTIVATION_SECONDS: z.coerce.number().int().min(0).default(60),
  SHUTDOWN_TIMEOUT_MS: serviceEnvShape.SHUTDOWN_TIMEOUT_MS,
});
export type Env = z.infer<typeof envSchema>;

export const loadEnv = (): Env => parseEnvOrExit('cdp-sandbox', envSchema, process.env);
