import { createServiceDataSource, type DataSource } from '@ekyc/db';
import { AuditChainHeadRecord } from './audit-event/audit-chain-head.entity';
import { AuditEventRecord } from './audit-event/audit-event.entity';
import { PriceListItemRecord } from './billing/price-list-item.entity';
import { UsageCallRecord } from './billing/usage-call.entity';
import { Initial1763750000000 } from './migrations/1763750000000-initial';
import { AuditChainAndBilling1764100000000 } from './migrations/1764100000000-audit-chain-and-billing';
import { Webhooks1764400000000 } from './migrations/1764400000000-webhooks';
import { ProjectionRebuildRecord } from './projection/projection-rebuild.entity';
import { VendorBillingReportRecord } from './reconciliation/vendor-billing-report.entity';
import { TenantSettingsRecord } from './tenant-settings/tenant-settings.entity';
import { VerificationLogRecord } from './verification-log/verification-log.entity';
import { WebhookAttemptRecord, WebhookDeliveryRecord, WebhookEndpointRecord } from './webhooks/webhook.entity';

export const SCHEMA = 'audit_billing';

export const createAuditBillingDataSource = (url: string): DataSource =>
  createServiceDataSource({
    url,
    schema: SCHEMA,
    applicationName: 'audit-billing',
    entities: [
      AuditEventRecord,
      AuditChainHeadRecord,
      VerificationLogRecord,
      UsageCallRecord,
      VendorBillingReportRecord,
      TenantSettingsRecord,
      PriceListItemRecord,
      ProjectionRebuildRecord,
      WebhookEndpointRecord,
      WebhookDeliveryRecord,
      WebhookAttemptRecord,
    ],
    migrations: [Initial1763750000000, AuditChainAndBilling1764100000000, Webhooks1764400000000],
  });
