import { parseArgs } from 'node:util';
import 'reflect-metadata';
import { openGatewayDatabase } from './data-source';
import { loadBootstrapEnv } from './env';
import { bootstrapPlatform, DEMO_TENANT } from './iam/bootstrap.service';
import { IamService } from './iam/iam.service';

/**
 * `npm run bootstrap [-- --tenant <slug> --tenant-name <name>]`: the first platform admin and a tenant
 * (default demo-bank) with a partner admin, an agent and an analyst; prints their fresh tokens as JSON.
 */
async function main() {
  const args = parseArgs({ options: { tenant: { type: 'string' }, 'tenant-name': { type: 'string' } } }).values;
  const tenant = { slug: args.tenant ?? DEMO_TENANT.slug, name: args['tenant-name'] ?? args.tenant ?? DEMO_TENANT.name };
  const env = loadBootstrapEnv();
  const ds = await openGatewayDatabase(env.DATABASE_URL);
  try {
    const iam = new IamService({ ds, cacheTtlMs: 0 });
    process.stdout.write(`${JSON.stringify(await bootstrapPlatform(iam, tenant), null, 2)}\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`bootstrap failed: ${err.message}\n`);
  process.exit(1);
});
