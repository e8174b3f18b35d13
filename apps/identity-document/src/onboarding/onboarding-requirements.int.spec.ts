import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createPiiCipher } from '@ekyc/crypto';
import { migrateDataSource } from '@ekyc/db';
import { createEvent, type KycEvent } from '@ekyc/event-schemas';
import type { InternalContext } from '@ekyc/internal-context';
import { CONTRACT_APPLICANT, integrationEnv, scratchDatabase } from '@ekyc/testing';
import { ApplicationService } from '../application/application.service';
import { createIdentityDocumentDataSource } from '../data-source';
import { SubmissionPolicyService } from '../policy/submission-policy.service';
import { OnboardingRequirements } from './onboarding-requirements';

jest.setTimeout(60_000);

let db: { url: string; drop(): Promise<void> };
let ds: DataSource;

beforeAll(async () => {
  db = await scratchDatabase(integrationEnv().databaseUrl, 'onboarding');
  ds = createIdentityDocumentDataSource(db.url);
  await migrateDataSource(ds);
  await ds.initialize();
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

const address = { division: 'ঢাকা', district: 'ঢাকা', upazila: 'উত্তরা' };
const applicant = CONTRACT_APPLICANT;

describe("the CDP's requirements, checked before anything is decided", () => {
  const tenantId = randomUUID();
  const agent: InternalContext = { tenantId, userId: randomUUID(), roles: ['agent'], authKind: 'jwt', credentialId: 'c', requestId: 'r' };
  const onboarding = new OnboardingRequirements({ ds: undefined as unknown as DataSource });
  const changed = (enabled: boolean, occurredAt: string) =>
    ({
      ...createEvent(
        'cdp.settings.changed',
        { tenantId, correlationId: tenantId, actor: { kind: 'system', id: 't' } },
        { enabled, requiredFields: ['address'] },
      ),
      occurredAt,
    }) as KycEvent<'cdp.settings.changed'>;
  const problems = (a: { presentAddress?: typeof address | null; permanentAddress?: typeof address | null }) =>
    onboarding.problems(
      tenantId,
      {
        presentAddress: a.presentAddress ? { ...a.presentAddress, upozila: a.presentAddress.upazila } : null,
        permanentAddress: a.permanentAddress ? { ...a.permanentAddress, upozila: a.permanentAddress.upazila } : null,
      },
      ds.manager,
    );

  it('asks for an address only while the tenant onboards into the CDP; a late, older event changes nothing', async () => {
    expect(await problems({})).toEqual([]);
    await ds.transaction((m) => onboarding.onSettingsChanged(m, changed(true, '2026-12-01T10:00:00.000Z')));
    expect(await problems({})).toEqual([expect.objectContaining({ code: 'ADDRESS_REQUIRED', field: 'input.applicant.presentAddress' })]);
    expect(await problems({ permanentAddress: address })).toEqual([]);
    await ds.transaction((m) => onboarding.onSettingsChanged(m, changed(false, '2026-12-01T09:00:00.000Z')));
    expect(await problems({})).toHaveLength(1);
    await ds.transaction((m) => onboarding.onSettingsChanged(m, changed(false, '2026-12-01T11:00:00.000Z')));
    expect(await problems({})).toEqual([]);
  });

  it('submitApplication reports the missing address with the other problems, and keeps the draft', async () => {
    await ds.transaction((m) => onboarding.onSettingsChanged(m, changed(true, '2026-12-01T12:00:00.000Z')));
    const policies = new SubmissionPolicyService({ ds });
    await policies.update({ ...agent, roles: ['partner_admin'] }, { requireFaceMatch: false, requireLiveness: false });
    const applications = new ApplicationService({
      ds,
      cipher: createPiiCipher(Buffer.alloc(32, 3).toString('base64')),
      relay: { nudge: () => undefined },
      policies,
      onboarding: new OnboardingRequirements({ ds }),
    });
    const created = await applications.create(agent, { mobileNumber: '01711111111', channel: 'api' });
    if (!created.ok) throw new Error('not created');
    const refused = await applications.submit(agent, { applicationId: created.record.id, documentType: 'nid_smart', applicant });
    expect(refused).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'ADDRESS_REQUIRED' })] });
    expect(
      await applications.submit(agent, { applicationId: created.record.id, documentType: 'nid_smart', applicant: { ...applicant, presentAddress: address } }),
    ).toMatchObject({ ok: true, record: { status: 'pending' } });
  });
});
