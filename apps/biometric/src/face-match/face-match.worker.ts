import type { Logger } from '@ekyc/logger';
import { createQueueWorker, type QueueWorker } from '@ekyc/leased-queue';
import type { FaceMatchService } from './face-match.service';

/** Polls the face-match queue and works through due items, `concurrency` at a time. */
export const createFaceMatchWorker = (deps: {
  service: Pick<FaceMatchService, 'claimDue' | 'process'>;
  log: Logger;
  pollMs: number;
  concurrency: number;
}): QueueWorker =>
  createQueueWorker({
    what: 'face match',
    claimDue: (limit) => deps.service.claimDue(limit),
    process: (record) => deps.service.process(record),
    describe: (record) => ({ applicationId: record.applicationId }),
    log: deps.log,
    pollMs: deps.pollMs,
    concurrency: deps.concurrency,
  });
