import { integrationEnv, migrationsAreReversible } from '@ekyc/testing';
import { createIdentityDocumentDataSource } from '../data-source';

jest.setTimeout(60_000);

describe('identity-document migrations on real Postgres', () => {
  it('create the schema, revert completely, and apply again', async () => {
    const { tables, afterRevert } = await migrationsAreReversible(() => createIdentityDocumentDataSource(integrationEnv().databaseUrl));
    expect(tables).toEqual(['applications', 'outbox', 'processed_events']);
    expect(afterRevert).toEqual([]);
  });
});
