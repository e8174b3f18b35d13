import { parseEnvOrExit, portSchema, serviceEnvShape, z } from '@ekyc/config';

export const envSchema = z.object({ ...serviceEnvShape, PORT: portSchema(4001) });
export type Env = z.infer<typeof envSchema>;

export const loadEnv = (): Env => parseEnvOrExit('identity-document', envSchema, process.env);

/** What `migrate.ts` needs: only the database. */
export const loadMigrateEnv = () => parseEnvOrExit('identity-document migrate', z.object({ DATABASE_URL: serviceEnvShape.DATABASE_URL }), process.env);
