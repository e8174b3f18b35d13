import { createServiceDataSource, type DataSource } from '@ekyc/db';
import { NidVerificationRecord } from './nid-verification/nid-verification.entity';
import { Initial1763750000000 } from './migrations/1763750000000-initial';

export const SCHEMA = 'provider_nid';

export const createProviderNidDataSource = (url: string): DataSource =>
  createServiceDataSource({
    url,
    schema: SCHEMA,
    applicationName: 'provider-nid',
    entities: [NidVerificationRecord],
    migrations: [Initial1763750000000],
  });
