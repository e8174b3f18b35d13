import { migrateDataSource } from '@ekyc/db';
import { integrationEnv, sealedLookingColumns } from '@ekyc/testing';
import { createIdentityDocumentDataSource } from './data-source';
import { SEALED_COLUMNS } from './sealed-columns';

it('lists every sealed column of the identity-document schema, for the start-up check and re-keying', async () => {
  const found = await sealedLookingColumns(createIdentityDocumentDataSource(integrationEnv().databaseUrl), migrateDataSource);
  expect(found).toEqual(SEALED_COLUMNS.map((c) => `${c.table}.${c.column}`).sort());
}, 60_000);
