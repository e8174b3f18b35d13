import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '@ekyc/subgraph-kit';
import { applicationReference } from './application/application.reference';
import { ApplicationResolver } from './application/application.resolver';

export const buildIdentityDocumentSchema = (): Promise<GraphQLSchema> =>
  buildFederatedSchema({ resolvers: [ApplicationResolver], referenceResolvers: applicationReference });
