import type { DataSource } from 'typeorm';
import type { PiiCipher } from '@ekyc/crypto';
import type { EventBus } from '@ekyc/event-bus';
import { ALL_EVENT_TOPICS, deadLetterTopicOf } from '@ekyc/event-schemas';
import type { Logger } from '@ekyc/logger';
import { AuditEventResolver } from './audit-event/audit-event.resolver';
import { AuditEventService } from './audit-event/audit-event.service';
import { auditBillingEventHandlers } from './events/handlers';
import { BillingResolver } from './billing/billing.resolver';
import { PriceListService } from './billing/price-list.service';
import { UsageReportService } from './billing/usage-report.service';
import { UsageProjector } from './billing/usage.projector';
import { ProjectionRebuildResolver } from './projection/projection-rebuild.resolver';
import { ProjectionRebuildService } from './projection/projection-rebuild.service';
import { Projections } from './projection/projections';
import { ReconciliationResolver } from './reconciliation/reconciliation.resolver';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import { VendorReportProjector } from './reconciliation/vendor-report.projector';
import { VerificationStatsResolver } from './stats/verification-stats.resolver';
import { VerificationStatsService } from './stats/verification-stats.service';
import { TenantSettingsResolver } from './tenant-settings/tenant-settings.resolver';
import { TenantSettingsService } from './tenant-settings/tenant-settings.service';
import { VerificationLogProjector } from './verification-log/verification-log.projector';
import { VerificationLogResolver } from './verification-log/verification-log.resolver';
import { VerificationLogService } from './verification-log/verification-log.service';
import { WebhookResolver } from './webhooks/webhook.resolver';
import { WebhookService, type WebhookDeliveryOptions } from './webhooks/webhook.service';
import { createWebhookWorker } from './webhooks/webhook.worker';

/** Everything audit-billing runs, built from its connections; main.ts serves it (and starts `webhookWorker`), rebuild.ts replays with it. */
export function createAuditBilling({
  ds,
  bus,
  log,
  cipher,
  webhookOptions,
  webhookWorker,
}: {
  ds: DataSource;
  bus: EventBus;
  log: Logger;
  cipher: PiiCipher;
  webhookOptions: WebhookDeliveryOptions;
  webhookWorker: { pollMs: number; concurrency: number };
}) {
  const audit = new AuditEventService({ ds });
  const settings = new TenantSettingsService({ ds });
  const prices = new PriceListService({ ds });
  const projections = new Projections({
    log: new VerificationLogProjector({ ds, cipher, log }),
    usage: new UsageProjector({ ds }),
    vendor: new VendorReportProjector({ ds }),
  });
  const rebuilds = new ProjectionRebuildService({ ds, bus, log, projections, topics: ALL_EVENT_TOPICS, deadLetterTopic: deadLetterTopicOf('audit-billing') });
  const verificationLog = new VerificationLogService({ ds, cipher });
  const usage = new UsageReportService({ ds, prices });
  const reconciliation = new ReconciliationService({ ds });
  const stats = new VerificationStatsService({ ds });
  const webhooks = new WebhookService({ ds, cipher, log, options: webhookOptions });
  const webhookSender = createWebhookWorker({ service: webhooks, log, ...webhookWorker });

  const handlers = auditBillingEventHandlers({ audit, projections, webhooks, nudgeWebhooks: () => webhookSender.nudge() });

  const instances = [
    new AuditEventResolver(audit, settings),
    new VerificationLogResolver(verificationLog, settings),
    new BillingResolver(prices, usage),
    new ReconciliationResolver(reconciliation),
    new VerificationStatsResolver(stats),
    new TenantSettingsResolver(settings),
    new ProjectionRebuildResolver(rebuilds),
    new WebhookResolver(webhooks, () => webhookSender.nudge()),
  ];
  return { audit, projections, rebuilds, webhooks, webhookSender, handlers, instances };
}
