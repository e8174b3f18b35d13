import { parseEnvOrExit, portSchema, serviceEnvShape, z } from '@ekyc/config';

export const envSchema = z.object({ ...serviceEnvShape, PORT: portSchema(4004) });
export type Env = z.infer<typeof envSchema>;

export const loadEnv = (): Env => parseEnvOrExit('provider-cdp', envSchema, process.env);
