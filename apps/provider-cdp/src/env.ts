import { parseEnvOrExit, portSchema, serviceEnvShape, z } from '@ekyc/config';

export const envSchema = z.object({ ...serviceEnvShape, PORT: portSchema(4004) });
export type Env = z.infer<typeof envSchema>;

export const loadEnv = (): Env => parseEnvOrExit('provider-cdp', envSchema, process.env);

/** What `migrate.ts` needs: only the database. */
export const loadMigrateEnv = () => parseEnvOrExit('provider-cdp migrate', z.object({ DATABASE_URL: serviceEnvShape.DATABASE_URL }), process.env);
