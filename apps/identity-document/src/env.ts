import { parseEnvOrExit, portSchema, serviceEnvShape, z } from '@ekyc/config';

export const envSchema = z.object({ ...serviceEnvShape, PORT: portSchema(4001) });
export type Env = z.infer<typeof envSchema>;

export const loadEnv = (): Env => parseEnvOrExit('identity-document', envSchema, process.env);
