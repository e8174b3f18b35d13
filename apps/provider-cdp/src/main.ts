import 'reflect-metadata';
import { TOPICS } from '@ekyc/event-schemas';
import { createLogger } from '@ekyc/logger';
import { createContainer, openInfrastructure, runMain, serveSubgraph, stopOnSignals } from '@ekyc/subgraph-kit';
import { createProviderCdpDataSource } from './data-source';
import { loadEnv } from './env';
import { CdpOnboardingResolver } from './cdp-onboarding/cdp-onboarding.resolver';
import { CdpOnboardingService } from './cdp-onboarding/cdp-onboarding.service';
import { buildProviderCdpSchema } from './schema';

const env = loadEnv();
const log = createLogger({ service: 'provider-cdp', level: env.LOG_LEVEL });

runMain(log, async () => {
  const consumedTopics = [TOPICS.identityDocument];
  const infra = await openInfrastructure({ service: 'provider-cdp', env, log, ds: createProviderCdpDataSource(env.DATABASE_URL), consumedTopics });
  const onboardings = new CdpOnboardingService({ ds: infra.ds });
  const running = await serveSubgraph({
    infra,
    env,
    port: env.PORT,
    schema: await buildProviderCdpSchema(),
    container: createContainer([onboardings, new CdpOnboardingResolver(onboardings)]),
    consumer: {
      topics: consumedTopics,
      handlers: { 'application.created': (event, { manager }) => onboardings.track(manager, event) },
    },
  });
  stopOnSignals(running, log, env.SHUTDOWN_TIMEOUT_MS);
});
