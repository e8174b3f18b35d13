import type { Logger } from '@ekyc/logger';
import type { FaceMatchService } from './face-match.service';

export interface FaceMatchWorker {
  /** Starts polling; the first pass runs at once, so matches queued before a restart are picked up. */
  start(): void;
  /** Polls now instead of at the next tick, e.g. after the consumer queued a match. */
  nudge(): void;
  /** One pass: claims due matches and processes them; returns how many it handled. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

/** Polls the face-match queue and works through due items, `concurrency` at a time. */
export function createFaceMatchWorker(deps: { service: Pick<FaceMatchService, 'claimDue' | 'process'>; log: Logger; pollMs: number; concurrency: number }): FaceMatchWorker {
  const { service, log } = deps;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let stopped = true;
  let again = false;

  async function tick(): Promise<number> {
    const claimed = await service.claimDue(deps.concurrency);
    const results = await Promise.allSettled(claimed.map((record) => service.process(record)));
    results.forEach((r, i) => {
      if (r.status === 'rejected') log.error({ err: (r.reason as Error).message, applicationId: claimed[i]?.applicationId }, 'face match attempt failed; the lease will expire and it is retried');
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
        log.error({ err: err.message }, 'face match worker pass failed');
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
