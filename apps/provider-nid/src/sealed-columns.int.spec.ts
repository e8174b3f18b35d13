import { migrateDataSource } from '@ekyc/db';
import { integrationEnv, sealedLookingColumns } from '@ekyc/testing';
import { createProviderNidDataSource } from './data-source';
import { SEALED_COLUMNS } from './sealed-columns';

jest.setTimeout(60_000);

it('lists every sealed column of the provider-nid schema, for the start-up check and re-keying', async () => {
  const ds = createProviderNidDataSource(integrationEnv().databaseUrl);
  await ds.initialize();
  await migrateDataSource(ds);
  try {
    expect(await sealedLookingColumns(ds)).toEqual(SEALED_COLUMNS.map((c) => `${c.table}.${c.column}`).sort());
  } finally {
    await ds.destroy();
  }
});
