import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { createPiiCipher } from '@ekyc/crypto';
import { ALL_EVENT_TOPICS } from '@ekyc/event-schemas';
import { createLogger } from '@ekyc/logger';
import { isUuid, openInfrastructure } from '@ekyc/subgraph-kit';
import { createAuditBillingDataSource } from './data-source';
import { loadEnv } from './env';
import { createAuditBilling } from './create-audit-billing';
import { webhookSettingsFrom } from './webhooks/webhook.worker';

/**
 * `npm run audit:rebuild [-- --tenant <uuid>]`: empties the projections (one tenant's, or all) and
 * replays every topic from offset zero, as the `rebuildAuditProjections` mutation does, then exits
 * 0 when the replay has caught up. The running service may keep serving meanwhile.
 */
async function main(): Promise<number> {
  const { tenant } = parseArgs({ options: { tenant: { type: 'string' } } }).values;
  if (tenant !== undefined && !isUuid(tenant)) {
    process.stderr.write('--tenant must be a tenant id (UUID)\n');
    return 64;
  }
  const env = loadEnv();
  const log = createLogger({ service: 'audit-billing-rebuild', level: env.LOG_LEVEL });
  const infra = await openInfrastructure({
    service: 'audit-billing',
    env,
    log,
    ds: createAuditBillingDataSource(env.DATABASE_URL),
    consumedTopics: ALL_EVENT_TOPICS,
  });
  // Its webhook worker is never started: a rebuild sends nothing.
  const app = createAuditBilling({
    ds: infra.ds,
    bus: infra.bus,
    log,
    cipher: createPiiCipher(env.PII_ENCRYPTION_KEY, env.PII_PREVIOUS_KEYS),
    ...webhookSettingsFrom(env),
  });
  try {
    const started = await app.rebuilds.start('cli', tenant ?? null);
    if (!started.ok) {
      process.stderr.write(`${started.errors.map((e) => `${e.code}: ${e.message}`).join('\n')}\n`);
      return 1;
    }
    process.stdout.write(`rebuild ${started.rebuild.id}: replaying ${started.rebuild.expectedEvents} audited events${tenant ? ` of tenant ${tenant}` : ''}\n`);
    const done = await app.rebuilds.waitFor(started.rebuild.id);
    process.stdout.write(`rebuild ${done.id}: ${done.status}${done.error ? ` (${done.error})` : ''}\n`);
    return done.status === 'completed' ? 0 : 1;
  } finally {
    await app.rebuilds.stop();
    await app.webhooks.close();
    await infra.bus.close();
    await infra.ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`audit-billing rebuild failed: ${err.message}\n`);
    process.exit(1);
  },
);
