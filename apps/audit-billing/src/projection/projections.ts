import type { EntityManager } from 'typeorm';
import type { EventHandlers, HandlerContext } from '@ekyc/event-bus';
import { EVENT_TYPES, type KycEvent } from '@ekyc/event-schemas';
import type { UsageProjector } from '../billing/usage.projector';
import type { VendorReportProjector } from '../reconciliation/vendor-report.projector';
import type { VerificationLogProjector } from '../verification-log/verification-log.projector';

/** The tables derived from the topics alone: emptied and refilled by a rebuild. Settings and price lists are not among them. */
export const PROJECTION_TABLES = ['verification_log', 'usage_calls', 'vendor_billing_reports'] as const;

/** Every read model fed by events; each write is idempotent and order-independent, so live and replaying consumers may overlap. */
export class Projections {
  constructor(private readonly deps: { log: VerificationLogProjector; usage: UsageProjector; vendor: VendorReportProjector }) {}

  async apply(manager: EntityManager, event: KycEvent): Promise<void> {
    const { log, usage, vendor } = this.deps;
    switch (event.type) {
      case 'application.submitted':
        return log.onSubmitted(manager, event as KycEvent<'application.submitted'>);
      case 'verification.completed':
        return log.onCompleted(manager, event as KycEvent<'verification.completed'>);
      case 'nid.call.recorded':
        return usage.onNidCall(manager, event as KycEvent<'nid.call.recorded'>);
      case 'cdp.call.recorded':
        return usage.onCdpCall(manager, event as KycEvent<'cdp.call.recorded'>);
      case 'nid.billing.report.fetched':
        return vendor.onReportFetched(manager, event as KycEvent<'nid.billing.report.fetched'>);
      default:
        return;
    }
  }
}

/** One handler for every type in the catalog, so every event is marked processed by the group (audited, or counted by a rebuild). */
export function handleEveryEvent(handler: (event: KycEvent, ctx: HandlerContext) => Promise<void>): EventHandlers {
  return Object.fromEntries(EVENT_TYPES.map((type) => [type, handler])) as EventHandlers;
}
