import { migrateDataSource } from '@ekyc/db';
import { integrationEnv, sealedLookingColumns } from '@ekyc/testing';
import { createProviderCdpDataSource } from './data-source';
import { SEALED_COLUMNS } from './sealed-columns';

it('lists every sealed column of the provider-cdp schema, for the start-up check and re-keying', async () => {
  const found = await sealedLookingColumns(createProviderCdpDataSource(integrationEnv().databaseUrl), migrateDataSource);
  expect(found).toEqual(SEALED_COLUMNS.map((c) => `${c.table}.${c.column}`).sort());
}, 60_000);
