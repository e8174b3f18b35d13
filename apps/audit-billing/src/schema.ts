import type { GraphQLSchema } from 'graphql';
import { applicationRefReference, buildFederatedSchema } from '@ekyc/subgraph-kit';
import { ApplicationRef } from './application/application.type';
import { AuditEventResolver } from './audit-event/audit-event.resolver';
import { BillingResolver } from './billing/billing.resolver';
import { ProjectionRebuildResolver } from './projection/projection-rebuild.resolver';
import { ReconciliationResolver } from './reconciliation/reconciliation.resolver';
import { VerificationStatsResolver } from './stats/verification-stats.resolver';
import { TenantSettingsResolver } from './tenant-settings/tenant-settings.resolver';
import { VerificationLogResolver } from './verification-log/verification-log.resolver';
import { WebhookResolver } from './webhooks/webhook.resolver';

export const buildAuditBillingSchema = (): Promise<GraphQLSchema> =>
  buildFederatedSchema({
    resolvers: [
      AuditEventResolver,
      VerificationLogResolver,
      BillingResolver,
      ReconciliationResolver,
      VerificationStatsResolver,
      TenantSettingsResolver,
      ProjectionRebuildResolver,
      WebhookResolver,
    ],
    orphanedTypes: [ApplicationRef],
    referenceResolvers: applicationRefReference,
  });
