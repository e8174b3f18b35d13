import { createServiceDataSource, type DataSource } from '@ekyc/db';
import { EcPhotoRecord } from './ec-photo/ec-photo.entity';
import { Initial1763750000000 } from './migrations/1763750000000-initial';
import { NidAdapter1763800000000 } from './migrations/1763800000000-nid-adapter';
import { NidBillingReportRecord } from './nid-billing/nid-billing-report.entity';
import { NidCallRecord } from './nid-calls/nid-call.entity';
import { NidCredentialRecord } from './nid-credentials/nid-credentials.entity';
import { NidVerificationRecord } from './nid-verification/nid-verification.entity';

export const SCHEMA = 'provider_nid';

export const createProviderNidDataSource = (url: string): DataSource =>
  createServiceDataSource({
    url,
    schema: SCHEMA,
    applicationName: 'provider-nid',
    entities: [NidVerificationRecord, NidCredentialRecord, NidCallRecord, EcPhotoRecord, NidBillingReportRecord],
    migrations: [Initial1763750000000, NidAdapter1763800000000],
  });
