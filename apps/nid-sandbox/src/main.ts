import { createLogger } from '@ekyc/logger';
import { runMain, stopOnSignals } from '@ekyc/service-runtime';
import { loadEnv } from './env';
import { startNidSandbox } from './sandbox';

const env = loadEnv();
const log = createLogger({ service: 'nid-sandbox', level: env.LOG_LEVEL });

runMain(log, async () => {
  const running = await startNidSandbox({
    port: env.PORT,
    host: env.HOST,
    publicUrl: env.NID_SANDBOX_PUBLIC_URL,
    faults: env.NID_SANDBOX_FAULTS,
    admin: env.NID_SANDBOX_ADMIN,
    accessTokenTtlSeconds: env.NID_ACCESS_TOKEN_TTL_SECONDS,
    log,
  });
  log.info({ url: running.url, publicUrl: running.sandbox.state.publicUrl, admin: env.NID_SANDBOX_ADMIN }, 'nid-sandbox listening');
  stopOnSignals([running.close], log, env.SHUTDOWN_TIMEOUT_MS);
});
