import type { GraphQLSchema } from 'graphql';
import { applicationRefReference, buildFederatedSchema } from '@ekyc/subgraph-kit';
import { ApplicationRef } from './application/application.type';
import { NidVerificationResolver } from './nid-verification/nid-verification.resolver';

export const buildProviderNidSchema = (): Promise<GraphQLSchema> =>
  buildFederatedSchema({ resolvers: [NidVerificationResolver], orphanedTypes: [ApplicationRef], referenceResolvers: applicationRefReference });
