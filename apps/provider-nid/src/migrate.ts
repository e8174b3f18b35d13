import 'reflect-metadata';
import { migrateCli } from '@ekyc/db';
import { createProviderNidDataSource } from './data-source';
import { loadMigrateEnv } from './env';

migrateCli('provider-nid', () => createProviderNidDataSource(loadMigrateEnv().DATABASE_URL));
