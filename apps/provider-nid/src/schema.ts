import type { GraphQLSchema } from 'graphql';
import { applicationRefReference, buildFederatedSchema } from '@ekyc/subgraph-kit';
import { ApplicationRef } from './application/application.type';
import { NidBillingResolver } from './nid-billing/nid-billing.resolver';
import { NidCredentialsResolver } from './nid-credentials/nid-credentials.resolver';
import { NidVerificationResolver } from './nid-verification/nid-verification.resolver';

export const buildProviderNidSchema = (): Promise<GraphQLSchema> =>
  buildFederatedSchema({
    resolvers: [NidVerificationResolver, NidCredentialsResolver, NidBillingResolver],
    orphanedTypes: [ApplicationRef],
    referenceResolvers: applicationRefReference,
  });
