import { integrationEnv, migrationsAreReversible } from '@ekyc/testing';
import { createIdentityDocumentDataSource } from '../data-source';

jest.setTimeout(60_000);

describe('identity-document migrations on real Postgres', () => {
  it('create the schema, revert completely, and apply again', async () => {
    const { tables, afterRevert } = await migrationsAreReversible(() => createIdentityDocumentDataSource(integrationEnv().databaseUrl));
    expect(tables).toEqual([
      'applications',
      'document_images',
      'ekyc_requests',
      'onboarding_requirements',
      'outbox',
      'processed_events',
      'review_cases',
      'submission_policies',
      'submissions',
    ]);
    expect(afterRevert).toEqual([]);
  });
});
