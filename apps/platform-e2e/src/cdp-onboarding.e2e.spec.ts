import { randomUUID } from 'node:crypto';
import { waitFor, type SandboxCitizen as Citizen } from '@ekyc/testing';
import { applicantOf, cdpSandbox, e2eContext, graphql, nidSandbox, sql, tokenAuth } from './support';

jest.setTimeout(120_000);

const ctx = e2eContext();
const { cdp } = ctx.tenants;
const gw = ctx.gatewayUrl;
/** The CDP sandbox's seeded client for this tenant (apps/cdp-sandbox/fixtures/realm.json). */
const CLIENT = { clientId: 'ekyc-cdp-bank', clientSecret: 'cdp-bank-secret' };
/** Seeded CDP customers are NID sandbox citizens (apps/cdp-sandbox/fixtures/customers.json); 250-289 are nobody's customers yet. */
const SEEDED = { existing: 291, investigated: 294, blocked: 295, screeningHit: 296 } as const;

interface UserError {
  code: string;
  field: string | null;
  message: string;
}
interface CdpOnboarding {
  state: string;
  customerId: string | null;
  reason: string | null;
  attempts: number;
  subscriptionStatus: string | null;
  lastErrorCode: string | null;
  trigger: string | null;
}

const CREATE = `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { application { id } errors { code field message } } }`;
const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { application { id status } errors { code field message } } }`;
const ONBOARDING = `query($id: ID!) { application(id: $id) { id status cdpOnboarding { state customerId reason attempts subscriptionStatus lastErrorCode trigger } } }`;
const CONFIGURE = `mutation($input: ConfigureCdpSettingsInput!) { configureCdpSettings(input: $input) { settings { enabled clientId status } errors { code field } } }`;
const MANUAL = `mutation($id: ID!) { onboardCdpCustomer(applicationId: $id) { onboarding { state trigger } errors { code field } } }`;

let citizens: Citizen[];
let next = 250;
const newCitizen = () => citizens[next++]!;
const mobile = () => `019${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** An application of the CDP tenant, submitted without a selfie: it passes on the NID result alone. */
async function submitted(c: Citizen): Promise<string> {
  const created = await graphql<{ createApplication: { application: { id: string } | null; errors: UserError[] } }>(gw, CREATE, {
    variables: { input: { mobileNumber: mobile() } },
    headers: tokenAuth(cdp.tokens.agent),
  });
  expect(created.data?.createApplication.errors).toEqual([]);
  const id = created.data!.createApplication.application!.id;
  const submit = await graphql<{ submitApplication: { errors: UserError[] } }>(gw, SUBMIT, {
    variables: { input: { applicationId: id, documentType: 'nid_smart', applicant: applicantOf(c) } },
    headers: tokenAuth(cdp.tokens.agent),
  });
  expect(submit.data?.submitApplication.errors).toEqual([]);
  return id;
}

async function onboardingOf(id: string): Promise<{ status: string; cdpOnboarding: CdpOnboarding | null }> {
  const res = await graphql<{ application: { status: string; cdpOnboarding: CdpOnboarding | null } }>(gw, ONBOARDING, {
    variables: { id },
    headers: tokenAuth(cdp.tokens.analyst),
  });
  expect(res.errors).toBeUndefined();
  return res.data!.application;
}

const FINAL = ['onboarded', 'existing', 'blocked', 'under_investigation', 'failed'];
const settled = (id: string, states = FINAL) =>
  waitFor(
    async () => {
      const app = await onboardingOf(id);
      return app.cdpOnboarding && states.includes(app.cdpOnboarding.state) ? app.cdpOnboarding : null;
    },
    { timeoutMs: 60_000, what: `CDP onboarding of ${id} to reach ${states.join('|')}` },
  );

const configure = (input: Record<string, unknown>, token = cdp.tokens.partnerAdmin) =>
  graphql<{
    configureCdpSettings: { settings: { enabled: boolean; clientId: string; status: string } | null; errors: Array<Pick<UserError, 'code' | 'field'>> };
  }>(gw, CONFIGURE, {
    variables: { input },
    headers: tokenAuth(token),
  });
const servedOnboardings = async (idNumber: string) =>
  (await cdpSandbox<unknown[]>('GET', `/calls?idNumber=${idNumber}&path=/caas-lcm/api/v1/CAAS/onBoarding/customer`)).length;
const customersWith = async (idNumber: string) =>
  cdpSandbox<{ total: number; items: Array<{ customerId: string; referenceId: string | null }> }>('GET', `/customers?idNumber=${idNumber}`);

beforeAll(async () => {
  citizens = (await nidSandbox<{ items: Citizen[] }>('GET', '/citizens?limit=300')).items;
  // Its own NID sandbox account, so applications of this tenant pass on their own.
  const username = `cdp_${randomUUID().slice(0, 8)}`;
  await nidSandbox('POST', '/users', { username, password: 'cdp-pass-1', partnerId: 91, partnerName: 'CDP Bank', slaAssigned: true });
  const nid = await graphql<{ configureNidCredentials: { errors: UserError[] } }>(
    gw,
    'mutation($input: ConfigureNidCredentialsInput!) { configureNidCredentials(input: $input) { errors { code field } } }',
    {
      variables: { input: { username, password: 'cdp-pass-1' } },
      headers: tokenAuth(cdp.tokens.partnerAdmin),
    },
  );
  expect(nid.data?.configureNidCredentials.errors).toEqual([]);
});

afterEach(async () => {
  await cdpSandbox('DELETE', '/faults');
});

describe('CDP settings', () => {
  it('are for partner admins, checked with a token request before they are stored', async () => {
    expect((await configure({ enabled: true, ...CLIENT }, cdp.tokens.agent)).errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const wrong = await configure({ enabled: true, clientId: CLIENT.clientId, clientSecret: 'not-the-secret' });
    expect(wrong.data?.configureCdpSettings).toEqual({ settings: null, errors: [{ code: 'CDP_BAD_CREDENTIALS', field: 'input.clientSecret' }] });
    const none = await graphql<{ cdpSettings: unknown }>(gw, '{ cdpSettings { clientId } }', { headers: tokenAuth(cdp.tokens.partnerAdmin) });
    expect(none.data?.cdpSettings).toBeNull();
    const right = await configure({ enabled: true, ...CLIENT });
    expect(right.data?.configureCdpSettings).toEqual({ settings: { enabled: true, clientId: CLIENT.clientId, status: 'active' }, errors: [] });
  });

  it('once onboarding is on, an applicant without the address the CDP needs is refused before anything is decided', async () => {
    const c = newCitizen();
    const created = await graphql<{ createApplication: { application: { id: string } } }>(gw, CREATE, {
      variables: { input: { mobileNumber: mobile() } },
      headers: tokenAuth(cdp.tokens.agent),
    });
    const applicationId = created.data!.createApplication.application.id;
    const withoutAddress: Record<string, unknown> = { ...applicantOf(c), presentAddress: null, permanentAddress: null };
    // identity-document learns of the settings from provider-cdp's cdp.settings.changed, a moment after they are saved.
    await waitFor(
      async () =>
        (await sql(ctx.databaseUrl, 'SELECT 1 FROM identity_document.onboarding_requirements WHERE tenant_id = $1 AND enabled', [cdp.demoTenantId])).length > 0,
      {
        timeoutMs: 20_000,
        what: 'the CDP requirements to reach identity-document',
      },
    );
    const res = await graphql<{ submitApplication: { errors: UserError[] } }>(gw, SUBMIT, {
      variables: { input: { applicationId, documentType: 'nid_smart', applicant: withoutAddress } },
      headers: tokenAuth(cdp.tokens.agent),
    });
    const refused = res.data?.submitApplication.errors;
    expect(refused).toEqual([expect.objectContaining({ code: 'ADDRESS_REQUIRED', field: 'input.applicant.presentAddress' })]);
    const app = await graphql<{ application: { status: string } }>(gw, 'query($id: ID!) { application(id: $id) { status } }', {
      variables: { id: applicationId },
      headers: tokenAuth(cdp.tokens.agent),
    });
    expect(app.data?.application.status).toBe('draft');
  });
});

describe('CDP onboarding of passed applications', () => {
  it('onboards a new customer, who the CDP then knows as onboarded by the platform', async () => {
    const c = newCitizen();
    const id = await submitted(c);
    const onboarding = await settled(id);
    expect(onboarding).toMatchObject({
      state: 'onboarded',
      customerId: expect.stringMatching(/^CDP2\d{9}$/),
      subscriptionStatus: 'pending',
      trigger: 'automatic',
      lastErrorCode: null,
      attempts: 2,
    });
    expect((await onboardingOf(id)).status).toBe('passed');
    expect((await customersWith(c.nid10)).items).toEqual([expect.objectContaining({ customerId: onboarding.customerId, referenceId: id })]);

    const lookup = await graphql<{ cdpCustomerLookup: { lookup: Record<string, unknown> | null; errors: UserError[] } }>(
      gw,
      'query($n: String!) { cdpCustomerLookup(idNumber: $n) { lookup { outcome customerId subscriptionStatus onboardedByPlatform } errors { code } } }',
      { variables: { n: c.nid10 }, headers: tokenAuth(cdp.tokens.partnerAdmin) },
    );
    expect(lookup.data?.cdpCustomerLookup).toEqual({
      lookup: { outcome: 'subscription_pending', customerId: onboarding.customerId, subscriptionStatus: 'pending', onboardedByPlatform: true },
      errors: [],
    });
    const subscription = await graphql<{ cdpSubscriptionStatus: { subscription: Record<string, unknown> | null } }>(
      gw,
      'query($id: String!) { cdpSubscriptionStatus(customerId: $id) { subscription { customerId status } errors { code } } }',
      { variables: { id: onboarding.customerId }, headers: tokenAuth(cdp.tokens.analyst) },
    );
    expect(subscription.data?.cdpSubscriptionStatus.subscription).toEqual({ customerId: onboarding.customerId, status: 'pending' });
  });

  it('records a customer the CDP already has as existing, without onboarding it', async () => {
    const c = citizens[SEEDED.existing]!;
    const id = await submitted(c);
    expect(await settled(id)).toMatchObject({ state: 'existing', customerId: 'CDP1000000291', subscriptionStatus: 'subscribed' });
    expect(await servedOnboardings(c.nid10)).toBe(0);
  });

  it.each([
    ['blocked', SEEDED.blocked, 'blocked', 0],
    ['under compliance investigation', SEEDED.investigated, 'under_investigation', 0],
    ['flagged by compliance screening at onboarding', SEEDED.screeningHit, 'under_investigation', 1],
  ])('records a customer %s as such', async (_what, index, state, onboardings) => {
    const c = citizens[index]!;
    const id = await submitted(c);
    const onboarding = await settled(id);
    expect(onboarding).toMatchObject({ state, customerId: null });
    expect(onboarding.reason).toMatch(/blocked|investigation/);
    expect(await servedOnboardings(c.nid10)).toBe(onboardings);
  });

  it('loses nothing to 502s and an expired token: every application onboarded once, one customer each', async () => {
    await cdpSandbox('POST', '/tokens/expire', { clientId: CLIENT.clientId });
    await cdpSandbox('PUT', '/faults', { failNext: { count: 4, status: 502 }, paths: ['/caas-lcm/api/v1/CAAS/onBoarding/customer'] });
    const batch = [newCitizen(), newCitizen()];
    const ids = await Promise.all(batch.map((c) => submitted(c)));
    const results = await Promise.all(ids.map((id) => settled(id)));
    for (const r of results) expect(r).toMatchObject({ state: 'onboarded', customerId: expect.stringMatching(/^CDP2/) });
    expect(results.some((r) => r.attempts > 2)).toBe(true);
    for (const c of batch) {
      expect((await customersWith(c.nid10)).total).toBe(1);
      expect(await servedOnboardings(c.nid10)).toBe(1);
    }
    const lookups = await cdpSandbox<Array<{ status: number }>>('GET', `/calls?clientId=${CLIENT.clientId}&path=/caas-lcm/api/v1/CAAS/customer/lookup`);
    expect(lookups.some((l) => l.status === 401)).toBe(true);
    expect((await cdpSandbox<{ failNext?: unknown }>('GET', '/faults')).failNext).toBeUndefined();
  });

  it('lets a partner admin onboard what automatic onboarding skipped, and only that', async () => {
    expect((await configure({ enabled: false })).data?.configureCdpSettings.errors).toEqual([]);
    try {
      const id = await submitted(newCitizen());
      const skipped = await settled(id, ['not_eligible', ...FINAL]);
      expect(skipped).toMatchObject({ state: 'not_eligible', reason: expect.stringContaining('not enabled') });
      const asAgent = await graphql(gw, MANUAL, { variables: { id }, headers: tokenAuth(cdp.tokens.agent) });
      expect(asAgent.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      const manual = await graphql<{ onboardCdpCustomer: { onboarding: { state: string; trigger: string } | null; errors: UserError[] } }>(gw, MANUAL, {
        variables: { id },
        headers: tokenAuth(cdp.tokens.partnerAdmin),
      });
      expect(manual.data?.onboardCdpCustomer).toEqual({ onboarding: { state: 'queued', trigger: 'manual' }, errors: [] });
      expect(await settled(id)).toMatchObject({ state: 'onboarded', trigger: 'manual' });
      const again = await graphql<{ onboardCdpCustomer: { errors: Array<Pick<UserError, 'code'>> } }>(gw, MANUAL, {
        variables: { id },
        headers: tokenAuth(cdp.tokens.partnerAdmin),
      });
      expect(again.data?.onboardCdpCustomer.errors).toEqual([{ code: 'ALREADY_ONBOARDED', field: 'applicationId' }]);
    } finally {
      expect((await configure({ enabled: true })).data?.configureCdpSettings.errors).toEqual([]);
    }
  });

  it('keeps tenants apart: another tenant sees no CDP onboarding of this one', async () => {
    const id = await submitted(newCitizen());
    await settled(id);
    const foreign = await graphql<{ cdpOnboarding: unknown }>(gw, 'query($id: ID!) { cdpOnboarding(applicationId: $id) { state } }', {
      variables: { id },
      headers: tokenAuth(ctx.tenants.other.tokens.analyst),
    });
    expect(foreign.data?.cdpOnboarding).toBeNull();
  });
});
