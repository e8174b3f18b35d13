import 'reflect-metadata';
import { createPiiCipher } from '@ekyc/crypto';
import { createLogger } from '@ekyc/logger';
import { createContainer, openInfrastructure, runMain, serveSubgraph, stopOnSignals } from '@ekyc/subgraph-kit';
import { ApplicationResolver } from './application/application.resolver';
import { ApplicationService } from './application/application.service';
import { createIdentityDocumentDataSource } from './data-source';
import { loadEnv } from './env';
import { buildIdentityDocumentSchema } from './schema';

const env = loadEnv();
const log = createLogger({ service: 'identity-document', level: env.LOG_LEVEL });

runMain(log, async () => {
  const infra = await openInfrastructure({ service: 'identity-document', env, log, ds: createIdentityDocumentDataSource(env.DATABASE_URL) });
  const applications = new ApplicationService({ ds: infra.ds, cipher: createPiiCipher(env.PII_ENCRYPTION_KEY), relay: infra.relay });
  const running = await serveSubgraph({
    infra,
    env,
    port: env.PORT,
    schema: await buildIdentityDocumentSchema(),
    container: createContainer([applications, new ApplicationResolver(applications)]),
  });
  stopOnSignals(running, log, env.SHUTDOWN_TIMEOUT_MS);
});
