import { integrationEnv, migrationsAreReversible } from '@ekyc/testing';
import { createProviderCdpDataSource } from '../data-source';

jest.setTimeout(60_000);

describe('provider-cdp migrations on real Postgres', () => {
  it('create the schema, revert completely, and apply again', async () => {
    const { tables, afterRevert } = await migrationsAreReversible(() => createProviderCdpDataSource(integrationEnv().databaseUrl));
    expect(tables).toEqual(['cdp_calls', 'cdp_onboardings', 'cdp_settings', 'outbox', 'processed_events']);
    expect(afterRevert).toEqual([]);
  });
});
