import type { GraphQLSchema } from 'graphql';
import { applicationRefReference, buildFederatedSchema } from '@ekyc/subgraph-kit';
import { ApplicationRef } from './application/application.type';
import { FaceMatchResolver } from './face-match/face-match.resolver';

export const buildBiometricSchema = (): Promise<GraphQLSchema> =>
  buildFederatedSchema({ resolvers: [FaceMatchResolver], orphanedTypes: [ApplicationRef], referenceResolvers: applicationRefReference });
