import 'reflect-metadata';
import { createPiiCipher } from '@ekyc/crypto';
import { refuseUnreadableSealedData } from '@ekyc/db';
import { topicsOf } from '@ekyc/event-schemas';
import { createLogger } from '@ekyc/logger';
import { runMain, stopOnSignals } from '@ekyc/service-runtime';
import { createContainer, openInfrastructure, serveSubgraph } from '@ekyc/subgraph-kit';
import { createAuditBillingDataSource } from './data-source';
import { loadEnv } from './env';
import { HANDLED_EVENTS } from './events/handlers';
import { buildAuditBillingSchema } from './schema';
import { createAuditBilling } from './create-audit-billing';
import { webhookSettingsFrom } from './webhooks/webhook.worker';
import { SEALED_COLUMNS } from './sealed-columns';

const env = loadEnv();
const log = createLogger({ service: 'audit-billing', level: env.LOG_LEVEL });

runMain(log, async () => {
  const infra = await openInfrastructure({
    service: 'audit-billing',
    env,
    log,
    ds: createAuditBillingDataSource(env.DATABASE_URL),
    consumedTopics: topicsOf(HANDLED_EVENTS),
  });
  const cipher = createPiiCipher(env.PII_ENCRYPTION_KEY, env.PII_PREVIOUS_KEYS);
  await refuseUnreadableSealedData('audit-billing', infra.ds, cipher, SEALED_COLUMNS);
  const app = createAuditBilling({ ds: infra.ds, bus: infra.bus, log, cipher, ...webhookSettingsFrom(env) });
  // Every event type is audited, so a new type is audited the day it is added to the catalog.
  const running = await serveSubgraph({
    infra,
    env,
    port: env.PORT,
    schema: await buildAuditBillingSchema(),
    container: createContainer(app.instances),
    consumer: { topics: topicsOf(HANDLED_EVENTS), handlers: app.handlers },
  });
  app.webhookSender.start();
  stopOnSignals([() => app.webhookSender.stop(), () => app.rebuilds.stop(), () => running.stop(), () => app.webhooks.close()], log, env.SHUTDOWN_TIMEOUT_MS);
});
