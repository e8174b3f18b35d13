import type { Logger } from '@ekyc/logger';

export interface QueueWorker {
  /** Starts polling; the first pass runs at once, so work queued before a restart is picked up. */
  start(): void;
  /** Polls now instead of at the next tick, e.g. after new work was queued. */
  nudge(): void;
  /** One pass: claims due work and processes it; returns how many items it handled. */
  tick(): Promise<number>;
  /** Stops polling and waits for the pass in flight. */
  stop(): Promise<void>;
}

export interface QueueWorkerOptions<T> {
  /** Names the work in logs, e.g. "NID verification". */
  what: string;
  /** Claims up to `limit` due items under a lease (e.g. SELECT … FOR UPDATE SKIP LOCKED). */
  claimDue(limit: number): Promise<T[]>;
  process(item: T): Promise<unknown>;
  /** Log fields that identify an item. */
  describe?(item: T): Record<string, unknown>;
  log: Logger;
  pollMs: number;
  concurrency: number;
}

/**
 * Polls a leased work queue and works through due items, `concurrency` at a time. A full batch polls
 * again at once; a failed item is only logged, since its lease expires and another pass retries it.
 */
export function createQueueWorker<T>(options: QueueWorkerOptions<T>): QueueWorker {
  const { log, what } = options;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let stopped = true;
  let again = false;

  async function tick(): Promise<number> {
    const claimed = await options.claimDue(options.concurrency);
    const results = await Promise.allSettled(claimed.map((item) => options.process(item)));
    results.forEach((r, i) => {
      if (r.status === 'rejected') {
        const item = claimed[i] as T;
        log.error({ err: (r.reason as Error).message, ...options.describe?.(item) }, `${what} attempt failed; the lease will expire and it is retried`);
      }
    });
    return claimed.length;
  }

  function schedule(delayMs: number) {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(loop, delayMs);
  }

  function loop() {
    timer = null;
    if (running) {
      again = true;
      return;
    }
    running = tick()
      .catch((err: Error) => {
        log.error({ err: err.message }, `${what} worker pass failed`);
        return 0;
      })
      .finally(() => {
        running = null;
      });
    void running.then((handled) => {
      const more = handled === options.concurrency || again;
      again = false;
      schedule(more ? 0 : options.pollMs);
    });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    nudge() {
      schedule(0);
    },
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}

/** A service that holds a queue of per-application work: it claims due items under a lease and processes one. */
export interface ApplicationQueue<T extends { applicationId: string }> {
  claimDue(limit: number): Promise<T[]>;
  process(item: T): Promise<unknown>;
}

/** Polls a service's queue and works through due items, `concurrency` at a time; logs name each item's application. */
export const createApplicationQueueWorker = <T extends { applicationId: string }>(
  what: string,
  deps: { service: ApplicationQueue<T>; log: Logger; pollMs: number; concurrency: number },
): QueueWorker =>
  createQueueWorker({
    what,
    claimDue: (limit) => deps.service.claimDue(limit),
    process: (record) => deps.service.process(record),
    describe: (record) => ({ applicationId: record.applicationId }),
    log: deps.log,
    pollMs: deps.pollMs,
    concurrency: deps.concurrency,
  });
