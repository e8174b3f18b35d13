import { integrationEnv, migrationsAreReversible } from '@ekyc/testing';
import { createGatewayDataSource } from '../data-source';

jest.setTimeout(60_000);

describe('gateway migrations on real Postgres', () => {
  it('create the schema, revert completely, and apply again', async () => {
    const { tables, afterRevert } = await migrationsAreReversible(() => createGatewayDataSource(integrationEnv().databaseUrl));
    expect(tables).toEqual(['api_tokens', 'auth_revision', 'iam_changes', 'rate_limits', 'sessions', 'tenants', 'users']);
    expect(afterRevert).toEqual([]);
  });
});
