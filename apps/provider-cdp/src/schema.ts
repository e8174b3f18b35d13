import type { GraphQLSchema } from 'graphql';
import { applicationRefReference, buildFederatedSchema } from '@ekyc/subgraph-kit';
import { CdpOnboardingResolver } from './cdp-onboarding/cdp-onboarding.resolver';

export const buildProviderCdpSchema = (): Promise<GraphQLSchema> =>
  buildFederatedSchema({ resolvers: [CdpOnboardingResolver], referenceResolvers: applicationRefReference });
