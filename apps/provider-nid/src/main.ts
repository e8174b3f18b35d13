import 'reflect-metadata';
import { createApplicationQueueWorker } from '@ekyc/leased-queue';
import { createPiiCipher } from '@ekyc/crypto';
import { refuseUnreadableSealedData } from '@ekyc/db';
import { topicsOf } from '@ekyc/event-schemas';
import { createLogger } from '@ekyc/logger';
import { runMain, stopOnSignals } from '@ekyc/service-runtime';
import { createContainer, openInfrastructure, serveSubgraph } from '@ekyc/subgraph-kit';
import { createProviderNidDataSource } from './data-source';
import { loadEcPhoto } from './ec-photo/ec-photo.store';
import { loadEnv } from './env';
import { providerNidEventHandlers, HANDLED_EVENTS } from './events/handlers';
import { NidBillingResolver } from './nid-billing/nid-billing.resolver';
import { NidBillingService } from './nid-billing/nid-billing.service';
import { createNidClient } from './nid-client/nid.client';
import { NidCredentialsResolver } from './nid-credentials/nid-credentials.resolver';
import { NidCredentialsService } from './nid-credentials/nid-credentials.service';
import { NidSessions } from './nid-credentials/nid-sessions';
import { NidVerificationResolver } from './nid-verification/nid-verification.resolver';
import { NidVerificationService } from './nid-verification/nid-verification.service';
import { buildProviderNidSchema } from './schema';
import { SEALED_COLUMNS } from './sealed-columns';

const env = loadEnv();
const log = createLogger({ service: 'provider-nid', level: env.LOG_LEVEL });

runMain(log, async () => {
  const consumedTopics = topicsOf(HANDLED_EVENTS);
  const infra = await openInfrastructure({ service: 'provider-nid', env, log, ds: createProviderNidDataSource(env.DATABASE_URL), consumedTopics });
  const { ds, relay } = infra;
  const cipher = createPiiCipher(env.PII_ENCRYPTION_KEY, env.PII_PREVIOUS_KEYS);
  await refuseUnreadableSealedData('provider-nid', ds, cipher, SEALED_COLUMNS);
  const client = createNidClient({
    baseUrl: env.NID_BASE_URL,
    photoOrigins: env.NID_PHOTO_ORIGINS,
    timeoutMs: env.NID_TIMEOUT_MS,
    maxAttempts: env.NID_MAX_ATTEMPTS,
    retryInitialDelayMs: env.NID_RETRY_INITIAL_DELAY_MS,
    retryMaxDelayMs: env.NID_RETRY_MAX_DELAY_MS,
    breakerThreshold: env.NID_BREAKER_THRESHOLD,
    breakerHalfOpenAfterMs: env.NID_BREAKER_HALF_OPEN_MS,
  });
  const credentials = new NidCredentialsService({ ds, cipher, client, relay, log });
  const sessions = new NidSessions({ client, credentials, refreshMarginMs: env.NID_TOKEN_REFRESH_MARGIN_MS });
  const verifications = new NidVerificationService({
    ds,
    cipher,
    client,
    sessions,
    relay,
    log,
    retry: { baseDelayMs: env.NID_REQUEUE_BASE_MS, maxDelayMs: env.NID_REQUEUE_MAX_MS, giveUpAfterMs: env.NID_GIVE_UP_AFTER_MS, leaseMs: env.NID_LEASE_MS },
    circuitOpenDelayMs: env.NID_BREAKER_HALF_OPEN_MS,
  });
  const worker = createApplicationQueueWorker('NID verification', {
    service: verifications,
    log,
    pollMs: env.NID_WORKER_POLL_MS,
    concurrency: env.NID_WORKER_CONCURRENCY,
  });
  credentials.onRestored(async (tenantId, session) => {
    sessions.forget(tenantId, session);
    const resumed = await verifications.resumeWaiting(tenantId);
    if (resumed > 0) worker.nudge();
  });
  const billing = new NidBillingService({ ds, client, sessions });

  const running = await serveSubgraph({
    infra,
    env,
    port: env.PORT,
    schema: await buildProviderNidSchema(),
    container: createContainer([
      verifications,
      credentials,
      billing,
      new NidVerificationResolver(verifications),
      new NidCredentialsResolver(credentials),
      new NidBillingResolver(billing),
    ]),
    blobs: (tenantId, ref) => loadEcPhoto(ds.manager, cipher, tenantId, ref),
    consumer: {
      topics: consumedTopics,
      handlers: providerNidEventHandlers({ verifications, nudgeWorker: () => worker.nudge() }),
    },
  });
  worker.start();
  stopOnSignals([() => worker.stop(), () => running.stop(), () => client.close()], log, env.SHUTDOWN_TIMEOUT_MS);
});
