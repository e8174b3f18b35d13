import { integrationEnv, migrationsAreReversible } from '@ekyc/testing';
import { createBiometricDataSource } from '../data-source';

jest.setTimeout(60_000);

describe('biometric migrations on real Postgres', () => {
  it('create the schema, revert completely, and apply again', async () => {
    const { tables, afterRevert } = await migrationsAreReversible(() => createBiometricDataSource(integrationEnv().databaseUrl));
    expect(tables).toEqual(['face_match_settings', 'face_matches', 'known_faces', 'liveness_sessions', 'outbox', 'processed_events']);
    expect(afterRevert).toEqual([]);
  });
});
