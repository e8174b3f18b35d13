import { integrationEnv, migrationsAreReversible } from '@ekyc/testing';
import { createProviderNidDataSource } from '../data-source';

jest.setTimeout(60_000);

describe('provider-nid migrations on real Postgres', () => {
  it('create the schema, revert completely, and apply again', async () => {
    const { tables, afterRevert } = await migrationsAreReversible(() => createProviderNidDataSource(integrationEnv().databaseUrl));
    expect(tables).toEqual(['ec_photos', 'nid_billing_reports', 'nid_calls', 'nid_credentials', 'nid_verifications', 'outbox', 'processed_events']);
    expect(afterRevert).toEqual([]);
  });
});
