import 'reflect-metadata';
import { createLogger } from '@ekyc/logger';
import { runMain, stopOnSignals } from '@ekyc/service-runtime';
import { createGatewayDataSource } from './data-source';
import { loadEnv } from './env';
import { IamService } from './iam/iam.service';
import { startGatewayServer } from './server';

const env = loadEnv();
const log = createLogger({ service: 'gateway', level: env.LOG_LEVEL });

runMain(log, async () => {
  const ds = await createGatewayDataSource(env.DATABASE_URL).initialize();
  const iam = new IamService({
    ds,
    jwt: { secret: env.JWT_SECRET, ttlSeconds: env.JWT_TTL_SECONDS },
    cacheTtlMs: env.TOKEN_CACHE_TTL_MS,
    revisionCheckMs: env.AUTH_REVISION_CHECK_MS,
  });
  const server = await startGatewayServer({ env, log, ds, iam });
  stopOnSignals([() => server.stop(), () => ds.destroy()], log, env.SHUTDOWN_TIMEOUT_MS);
});
