import 'reflect-metadata';
import type { EventHandlers } from '@ekyc/event-bus';
import { ALL_EVENT_TOPICS, EVENT_TYPES } from '@ekyc/event-schemas';
import { createLogger } from '@ekyc/logger';
import { createContainer, openInfrastructure, runMain, serveSubgraph, stopOnSignals } from '@ekyc/subgraph-kit';
import { AuditEventResolver } from './audit-event/audit-event.resolver';
import { AuditEventService } from './audit-event/audit-event.service';
import { createAuditBillingDataSource } from './data-source';
import { loadEnv } from './env';
import { buildAuditBillingSchema } from './schema';

const env = loadEnv();
const log = createLogger({ service: 'audit-billing', level: env.LOG_LEVEL });

runMain(log, async () => {
  const infra = await openInfrastructure({ service: 'audit-billing', env, log, ds: createAuditBillingDataSource(env.DATABASE_URL), consumedTopics: ALL_EVENT_TOPICS });
  const audit = new AuditEventService({ ds: infra.ds });
  // Audit records every event type, so a new type is audited the day it is added to the catalog.
  const handlers = Object.fromEntries(EVENT_TYPES.map((type) => [type, audit.record.bind(audit)])) as EventHandlers;
  const running = await serveSubgraph({
    infra,
    env,
    port: env.PORT,
    schema: await buildAuditBillingSchema(),
    container: createContainer([audit, new AuditEventResolver(audit)]),
    consumer: { topics: ALL_EVENT_TOPICS, handlers },
  });
  stopOnSignals(running, log, env.SHUTDOWN_TIMEOUT_MS);
});
