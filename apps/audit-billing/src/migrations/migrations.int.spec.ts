import { integrationEnv, migrationsAreReversible } from '@ekyc/testing';
import { createAuditBillingDataSource } from '../data-source';

jest.setTimeout(60_000);

describe('audit-billing migrations on real Postgres', () => {
  it('create the schema, revert completely, and apply again', async () => {
    const { tables, afterRevert } = await migrationsAreReversible(() => createAuditBillingDataSource(integrationEnv().databaseUrl));
    expect(tables).toEqual(['audit_events', 'outbox', 'processed_events']);
    expect(afterRevert).toEqual([]);
  });
});
