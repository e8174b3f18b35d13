import type { GraphQLSchema } from 'graphql';
import { applicationRefReference, buildFederatedSchema } from '@ekyc/subgraph-kit';
import { FaceMatchResolver } from './face-match/face-match.resolver';

export const buildBiometricSchema = (): Promise<GraphQLSchema> =>
  buildFederatedSchema({ resolvers: [FaceMatchResolver], referenceResolvers: applicationRefReference });
