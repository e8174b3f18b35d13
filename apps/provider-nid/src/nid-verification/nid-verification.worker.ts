import type { Logger } from '@ekyc/logger';
import type { NidVerificationService } from './nid-verification.service';

export interface NidVerificationWorker {
  start(): void;
  /** Polls now instead of at the next tick, e.g. after new work was queued. */
  nudge(): void;
  /** One pass: claims due work and processes it; returns how many verifications it handled. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

/** Polls the verification queue and works through due items, `concurrency` at a time. */
export function createNidVerificationWorker(deps: { service: NidVerificationService; log: Logger; pollMs: number; concurrency: number }): NidVerificationWorker {
  const { service, log } = deps;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let stopped = true;
  let again = false;

  async function tick(): Promise<number> {
    const claimed = await service.claimDue(deps.concurrency);
    const results = await Promise.allSettled(claimed.map((record) => service.process(record)));
    results.forEach((r, i) => {
      if (r.status === 'rejected') log.error({ err: (r.reason as Error).message, applicationId: claimed[i]?.applicationId }, 'NID verification attempt failed; the lease will expire and it is retried');
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
        log.error({ err: err.message }, 'NID verification worker pass failed');
        return 0;
      })
      .finally(() => {
        running = null;
      });
    void running.then((handled) => {
      const more = handled === deps.concurrency || again;
      again = false;
      schedule(more ? 0 : deps.pollMs);
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
