import { createServiceDataSource, type DataSource } from '@ekyc/db';
import { CdpCallRecord } from './cdp-calls/cdp-call.entity';
import { CdpOnboardingRecord } from './cdp-onboarding/cdp-onboarding.entity';
import { CdpSettingsRecord } from './cdp-settings/cdp-settings.entity';
import { Initial1763750000000 } from './migrations/1763750000000-initial';
import { CdpAdapter1764200000000 } from './migrations/1764200000000-cdp-adapter';

export const SCHEMA = 'provider_cdp';

export const createProviderCdpDataSource = (url: string): DataSource =>
  createServiceDataSource({
    url,
    schema: SCHEMA,
    applicationName: 'provider-cdp',
    entities: [CdpOnboardingRecord, CdpSettingsRecord, CdpCallRecord],
    migrations: [Initial1763750000000, CdpAdapter1764200000000],
  });
