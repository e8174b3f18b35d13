import { createServiceDataSource, type DataSource } from '@ekyc/db';
import { CdpOnboardingRecord } from './cdp-onboarding/cdp-onboarding.entity';
import { Initial1763750000000 } from './migrations/1763750000000-initial';

export const SCHEMA = 'provider_cdp';

export const createProviderCdpDataSource = (url: string): DataSource =>
  createServiceDataSource({
    url,
    schema: SCHEMA,
    applicationName: 'provider-cdp',
    entities: [CdpOnboardingRecord],
    migrations: [Initial1763750000000],
  });
