import type { Logger } from '@ekyc/logger';

/** One part of a graceful shutdown: stop polling, close a server, close a pool. */
export type ShutdownStep = () => unknown;

/** Runs until SIGTERM/SIGINT, then runs the shutdown steps one after another, all within the timeout. */
export function stopOnSignals(steps: readonly ShutdownStep[], log: Logger, timeoutMs: number): void {
  const stopAll = async () => {
    for (const step of steps) await step();
  };
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
    stopAll().then(
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
