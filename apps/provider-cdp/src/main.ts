import 'reflect-metadata';
import { createApplicationQueueWorker } from '@ekyc/leased-queue';
import { createPiiCipher } from '@ekyc/crypto';
import { refuseUnreadableSealedData } from '@ekyc/db';
import { topicsOf } from '@ekyc/event-schemas';
import { createLogger } from '@ekyc/logger';
import { runMain, stopOnSignals } from '@ekyc/service-runtime';
import { createBlobClient, createContainer, openInfrastructure, routeBlobFetches, serveSubgraph } from '@ekyc/subgraph-kit';
import { createCdpClient } from './cdp-client/cdp.client';
import { CdpCustomerResolver } from './cdp-customer/cdp-customer.resolver';
import { CdpCustomerService } from './cdp-customer/cdp-customer.service';
import { CdpOnboardingResolver } from './cdp-onboarding/cdp-onboarding.resolver';
import { CdpOnboardingService } from './cdp-onboarding/cdp-onboarding.service';
import { CdpSettingsResolver } from './cdp-settings/cdp-settings.resolver';
import { CdpSettingsService } from './cdp-settings/cdp-settings.service';
import { CdpSessions } from './cdp-settings/cdp-sessions';
import { createProviderCdpDataSource } from './data-source';
import { loadEnv } from './env';
import { providerCdpEventHandlers, HANDLED_EVENTS } from './events/handlers';
import { buildProviderCdpSchema } from './schema';
import { SEALED_COLUMNS } from './sealed-columns';

const env = loadEnv();
const log = createLogger({ service: 'provider-cdp', level: env.LOG_LEVEL });

runMain(log, async () => {
  const consumedTopics = topicsOf(HANDLED_EVENTS);
  const infra = await openInfrastructure({ service: 'provider-cdp', env, log, ds: createProviderCdpDataSource(env.DATABASE_URL), consumedTopics });
  const { ds, relay } = infra;
  const cipher = createPiiCipher(env.PII_ENCRYPTION_KEY, env.PII_PREVIOUS_KEYS);
  await refuseUnreadableSealedData('provider-cdp', ds, cipher, SEALED_COLUMNS);
  const client = createCdpClient({
    baseUrl: env.CDP_BASE_URL,
    timeoutMs: env.CDP_TIMEOUT_MS,
    maxAttempts: env.CDP_MAX_ATTEMPTS,
    retryInitialDelayMs: env.CDP_RETRY_INITIAL_DELAY_MS,
    retryMaxDelayMs: env.CDP_RETRY_MAX_DELAY_MS,
    breakerThreshold: env.CDP_BREAKER_THRESHOLD,
    breakerHalfOpenAfterMs: env.CDP_BREAKER_HALF_OPEN_MS,
  });
  const fetchBlob = createBlobClient({ secret: env.INTERNAL_CONTEXT_SECRET, timeoutMs: env.BLOB_FETCH_TIMEOUT_MS, maxAttempts: env.BLOB_FETCH_MAX_ATTEMPTS });
  // identity-document stores the card photos, selfies and ID images; provider-nid the EC photos.
  const images = routeBlobFetches(fetchBlob, { 'doc-image': env.IDENTITY_DOCUMENT_URL, 'ec-photo': env.PROVIDER_NID_URL });
  const settings = new CdpSettingsService({ ds, cipher, client, relay, log });
  const sessions = new CdpSessions({ client, settings, refreshMarginMs: env.CDP_TOKEN_REFRESH_MARGIN_MS });
  const onboardings = new CdpOnboardingService({
    ds,
    cipher,
    client,
    sessions,
    settings,
    images,
    relay,
    log,
    retry: { baseDelayMs: env.CDP_REQUEUE_BASE_MS, maxDelayMs: env.CDP_REQUEUE_MAX_MS, giveUpAfterMs: env.CDP_GIVE_UP_AFTER_MS, leaseMs: env.CDP_LEASE_MS },
    circuitOpenDelayMs: env.CDP_BREAKER_HALF_OPEN_MS,
    nidWaitMs: env.CDP_NID_WAIT_MS,
  });
  const worker = createApplicationQueueWorker('CDP onboarding', {
    service: onboardings,
    log,
    pollMs: env.CDP_WORKER_POLL_MS,
    concurrency: env.CDP_WORKER_CONCURRENCY,
  });
  settings.onRestored(async (tenantId, fresh) => {
    sessions.forget(tenantId, fresh);
    if ((await onboardings.resumeWaiting(tenantId)) > 0) worker.nudge();
  });
  const customers = new CdpCustomerService({ ds, client, sessions, relay });

  const running = await serveSubgraph({
    infra,
    env,
    port: env.PORT,
    schema: await buildProviderCdpSchema(),
    container: createContainer([
      onboardings,
      settings,
      customers,
      new CdpOnboardingResolver(onboardings, () => worker.nudge()),
      new CdpSettingsResolver(settings),
      new CdpCustomerResolver(customers),
    ]),
    consumer: {
      topics: consumedTopics,
      handlers: providerCdpEventHandlers({ onboardings, nudgeWorker: () => worker.nudge() }),
    },
  });
  worker.start();
  stopOnSignals([() => worker.stop(), () => running.stop(), () => client.close()], log, env.SHUTDOWN_TIMEOUT_MS);
});
