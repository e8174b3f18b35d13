import type { Logger } from '@ekyc/logger';
import { createQueueWorker, type QueueWorker } from '@ekyc/leased-queue';
import type { NidVerificationService } from './nid-verification.service';

/** Polls the verification queue and works through due items, `concurrency` at a time. */
export const createNidVerificationWorker = (deps: { service: NidVerificationService; log: Logger; pollMs: number; concurrency: number }): QueueWorker =>
  createQueueWorker({
    what: 'NID verification',
    claimDue: (limit) => deps.service.claimDue(limit),
    process: (record) => deps.service.process(record),
    describe: (record) => ({ applicationId: record.applicationId }),
    log: deps.log,
    pollMs: deps.pollMs,
    concurrency: deps.concurrency,
  });
