import type { Logger } from '@ekyc/logger';
import { createQueueWorker, type QueueWorker } from '@ekyc/leased-queue';
import type { CdpOnboardingService } from './cdp-onboarding.service';

/** Polls the onboarding queue and works through due items, `concurrency` at a time. */
export const createCdpOnboardingWorker = (deps: { service: CdpOnboardingService; log: Logger; pollMs: number; concurrency: number }): QueueWorker =>
  createQueueWorker({
    what: 'CDP onboarding',
    claimDue: (limit) => deps.service.claimDue(limit),
    process: (record) => deps.service.process(record),
    describe: (record) => ({ applicationId: record.applicationId }),
    log: deps.log,
    pollMs: deps.pollMs,
    concurrency: deps.concurrency,
  });
