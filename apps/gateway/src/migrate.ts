import 'reflect-metadata';
import { migrateCli } from '@ekyc/db';
import { createGatewayDataSource } from './data-source';
import { loadMigrateEnv } from './env';

migrateCli('gateway', () => createGatewayDataSource(loadMigrateEnv().DATABASE_URL));
