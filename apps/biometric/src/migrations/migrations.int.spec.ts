import { integrationEnv, migrationsAreReversible } from '@ekyc/testing';
import { createBiometricDataSource } from '../data-source';

jest.setTimeout(60_000);

describe('biometric migrations on real Postgres', () => {
  it('create the schema, revert completely, and apply again', async () => {
    const { tables, afterRevert } = await migrationsAreReversible(() => createBiometricDataSource(integrationEnv().databaseUrl));
    expect(tables).toEqual(['face_matches', 'outbox', 'processed_events']);
    expect(afterRevert).toEqual([]);
  });
});
