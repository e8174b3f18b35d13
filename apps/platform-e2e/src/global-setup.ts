import path from 'node:path';
// Jest loads globalSetup without moduleNameMapper, so the path aliases are unavailable here.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { REPO_ROOT } from '../../../tools/lib/run-app-script';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { generateSecrets } from '../../../tools/stack/infra';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { bootstrapTenant, migratePlatform, startPlatform, type RunningPlatform } from '../../../tools/stack/platform';

declare global {
  var __E2E_PLATFORM__: RunningPlatform | undefined;
}

export const E2E_BASE_PORT = 4100;

/** Boots the whole platform once for the e2e suite: fresh database, real Kafka, six processes. */
export default async function globalSetup(): Promise<void> {
  const databaseUrl = process.env['E2E_DATABASE_URL'];
  const kafkaBrokers = process.env['KAFKA_BROKERS'];
  if (!databaseUrl || !kafkaBrokers) throw new Error('e2e tests need E2E_DATABASE_URL and KAFKA_BROKERS: run them with `npm test` or `npm run test:e2e`');
  const log = (line: string) => process.stdout.write(`[e2e] ${line}\n`);
  await migratePlatform(databaseUrl, log);
  const demo = await bootstrapTenant(databaseUrl);
  const other = await bootstrapTenant(databaseUrl, { slug: 'other-bank', name: 'Other Bank' });
  const secrets = generateSecrets();
  const logDir = path.join(REPO_ROOT, '.data', 'logs', 'e2e');
  log(`starting the platform on ports ${E2E_BASE_PORT}-${E2E_BASE_PORT + 5}; service logs in ${path.relative(REPO_ROOT, logDir)}/`);
  // Small limits so the suite can show them refusing operations that the schema makes possible.
  Object.assign(process.env, { MAX_QUERY_DEPTH: '3', MAX_QUERY_COST: '400' });
  const platform = await startPlatform({ databaseUrl, kafkaBrokers, secrets, basePort: E2E_BASE_PORT, logLevel: 'info', nodeEnv: 'test', logDir });
  globalThis.__E2E_PLATFORM__ = platform;
  Object.assign(process.env, {
    E2E_GATEWAY_URL: platform.gatewayUrl,
    E2E_SUBGRAPH_URLS: JSON.stringify(platform.subgraphUrls),
    E2E_INTERNAL_CONTEXT_SECRET: secrets.INTERNAL_CONTEXT_SECRET,
    E2E_TENANTS: JSON.stringify({ demo, other }),
  });
}
