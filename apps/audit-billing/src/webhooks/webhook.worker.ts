import type { Logger } from '@ekyc/logger';
import { createQueueWorker, type QueueWorker } from '@ekyc/leased-queue';
import type { Env } from '../env';
import type { WebhookDeliveryOptions, WebhookService } from './webhook.service';

/** Sends due webhook deliveries, `concurrency` at a time. */
export const createWebhookWorker = (deps: { service: WebhookService; log: Logger; pollMs: number; concurrency: number }): QueueWorker =>
  createQueueWorker({
    what: 'webhook delivery',
    claimDue: (limit) => deps.service.claimDue(limit),
    process: (delivery) => deps.service.process(delivery),
    describe: (delivery) => ({ deliveryId: delivery.id, endpointId: delivery.endpointId, eventType: delivery.eventType }),
    log: deps.log,
    pollMs: deps.pollMs,
    concurrency: deps.concurrency,
  });

/** The webhook settings `createAuditBilling` takes, from the environment. */
export const webhookSettingsFrom = (env: Env) => ({
  webhookOptions: webhookOptionsFrom(env),
  webhookWorker: { pollMs: env.WEBHOOK_WORKER_POLL_MS, concurrency: env.WEBHOOK_WORKER_CONCURRENCY },
});

/** The delivery settings of the environment; outside production, receivers on http and private networks (a laptop, a test) are allowed. */
export const webhookOptionsFrom = (env: Env): WebhookDeliveryOptions => ({
  maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
  retryBaseMs: env.WEBHOOK_RETRY_BASE_MS,
  retryMaxMs: env.WEBHOOK_RETRY_MAX_MS,
  timeoutMs: env.WEBHOOK_TIMEOUT_MS,
  leaseMs: env.WEBHOOK_LEASE_MS,
  rotationOverlapMs: env.WEBHOOK_ROTATION_OVERLAP_MS,
  maxEndpointsPerTenant: env.WEBHOOK_MAX_ENDPOINTS,
  target: {
    allowHttp: env.WEBHOOK_ALLOW_HTTP ?? env.NODE_ENV !== 'production',
    allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS ?? env.NODE_ENV !== 'production',
  },
});
