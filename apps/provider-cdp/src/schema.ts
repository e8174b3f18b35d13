import type { GraphQLSchema } from 'graphql';
import { applicationRefReference, buildFederatedSchema } from '@ekyc/subgraph-kit';
import { ApplicationRef } from './application/application.type';
import { CdpOnboardingResolver } from './cdp-onboarding/cdp-onboarding.resolver';

export const buildProviderCdpSchema = (): Promise<GraphQLSchema> =>
  buildFederatedSchema({ resolvers: [CdpOnboardingResolver], orphanedTypes: [ApplicationRef], referenceResolvers: applicationRefReference });
