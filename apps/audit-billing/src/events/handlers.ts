import type { EventHandlers } from '@ekyc/event-bus';
import { EVENT_TYPES, type EventType } from '@ekyc/event-schemas';
import type { AuditEventService } from '../audit-event/audit-event.service';
import { handleEveryEvent, type Projections } from '../projection/projections';
import type { WebhookService } from '../webhooks/webhook.service';

/** audit-billing listens to every event: each one is chained into the audit trail. */
export const HANDLED_EVENTS: readonly EventType[] = EVENT_TYPES;

/**
 * The audit entry, the projections and the webhook deliveries commit together: an event is either fully taken in or
 * redelivered. A rebuild replays projections only, so it never sends a webhook twice.
 */
export function auditBillingEventHandlers(deps: {
  audit: AuditEventService;
  projections: Projections;
  webhooks: WebhookService;
  nudgeWebhooks: () => void;
}): EventHandlers {
  const { audit, projections, webhooks, nudgeWebhooks } = deps;
  return handleEveryEvent(async (event, ctx) => {
    await audit.record(event, ctx);
    await projections.apply(ctx.manager, event);
    if ((await webhooks.onEvent(ctx.manager, event)) > 0) ctx.afterCommit(nudgeWebhooks);
  });
}
