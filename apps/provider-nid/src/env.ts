import { parseEnvOrExit, portSchema, serviceEnvShape, z } from '@ekyc/config';

export const envSchema = z.object({ ...serviceEnvShape, PORT: portSchema(4003) });
export type Env = z.infer<typeof envSchema>;

export const loadEnv = (): Env => parseEnvOrExit('provider-nid', envSchema, process.env);

/** What `migrate.ts` needs: only the database. */
export const loadMigrateEnv = () => parseEnvOrExit('provider-nid migrate', z.object({ DATABASE_URL: serviceEnvShape.DATABASE_URL }), process.env);
