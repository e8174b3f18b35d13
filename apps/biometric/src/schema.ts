import type { GraphQLSchema } from 'graphql';
import { applicationRefReference, buildFederatedSchema } from '@ekyc/subgraph-kit';
import { ApplicationRef } from './application/application.type';
import { FaceMatchSettingsResolver } from './face-match-settings/face-match-settings.resolver';
import { FaceMatchResolver } from './face-match/face-match.resolver';
import { LivenessResolver } from './liveness/liveness.resolver';

export const buildBiometricSchema = (): Promise<GraphQLSchema> =>
  buildFederatedSchema({
    resolvers: [FaceMatchResolver, FaceMatchSettingsResolver, LivenessResolver],
    orphanedTypes: [ApplicationRef],
    referenceResolvers: applicationRefReference,
  });
