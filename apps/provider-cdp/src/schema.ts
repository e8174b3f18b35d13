import type { GraphQLSchema } from 'graphql';
import { applicationRefReference, buildFederatedSchema } from '@ekyc/subgraph-kit';
import { ApplicationRef } from './application/application.type';
import { CdpCustomerResolver } from './cdp-customer/cdp-customer.resolver';
import { CdpOnboardingResolver } from './cdp-onboarding/cdp-onboarding.resolver';
import { CdpSettingsResolver } from './cdp-settings/cdp-settings.resolver';

export const buildProviderCdpSchema = (): Promise<GraphQLSchema> =>
  buildFederatedSchema({
    resolvers: [CdpOnboardingResolver, CdpSettingsResolver, CdpCustomerResolver],
    orphanedTypes: [ApplicationRef],
    referenceResolvers: applicationRefReference,
  });
