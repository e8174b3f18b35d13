import { createServiceDataSource, type DataSource } from '@ekyc/db';
import { ApplicationRecord } from './application/application.entity';
import { Initial1763750000000 } from './migrations/1763750000000-initial';
import { Applicant1763800000000 } from './migrations/1763800000000-applicant';

export const SCHEMA = 'identity_document';

export const createIdentityDocumentDataSource = (url: string): DataSource =>
  createServiceDataSource({
    url,
    schema: SCHEMA,
    applicationName: 'identity-document',
    entities: [ApplicationRecord],
    migrations: [Initial1763750000000, Applicant1763800000000],
  });
