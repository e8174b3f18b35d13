import type { WebhookDeliveryOptions } from '../webhooks/webhook.service';

/** Webhook settings for tests: quick retries, and receivers on this machine (http, loopback) allowed. */
export const testWebhookOptions = (change: Partial<WebhookDeliveryOptions> = {}): WebhookDeliveryOptions => ({
  maxAttempts: 4,
  retryBaseMs: 50,
  retryMaxMs: 400,
  timeoutMs: 2_000,
  leaseMs: 10_000,
  rotationOverlapMs: 60_000,
  maxEndpointsPerTenant: 3,
  target: { allowHttp: true, allowPrivateNetworks: true },
  ...change,
});
