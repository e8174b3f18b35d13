import 'reflect-metadata';
import { TOPICS } from '@ekyc/event-schemas';
import { createLogger } from '@ekyc/logger';
import { createContainer, openInfrastructure, runMain, serveSubgraph, stopOnSignals } from '@ekyc/subgraph-kit';
import { createBiometricDataSource } from './data-source';
import { loadEnv } from './env';
import { FaceMatchResolver } from './face-match/face-match.resolver';
import { FaceMatchService } from './face-match/face-match.service';
import { buildBiometricSchema } from './schema';

const env = loadEnv();
const log = createLogger({ service: 'biometric', level: env.LOG_LEVEL });

runMain(log, async () => {
  const consumedTopics = [TOPICS.identityDocument];
  const infra = await openInfrastructure({ service: 'biometric', env, log, ds: createBiometricDataSource(env.DATABASE_URL), consumedTopics });
  const faceMatches = new FaceMatchService({ ds: infra.ds });
  const running = await serveSubgraph({
    infra,
    env,
    port: env.PORT,
    schema: await buildBiometricSchema(),
    container: createContainer([faceMatches, new FaceMatchResolver(faceMatches)]),
    consumer: {
      topics: consumedTopics,
      handlers: { 'application.created': (event, { manager }) => faceMatches.track(manager, event) },
    },
  });
  stopOnSignals(running, log, env.SHUTDOWN_TIMEOUT_MS);
});
