import 'reflect-metadata';
import { migrateDataSource } from '@ekyc/db';
import { createGatewayDataSource } from './data-source';
import { loadBootstrapEnv } from './env';
import { bootstrapPlatform } from './iam/bootstrap.service';
import { IamService } from './iam/iam.service';

/** `npm run bootstrap`: first platform admin, demo tenant, agent and analyst tokens, printed as JSON. */
async function main() {
  const env = loadBootstrapEnv();
  const ds = createGatewayDataSource(env.DATABASE_URL);
  await migrateDataSource(ds);
  await ds.initialize();
  try {
    const iam = new IamService({ ds, cacheTtlMs: 0 });
    process.stdout.write(`${JSON.stringify(await bootstrapPlatform(iam), null, 2)}\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`bootstrap failed: ${err.message}\n`);
  process.exit(1);
});
