import 'reflect-metadata';
import { migrateCli } from '@ekyc/db';
import { createBiometricDataSource } from './data-source';
import { loadMigrateEnv } from './env';

migrateCli('biometric', () => createBiometricDataSource(loadMigrateEnv().DATABASE_URL));
