import 'reflect-metadata';
import { migrateCli } from '@ekyc/db';
import { createIdentityDocumentDataSource } from './data-source';
import { loadMigrateEnv } from './env';

migrateCli('identity-document', () => createIdentityDocumentDataSource(loadMigrateEnv().DATABASE_URL));
