import 'reflect-metadata';
import { migrateCli } from '@ekyc/db';
import { createAuditBillingDataSource } from './data-source';
import { loadMigrateEnv } from './env';

migrateCli('audit-billing', () => createAuditBillingDataSource(loadMigrateEnv().DATABASE_URL));
