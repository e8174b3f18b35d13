import type { Logger } from '@ekyc/logger';

/** Runs until SIGTERM/SIGINT, then shuts down gracefully within the timeout. */
export function stopOnSignals(running: { stop(): Promise<void> }, log: Logger, timeoutMs: number): void {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error('graceful shutdown timed out; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    running.stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err: Error) => {
        log.error({ err: err.message }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

/** Composition roots call this so a startup failure is logged once and exits non-zero. */
export function runMain(log: Logger, main: () => Promise<void>): void {
  main().catch((err: Error) => {
    log.fatal({ err: { message: err.message, stack: err.stack } }, 'failed to start');
    process.exit(1);
  });
}
