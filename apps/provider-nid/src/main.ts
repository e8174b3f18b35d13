import 'reflect-metadata';
import { TOPICS } from '@ekyc/event-schemas';
import { createLogger } from '@ekyc/logger';
import { createContainer, openInfrastructure, runMain, serveSubgraph, stopOnSignals } from '@ekyc/subgraph-kit';
import { createProviderNidDataSource } from './data-source';
import { loadEnv } from './env';
import { NidVerificationResolver } from './nid-verification/nid-verification.resolver';
import { NidVerificationService } from './nid-verification/nid-verification.service';
import { buildProviderNidSchema } from './schema';

const env = loadEnv();
const log = createLogger({ service: 'provider-nid', level: env.LOG_LEVEL });

runMain(log, async () => {
  const consumedTopics = [TOPICS.identityDocument];
  const infra = await openInfrastructure({ service: 'provider-nid', env, log, ds: createProviderNidDataSource(env.DATABASE_URL), consumedTopics });
  const verifications = new NidVerificationService({ ds: infra.ds });
  const running = await serveSubgraph({
    infra,
    env,
    port: env.PORT,
    schema: await buildProviderNidSchema(),
    container: createContainer([verifications, new NidVerificationResolver(verifications)]),
    consumer: {
      topics: consumedTopics,
      handlers: { 'application.created': (event, { manager }) => verifications.track(manager, event) },
    },
  });
  stopOnSignals(running, log, env.SHUTDOWN_TIMEOUT_MS);
});
