import { jsonEnv, optionalEnv, parseEnvOrExit, portSchema, serviceEnvShape, z } from '@ekyc/config';
import { NID_ACCESS_TOKEN_TTL_SECONDS } from '@ekyc/provider-contracts';
import { faultConfigSchema } from './faults';

export const envSchema = z.object({
  LOG_LEVEL: serviceEnvShape.LOG_LEVEL,
  HOST: serviceEnvShape.HOST,
  PORT: portSchema(4010),
  NID_SANDBOX_PUBLIC_URL: optionalEnv(z.url({ protocol: /^https?$/ })),
  NID_SANDBOX_FAULTS: optionalEnv(jsonEnv(faultConfigSchema)),
  NID_SANDBOX_ADMIN: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  NID_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(NID_ACCESS_TOKEN_TTL_SECONDS),
  SHUTDOWN_TIMEOUT_MS: serviceEnvShape.SHUTDOWN_TIMEOUT_MS,
});
export type Env = z.infer<typeof envSchema>;

export const loadEnv = (): Env => parseEnvOrExit('nid-sandbox', envSchema, process.env);
