import { migrateDataSource } from '@ekyc/db';
import { integrationEnv, sealedLookingColumns } from '@ekyc/testing';
import { createAuditBillingDataSource } from './data-source';
import { SEALED_COLUMNS } from './sealed-columns';

it('lists every sealed column of the audit-billing schema, for the start-up check and re-keying', async () => {
  const found = await sealedLookingColumns(createAuditBillingDataSource(integrationEnv().databaseUrl), migrateDataSource);
  expect(found).toEqual(SEALED_COLUMNS.map((c) => `${c.table}.${c.column}`).sort());
}, 60_000);
