import type { GraphQLSchema } from 'graphql';
import { applicationRefReference, buildFederatedSchema } from '@ekyc/subgraph-kit';
import { ApplicationRef } from './application/application.type';
import { AuditEventResolver } from './audit-event/audit-event.resolver';

export const buildAuditBillingSchema = (): Promise<GraphQLSchema> =>
  buildFederatedSchema({ resolvers: [AuditEventResolver], orphanedTypes: [ApplicationRef], referenceResolvers: applicationRefReference });
