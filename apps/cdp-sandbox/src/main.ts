import { createLogger } from '@ekyc/logger';
import { runMain, stopOnSignals } from '@ekyc/service-runtime';
import { loadEnv } from './env';
import { startCdpSandbox } from './sandbox';

const env = loadEnv();
const log = createLogger({ service: 'cdp-sandbox', level: env.LOG_LEVEL });

runMain(log, async () => {
  const running = await startCdpSandbox({
    port: env.PORT,
    host: env.HOST,
    publicUrl: env.CDP_SANDBOX_PUBLIC_URL,
    faults: env.CDP_SANDBOX_FAULTS,
    admin: env.CDP_SANDBOX_ADMIN,
    accessTokenTtlSeconds: env.CDP_ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: env.CDP_REFRESH_TOKEN_TTL_SECONDS,
    activationSeconds: env.CDP_SANDBOX_ACTIVATION_SECONDS,
    log,
  });
  log.info({ url: running.url, admin: env.CDP_SANDBOX_ADMIN }, 'cdp-sandbox listening');
  stopOnSignals([running.close], log, env.SHUTDOWN_TIMEOUT_MS);
});
