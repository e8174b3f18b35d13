import 'reflect-metadata';
import { migrateCli } from '@ekyc/db';
import { createProviderCdpDataSource } from './data-source';
import { loadMigrateEnv } from './env';

migrateCli('provider-cdp', () => createProviderCdpDataSource(loadMigrateEnv().DATABASE_URL));
