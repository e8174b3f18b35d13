import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { waitFor, type SandboxCitizen as Citizen } from '@ekyc/testing';
import { applicantOf, e2eContext, graphql, nidSandbox, tokenAuth, type GraphQLResponse } from './support';

jest.setTimeout(300_000);

const ctx = e2eContext();
const { demo, other, audit } = ctx.tenants;
const gw = ctx.gatewayUrl;
/** audit-bank: only this spec creates applications in it, so its counts are exactly this batch's. */
const TENANT = audit.demoTenantId;
const t = audit.tokens;

interface UserError {
  code: string;
  field: string | null;
  message: string;
}
interface LogEntry {
  applicationId: string;
  mobileNumber: string | null;
  applicantNameEn: string | null;
  nidNumber: string | null;
  nidMasked: boolean;
  submittedOn: string;
  status: string;
  agentId: string | null;
  decidedAt: string | null;
  reason: string | null;
}
interface LogPage {
  totalCount: number;
  page: number | null;
  perPage: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ cursor: string; node: LogEntry }>;
}

const LOG = `query($status: VerificationLogStatus, $page: Int, $perPage: Int, $first: Int, $after: String, $from: DateTimeISO, $to: DateTimeISO, $agentId: String, $mobileNumber: String, $tenantId: ID) {
  verificationLog(status: $status, page: $page, perPage: $perPage, first: $first, after: $after, submittedFrom: $from, submittedTo: $to, agentId: $agentId, mobileNumber: $mobileNumber, tenantId: $tenantId) {
    totalCount page perPage pageInfo { hasNextPage endCursor }
    edges { cursor node { applicationId mobileNumber applicantNameEn nidNumber nidMasked submittedOn status agentId decidedAt reason } }
  }
}`;
const USAGE = `query($s: String!, $e: String!, $groupBy: UsageGrouping, $tenantId: ID) {
  usageReport(startDate: $s, endDate: $e, groupBy: $groupBy, tenantId: $tenantId) {
    report { currency totalCallCount totalSuccessCount totalFailedCount totalProcessingCount totalBill
      lines { tenantId provider username callCount successCount failedCount processingCount unbilledCount unitPrice bill } }
    errors { code field }
  }
}`;
const STATS = `query($s: String!, $e: String!, $tenantId: ID) {
  verificationStats(startDate: $s, endDate: $e, tenantId: $tenantId) {
    stats { tenantId total passed failed pending invalid decided passRate medianSecondsToDecision
      perDay { date total passed failed pending invalid } topFailureReasons { code count } tenants { tenantId total passed failed pending invalid passRate } }
    errors { code field }
  }
}`;
const RECONCILE = `query($s: String!, $e: String!, $tenantId: ID) {
  nidReconciliation(startDate: $s, endDate: $e, tenantId: $tenantId) {
    reconciliation { matched
      rows { tenantId username startDate endDate ourCallCount ourSuccessCount ourFailedCount ourProcessingCount vendorCallCount vendorSuccessCount vendorFailedCount vendorProcessingCount expectedVendorBill vendorBill problems }
      differences { username problems } uncoveredDays { date ourCallCount } }
    errors { code field }
  }
}`;
const CHAIN = `query($tenantId: ID) { verifyAuditChain(tenantId: $tenantId) { ok checkedEntries firstBrokenLink { tenantId sequence eventId problem } tenants { tenantId ok } } }`;

interface UsageLine {
  tenantId: string;
  provider: string;
  username: string | null;
  callCount: number;
  successCount: number;
  failedCount: number;
  processingCount: number;
  unbilledCount: number;
  unitPrice: string;
  bill: string;
}
interface UsageReport {
  currency: string;
  totalCallCount: number;
  totalSuccessCount: number;
  totalFailedCount: number;
  totalProcessingCount: number;
  totalBill: string;
  lines: UsageLine[];
}
interface Stats {
  tenantId: string | null;
  total: number;
  passed: number;
  failed: number;
  pending: number;
  invalid: number;
  decided: number;
  passRate: number | null;
  medianSecondsToDecision: number | null;
  perDay: Array<{ date: string; total: number; passed: number; failed: number; pending: number; invalid: number }>;
  topFailureReasons: Array<{ code: string; count: number }>;
  tenants: Array<{ tenantId: string; total: number; passed: number; failed: number; pending: number; invalid: number; passRate: number | null }>;
}
interface ReconciliationRow {
  username: string;
  startDate: string;
  ourCallCount: number;
  ourSuccessCount: number;
  ourFailedCount: number;
  vendorCallCount: number;
  vendorSuccessCount: number;
  vendorFailedCount: number;
  expectedVendorBill: string;
  vendorBill: string;
  problems: string[];
}
interface Reconciliation {
  matched: boolean;
  rows: ReconciliationRow[];
  differences: Array<{ username: string; problems: string[] }>;
  uncoveredDays: Array<{ date: string; ourCallCount: number }>;
}

/** Data of a query that must succeed. */
async function ok<T>(query: string, token: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await graphql<T>(gw, query, { variables, headers: tokenAuth(token) });
  if (res.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}
const codeOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.['code'];

const log = async (token: string, variables: Record<string, unknown> = {}) => (await ok<{ verificationLog: LogPage }>(LOG, token, variables)).verificationLog;
async function usage(token: string, variables: Record<string, unknown>): Promise<UsageReport> {
  const { usageReport } = await ok<{ usageReport: { report: UsageReport | null; errors: UserError[] } }>(USAGE, token, variables);
  expect(usageReport.errors).toEqual([]);
  return usageReport.report!;
}
async function stats(token: string, variables: Record<string, unknown>): Promise<Stats> {
  const { verificationStats } = await ok<{ verificationStats: { stats: Stats | null; errors: UserError[] } }>(STATS, token, variables);
  expect(verificationStats.errors).toEqual([]);
  return verificationStats.stats!;
}
async function reconcile(token: string, variables: Record<string, unknown>): Promise<Reconciliation> {
  const { nidReconciliation } = await ok<{ nidReconciliation: { reconciliation: Reconciliation | null; errors: UserError[] } }>(RECONCILE, token, variables);
  expect(nidReconciliation.errors).toEqual([]);
  return nidReconciliation.reconciliation!;
}

/** Bangladesh keeps UTC+6 all year: the vendor's and our billing days. */
const dhakaDay = (ms: number) => new Date(ms + 6 * 3_600_000).toISOString().slice(0, 10);
function dhakaDays(fromMs: number, toMs: number): string[] {
  const days: string[] = [];
  for (let ms = fromMs; dhakaDay(ms) <= dhakaDay(toMs); ms += 86_400_000) days.push(dhakaDay(ms));
  if (days.at(-1) !== dhakaDay(toMs)) days.push(dhakaDay(toMs));
  return days;
}

const mobile = () => `019${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
interface Submitted {
  id: string;
  mobileNumber: string;
  citizen: Citizen;
  expected: 'passed' | 'failed' | 'pending';
  nidNumber: string;
  before: number;
  after: number;
}

async function submitOne(token: string, c: Citizen, expected: Submitted['expected'], overrides: Record<string, unknown> = {}): Promise<Submitted> {
  const mobileNumber = mobile();
  const created = await ok<{ createApplication: { application: { id: string } | null; errors: UserError[] } }>(
    `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { application { id } errors { code field message } } }`,
    token,
    { input: { mobileNumber } },
  );
  expect(created.createApplication.errors).toEqual([]);
  const id = created.createApplication.application!.id;
  const applicant = applicantOf(c, overrides);
  const before = Date.now();
  const submitted = await ok<{ submitApplication: { application: { status: string } | null; errors: UserError[] } }>(
    `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { application { status } errors { code field message } } }`,
    token,
    { input: { applicationId: id, documentType: 'nid_smart', applicant } },
  );
  expect(submitted.submitApplication.errors).toEqual([]);
  const after = Date.now();
  // Submission times must differ for the expected newest-first order.
  await new Promise((r) => setTimeout(r, 20));
  return { id, mobileNumber, citizen: c, expected, nidNumber: String(applicant.nidNumber), before, after };
}

const statusOf = async (token: string, id: string) =>
  (
    await ok<{ application: { status: string; nidVerification: { status: string } | null } | null }>(
      `query($id: ID!) { application(id: $id) { status nidVerification { status } } }`,
      token,
      { id },
    )
  ).application;

/** The platform admin token that is still live: each bootstrap rotates it, so only the last one printed works. */
async function platformAdminToken(): Promise<string> {
  const answers: unknown[] = [];
  for (const tenant of Object.values(ctx.tenants as Record<string, typeof audit>).reverse()) {
    const res = await graphql(
      gw,
      `
        {
          auditProjectionRebuild {
            id
          }
        }
      `,
      { headers: tokenAuth(tenant.tokens.platformAdmin) },
    );
    if (!res.errors) return tenant.tokens.platformAdmin;
    answers.push(res.errors);
  }
  throw new Error(`no live platform admin token: ${JSON.stringify(answers)}`);
}

describe('audit-billing through the gateway (audit-bank, its own sandbox account)', () => {
  const username = `audit_${randomUUID().slice(0, 8)}`;
  const password = 'audit-pass-1';
  const testStart = Date.now();
  let days: string[];
  let range: { s: string; e: string };
  let admin: string;
  let batch: Submitted[];
  let byId: Map<string, Submitted>;
  let agentId: string;
  let partnerAdminId: string;
  const [p1, p2, f1, p3, f2, x1] = [0, 1, 2, 3, 4, 5];

  beforeAll(async () => {
    admin = await platformAdminToken();
    const citizens = (await nidSandbox<{ items: Citizen[] }>('GET', '/citizens?limit=300')).items.slice(270);
    await nidSandbox('POST', '/users', { username, password, partnerId: 77, partnerName: 'Audit Bank', slaAssigned: true });
    const configured = await ok<{ configureNidCredentials: { errors: UserError[] } }>(
      'mutation($input: ConfigureNidCredentialsInput!) { configureNidCredentials(input: $input) { errors { code field } } }',
      t.partnerAdmin,
      { input: { username, password } },
    );
    expect(configured.configureNidCredentials.errors).toEqual([]);

    // Passed, failed and, once the NID account is locked out, pending; the agent and the partner admin submit.
    batch = [
      await submitOne(t.agent, citizens[0]!, 'passed'),
      await submitOne(t.agent, citizens[1]!, 'passed'),
      await submitOne(t.agent, citizens[2]!, 'failed', { fatherName: 'অচেনা নাম' }),
      await submitOne(t.partnerAdmin, citizens[3]!, 'passed'),
      await submitOne(t.partnerAdmin, citizens[4]!, 'failed', { nidNumber: '9999999990' }),
    ];
    for (const s of batch) {
      const decided = await waitFor(
        async () => {
          const a = await statusOf(t.partnerAdmin, s.id);
          return a && a.status !== 'pending' ? a : null;
        },
        { timeoutMs: 90_000, what: `the decision on ${s.id}` },
      );
      expect(decided.status).toBe(s.expected);
    }

    // The vendor's own bill, one report per Asia/Dhaka day the batch touched; then a call made outside the platform.
    days = dhakaDays(testStart, Date.now());
    range = { s: days[0]!, e: days.at(-1)! };
    for (const day of days) await fetchVendorReport(day);
    await waitFor(
      async () => {
        const r = await reconcile(t.analyst, range);
        return r.uncoveredDays.length === 0 && r.rows.reduce((n, row) => n + row.vendorCallCount, 0) === 5 ? r : null;
      },
      { timeoutMs: 60_000, what: 'the vendor reports to reach audit-billing' },
    );
  });

  async function fetchVendorReport(day: string) {
    const res = await ok<{ nidVendorBillingReport: { errors: UserError[] } }>(
      `query($s: String!, $e: String!) { nidVendorBillingReport(startDate: $s, endDate: $e) { report { totalCallCount } errors { code field } } }`,
      t.analyst,
      { s: day, e: day },
    );
    expect(res.nidVendorBillingReport.errors).toEqual([]);
  }

  it('reconciles our NID calls with the vendor bill per username and day', async () => {
    const r = await reconcile(t.analyst, range);
    expect(r).toMatchObject({ matched: true, differences: [], uncoveredDays: [] });
    const sum = (key: keyof ReconciliationRow) => r.rows.reduce((n, row) => n + (row[key] as number), 0);
    expect(r.rows.every((row) => row.username === username && row.problems.length === 0)).toBe(true);
    expect([sum('ourCallCount'), sum('ourSuccessCount'), sum('ourFailedCount')]).toEqual([5, 3, 2]);
    expect([sum('vendorCallCount'), sum('vendorSuccessCount'), sum('vendorFailedCount')]).toEqual([5, 3, 2]);
  });

  it('lists the difference when the account was used outside the platform', async () => {
    const sandbox = ctx.sandboxUrls['nid-sandbox'];
    const post = async (path: string, body: unknown, token?: string) => {
      const res = await fetch(`${sandbox}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as { success?: { data?: { access_token?: string } } } };
    };
    const login = await post('/partner-service/rest/auth/login', { username, password });
    const c = batch[p1]!.citizen;
    const direct = await post(
      '/partner-service/rest/demographic/verification',
      { identify: { nid10Digit: c.nid10 }, verify: { nameEn: c.nameEn, dateOfBirth: c.dateOfBirth } },
      login.body.success!.data!.access_token,
    );
    expect(direct.status).toBe(200);
    const day = dhakaDay(Date.now());
    if (!days.includes(day)) days.push(day);
    range = { s: days[0]!, e: days.at(-1)! };
    for (const d of days) await fetchVendorReport(d);
    const r = await waitFor(
      async () => {
        const rec = await reconcile(t.analyst, range);
        return rec.rows.reduce((n, row) => n + row.vendorCallCount, 0) === 6 && rec.uncoveredDays.length === 0 ? rec : null;
      },
      { timeoutMs: 60_000, what: 'the new vendor report' },
    );
    expect(r.matched).toBe(false);
    const row = r.rows.find((x) => x.startDate === day)!;
    expect(row.vendorCallCount - row.ourCallCount).toBe(1);
    expect(row.vendorSuccessCount - row.ourSuccessCount).toBe(1);
    expect(row.problems).toEqual(['CALL_COUNT', 'SUCCESS_COUNT', 'BILL']);
    expect(r.differences).toEqual([{ username, problems: ['CALL_COUNT', 'SUCCESS_COUNT', 'BILL'] }]);
  });

  describe('after a pending application joins the batch', () => {
    beforeAll(async () => {
      await nidSandbox('POST', `/users/${username}/expire-password`);
      const citizens = (await nidSandbox<{ items: Citizen[] }>('GET', '/citizens?limit=300')).items.slice(270);
      batch.push(await submitOne(t.agent, citizens[5]!, 'pending'));
      await waitFor(async () => (await statusOf(t.agent, batch[x1]!.id))?.nidVerification?.status === 'awaiting_credentials', {
        timeoutMs: 60_000,
        what: 'the pending application to wait for credentials',
      });
      expect((await statusOf(t.agent, batch[x1]!.id))?.status).toBe('pending');
      byId = new Map(batch.map((s) => [s.id, s]));
      const entries = await waitFor(
        async () => {
          const page = await log(t.partnerAdmin, { perPage: 20 });
          const statuses = page.edges.map((e) => e.node.status);
          return page.totalCount === 6 && statuses.filter((s) => s === 'pending').length === 1 ? page.edges.map((e) => e.node) : null;
        },
        { timeoutMs: 60_000, what: 'the verification log to hold the batch' },
      );
      agentId = entries.find((e) => e.applicationId === batch[p1]!.id)!.agentId!;
      partnerAdminId = entries.find((e) => e.applicationId === batch[p3]!.id)!.agentId!;
    });

    const newestFirst = () => [...batch].reverse().map((s) => s.id);

    it('lists the batch newest first with the contract fields, full NID for the partner admin', async () => {
      const page = await log(t.partnerAdmin, { status: 'all', page: 1, perPage: 10 });
      expect(page).toMatchObject({ totalCount: 6, page: 1, perPage: 10, pageInfo: { hasNextPage: false } });
      expect(page.edges.map((e) => e.node.applicationId)).toEqual(newestFirst());
      for (const { node } of page.edges) {
        const s = byId.get(node.applicationId)!;
        expect(node).toMatchObject({
          mobileNumber: s.mobileNumber,
          applicantNameEn: s.citizen.nameEn,
          nidNumber: s.nidNumber,
          nidMasked: false,
          status: s.expected,
        });
        expect(Date.parse(node.submittedOn)).toBeGreaterThanOrEqual(s.before - 1_000);
        expect(Date.parse(node.submittedOn)).toBeLessThanOrEqual(s.after + 1_000);
        if (s.expected === 'pending') expect(node.decidedAt).toBeNull();
        else expect(Date.parse(node.decidedAt!)).toBeGreaterThanOrEqual(Date.parse(node.submittedOn));
      }
      expect(page.edges.find((e) => e.node.applicationId === batch[f1]!.id)!.node.reason).toBe('NID_MISMATCH: father');
      expect(page.edges.find((e) => e.node.applicationId === batch[f2]!.id)!.node.reason).toBe('NID_NOT_FOUND');
    });

    it('filters by status as the contract does', async () => {
      const ids = async (status: string) => (await log(t.analyst, { status })).edges.map((e) => e.node.applicationId);
      expect(await ids('passed')).toEqual([batch[p3]!.id, batch[p2]!.id, batch[p1]!.id]);
      expect(await ids('failed')).toEqual([batch[f2]!.id, batch[f1]!.id]);
      expect(await ids('pending')).toEqual([batch[x1]!.id]);
      expect(await ids('invalid')).toEqual([]);
      expect(await ids('all')).toEqual(newestFirst());
    });

    it('pages by page and perPage, and by cursor, without gaps or repeats', async () => {
      const pages: string[][] = [];
      for (let page = 1; page <= 4; page++) {
        const p = await log(t.analyst, { page, perPage: 2 });
        expect(p.pageInfo.hasNextPage).toBe(page < 3);
        pages.push(p.edges.map((e) => e.node.applicationId));
      }
      expect(pages).toEqual([...[0, 2, 4].map((i) => newestFirst().slice(i, i + 2)), []]);
      const first = await log(t.analyst, { first: 4 });
      const rest = await log(t.analyst, { first: 4, after: first.pageInfo.endCursor });
      expect([...first.edges, ...rest.edges].map((e) => e.node.applicationId)).toEqual(newestFirst());
      expect(rest.pageInfo.hasNextPage).toBe(false);
      const both = await graphql(gw, LOG, { variables: { page: 1, first: 2 }, headers: tokenAuth(t.analyst) });
      expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'page' });
    });

    it('filters by date range, agent and mobile number', async () => {
      const ranged = await log(t.analyst, { from: new Date(batch[f1]!.before - 5).toISOString(), to: new Date(batch[p3]!.after + 5).toISOString() });
      expect(ranged.edges.map((e) => e.node.applicationId)).toEqual([batch[p3]!.id, batch[f1]!.id]);
      const byAgent = await log(t.analyst, { agentId });
      expect(byAgent.edges.map((e) => e.node.applicationId)).toEqual([x1, f1, p2, p1].map((i) => batch[i]!.id));
      expect((await log(t.analyst, { agentId: partnerAdminId })).totalCount).toBe(2);
      expect((await log(t.analyst, { mobileNumber: batch[f2]!.mobileNumber })).edges.map((e) => e.node.applicationId)).toEqual([batch[f2]!.id]);
    });

    it('masks the NID for analysts and platform admins', async () => {
      const analystView = await log(t.analyst, { status: 'passed' });
      const adminView = await log(admin, { status: 'passed', tenantId: TENANT });
      for (const view of [analystView, adminView]) {
        expect(view.edges).toHaveLength(3);
        for (const { node } of view.edges) {
          const nid = byId.get(node.applicationId)!.nidNumber;
          expect(node).toMatchObject({ nidMasked: true, nidNumber: `${'*'.repeat(nid.length - 4)}${nid.slice(-4)}` });
        }
      }
    });

    it('shows agents only their own submissions unless the tenant allows more', async () => {
      const own = await log(t.agent);
      expect(own.edges.map((e) => e.node.applicationId)).toEqual([x1, f1, p2, p1].map((i) => batch[i]!.id));
      expect(own.edges.every((e) => !e.node.nidMasked && e.node.nidNumber === byId.get(e.node.applicationId)!.nidNumber)).toBe(true);
      expect(codeOf(await graphql(gw, LOG, { variables: { agentId: partnerAdminId }, headers: tokenAuth(t.agent) }))).toBe('FORBIDDEN');
      const trail = `query($id: ID!) { application(id: $id) { auditTrail { type } } }`;
      expect((await ok<{ application: { auditTrail: unknown[] } }>(trail, t.agent, { id: batch[p1]!.id })).application.auditTrail.length).toBeGreaterThan(0);
      expect((await ok<{ application: { auditTrail: unknown[] } }>(trail, t.agent, { id: batch[p3]!.id })).application.auditTrail).toEqual([]);

      const setting = `mutation($v: Boolean!) { updateAuditBillingSettings(input: { agentsSeeAllSubmissions: $v }) { settings { agentsSeeAllSubmissions } errors { code } } }`;
      expect(codeOf(await graphql(gw, setting, { variables: { v: true }, headers: tokenAuth(t.agent) }))).toBe('FORBIDDEN');
      expect(await ok(setting, t.partnerAdmin, { v: true })).toEqual({
        updateAuditBillingSettings: { settings: { agentsSeeAllSubmissions: true }, errors: [] },
      });
      try {
        expect((await log(t.agent)).edges.map((e) => e.node.applicationId)).toEqual(newestFirst());
        expect((await log(t.agent, { agentId: partnerAdminId })).totalCount).toBe(2);
        expect((await ok<{ application: { auditTrail: unknown[] } }>(trail, t.agent, { id: batch[p3]!.id })).application.auditTrail.length).toBeGreaterThan(0);
      } finally {
        await ok(setting, t.partnerAdmin, { v: false });
      }
      expect((await log(t.agent)).totalCount).toBe(4);
    });

    it('counts verifications and NID calls per user and provider, priced by the price list', async () => {
      const byUser = await usage(t.analyst, range);
      const line = (provider: string, user: string | null) => byUser.lines.find((l) => l.provider === provider && l.username === user);
      expect(line('verification', agentId)).toMatchObject({ callCount: 4, successCount: 2, failedCount: 1, processingCount: 1, bill: '0.00' });
      expect(line('verification', partnerAdminId)).toMatchObject({ callCount: 2, successCount: 1, failedCount: 1, processingCount: 0 });
      // The billable NID calls; logins, the bill fetches and the refused call after the password expired are unbilled.
      expect(line('nid', username)).toMatchObject({ callCount: 5, successCount: 3, failedCount: 2, processingCount: 0, unitPrice: '2.00', bill: '10.00' });
      expect(line('nid', username)!.unbilledCount).toBeGreaterThanOrEqual(2);

      const setPrices = `mutation($input: SetPriceListInput!) { setPriceList(input: $input) { priceList { currency items { item unitPrice unitPriceMinor isDefault } } errors { code field } } }`;
      const bad = await ok<{ setPriceList: { errors: UserError[] } }>(setPrices, t.partnerAdmin, {
        input: { items: [{ item: 'verification', unitPrice: '1.505' }] },
      });
      expect(bad.setPriceList.errors).toEqual([{ code: 'INVALID_PRICE', field: 'input.items.0.unitPrice' }]);
      expect(
        codeOf(await graphql(gw, setPrices, { variables: { input: { items: [{ item: 'verification', unitPrice: '1' }] } }, headers: tokenAuth(t.analyst) })),
      ).toBe('FORBIDDEN');
      const set = await ok<{
        setPriceList: { priceList: { items: Array<{ item: string; unitPrice: string; unitPriceMinor: number; isDefault: boolean }> }; errors: UserError[] };
      }>(setPrices, t.partnerAdmin, {
        input: {
          items: [
            { item: 'verification', unitPrice: '1.50' },
            { item: 'nid_call', unitPrice: '2.25' },
          ],
        },
      });
      expect(set.setPriceList.priceList.items).toEqual([
        { item: 'verification', unitPrice: '1.50', unitPriceMinor: 150, isDefault: false },
        { item: 'nid_call', unitPrice: '2.25', unitPriceMinor: 225, isDefault: false },
        { item: 'cdp_call', unitPrice: '0.00', unitPriceMinor: 0, isDefault: true },
      ]);

      const perTenant = await usage(t.analyst, { ...range, groupBy: 'tenant' });
      // CDP onboarding calls, if provider-cdp makes any for passed applications, are free by default.
      const cdp = perTenant.lines.filter((l) => l.provider === 'cdp');
      expect(cdp.every((l) => l.bill === '0.00')).toBe(true);
      const cdpCalls = (key: 'callCount' | 'successCount' | 'failedCount' | 'processingCount') => cdp.reduce((n, l) => n + l[key], 0);
      expect(perTenant.lines.filter((l) => l.provider !== 'cdp').map((l) => [l.provider, l.username, l.callCount, l.unitPrice, l.bill])).toEqual([
        ['verification', null, 6, '1.50', '9.00'],
        ['nid', null, 5, '2.25', '11.25'],
      ]);
      expect(perTenant).toMatchObject({
        currency: 'BDT',
        totalCallCount: 11 + cdpCalls('callCount'),
        totalSuccessCount: 6 + cdpCalls('successCount'),
        totalFailedCount: 4 + cdpCalls('failedCount'),
        totalProcessingCount: 1 + cdpCalls('processingCount'),
        totalBill: '20.25',
      });
      const acrossTenants = await usage(admin, { ...range, groupBy: 'tenant' });
      expect(acrossTenants.lines.filter((l) => l.tenantId === TENANT)).toEqual(perTenant.lines);
      const agentLines = await usage(t.partnerAdmin, { ...range, groupBy: 'agent' });
      expect(agentLines.lines.find((l) => l.provider === 'nid' && l.username === agentId)).toMatchObject({ callCount: 3, successCount: 2, failedCount: 1 });
      expect(agentLines.lines.find((l) => l.provider === 'nid' && l.username === partnerAdminId)).toMatchObject({
        callCount: 2,
        successCount: 1,
        failedCount: 1,
      });
      const badRange = await ok<{ usageReport: { errors: UserError[] } }>(USAGE, t.analyst, { s: range.e, e: '2020-01-01' });
      expect(badRange.usageReport.errors).toEqual([{ code: 'INVALID_DATE_RANGE', field: 'endDate' }]);
    });

    it('aggregates the batch for dashboards, per tenant and across tenants', async () => {
      const s = await stats(t.analyst, range);
      expect(s).toMatchObject({ tenantId: TENANT, total: 6, passed: 3, failed: 2, pending: 1, invalid: 0, decided: 5, passRate: 0.6 });
      expect(s.medianSecondsToDecision).toBeGreaterThan(0);
      expect(s.medianSecondsToDecision).toBeLessThan(120);
      expect(s.perDay.map((d) => d.date)).toEqual(days);
      expect(s.perDay.reduce((n, d) => n + d.total, 0)).toBe(6);
      expect(s.topFailureReasons).toEqual([
        { code: 'NID_MISMATCH', count: 1 },
        { code: 'NID_NOT_FOUND', count: 1 },
      ]);
      const everyone = await stats(admin, range);
      expect(everyone.tenantId).toBeNull();
      expect(everyone.tenants.find((x) => x.tenantId === TENANT)).toEqual({
        tenantId: TENANT,
        total: 6,
        passed: 3,
        failed: 2,
        pending: 1,
        invalid: 0,
        passRate: 0.6,
      });
      expect(everyone.total).toBeGreaterThanOrEqual(6);
    });

    it('queries the audit trail by application, actor, type and time', async () => {
      const EVENTS = `query($applicationId: ID, $actorId: String, $type: String, $from: DateTimeISO, $to: DateTimeISO, $first: Int) {
        auditEvents(applicationId: $applicationId, actorId: $actorId, type: $type, occurredFrom: $from, occurredTo: $to, first: $first) { edges { node { type sequence actorId data } } pageInfo { hasNextPage } }
      }`;
      type Events = {
        auditEvents: {
          edges: Array<{ node: { type: string; sequence: number; actorId: string; data: Record<string, unknown> } }>;
          pageInfo: { hasNextPage: boolean };
        };
      };
      const ofApp = await ok<Events>(EVENTS, t.analyst, { applicationId: batch[p1]!.id, first: 20 });
      expect(ofApp.auditEvents.edges.map((e) => e.node.type)).toEqual(
        expect.arrayContaining(['application.created', 'application.submitted', 'nid.call.recorded', 'nid.verification.completed', 'verification.completed']),
      );
      expect(ofApp.auditEvents.edges.find((e) => e.node.type === 'application.submitted')!.node.data['applicantSealed']).toBe('[sealed]');
      const submissions = await ok<Events>(EVENTS, t.analyst, {
        actorId: agentId,
        type: 'application.submitted',
        from: new Date(testStart).toISOString(),
        first: 20,
      });
      expect(submissions.auditEvents.edges).toHaveLength(4);
      const sequences = submissions.auditEvents.edges.map((e) => e.node.sequence);
      expect([...sequences].sort((a, b) => b - a)).toEqual(sequences);
      expect((await ok<Events>(EVENTS, t.analyst, { to: new Date(testStart - 60_000).toISOString() })).auditEvents.edges).toEqual([]);
    });

    it('detects one tampered audit row and names its link', async () => {
      const chain = async (token = t.analyst, tenantId?: string) =>
        (
          await ok<{
            verifyAuditChain: {
              ok: boolean;
              checkedEntries: number;
              firstBrokenLink: { tenantId: string; sequence: number; eventId: string; problem: string } | null;
            };
          }>(CHAIN, token, { tenantId })
        ).verifyAuditChain;
      expect(await chain()).toMatchObject({ ok: true, firstBrokenLink: null });
      const db = new Client({ connectionString: ctx.databaseUrl });
      await db.connect();
      try {
        const [row] = (
          await db.query(
            `SELECT id, seq::int AS seq, data::text AS data FROM audit_billing.audit_events WHERE tenant_id = $1 AND application_id = $2 AND event_type = 'verification.completed'`,
            [TENANT, batch[f1]!.id],
          )
        ).rows as Array<{ id: string; seq: number; data: string }>;
        await expect(db.query(`UPDATE audit_billing.audit_events SET data = data WHERE id = $1`, [row!.id])).rejects.toThrow(/append-only/);
        // As the table owner, in one transaction: no other session ever sees the trigger off.
        const asOwner = async (sql: string, params: unknown[]) => {
          await db.query('BEGIN');
          await db.query('ALTER TABLE audit_billing.audit_events DISABLE TRIGGER audit_events_append_only');
          await db.query(sql, params);
          await db.query('ALTER TABLE audit_billing.audit_events ENABLE TRIGGER audit_events_append_only');
          await db.query('COMMIT');
        };
        await asOwner(`UPDATE audit_billing.audit_events SET data = jsonb_set(data, '{status}', '"passed"') WHERE id = $1`, [row!.id]);
        try {
          expect(await chain()).toMatchObject({
            ok: false,
            firstBrokenLink: { tenantId: TENANT, sequence: row!.seq, eventId: row!.id, problem: 'HASH_MISMATCH' },
          });
          expect((await chain(admin)).firstBrokenLink).toMatchObject({ tenantId: TENANT, sequence: row!.seq });
          expect((await chain(demo.tokens.analyst)).ok).toBe(true);
        } finally {
          await asOwner(`UPDATE audit_billing.audit_events SET data = $2::jsonb WHERE id = $1`, [row!.id, row!.data]);
        }
        expect(await chain()).toMatchObject({ ok: true });
      } finally {
        await db.end();
      }
    });

    it('rebuilds the projections from the topics with identical results', async () => {
      const snapshot = async () => ({
        log: (await log(t.partnerAdmin, { perPage: 20 })).edges,
        masked: (await log(t.analyst, { first: 10 })).edges,
        usage: (await usage(t.analyst, range)).lines,
        stats: await stats(t.analyst, range),
        reconciliation: await reconcile(t.analyst, range),
      });
      const before = await snapshot();
      const started = await ok<{ rebuildAuditProjections: { rebuild: { id: string; status: string; expectedEvents: number } | null; errors: UserError[] } }>(
        `mutation($tenantId: ID) { rebuildAuditProjections(tenantId: $tenantId) { rebuild { id status expectedEvents } errors { code } } }`,
        admin,
        { tenantId: TENANT },
      );
      expect(started.rebuildAuditProjections.errors).toEqual([]);
      const { id, expectedEvents } = started.rebuildAuditProjections.rebuild!;
      expect(expectedEvents).toBeGreaterThan(20);
      const done = await waitFor(
        async () => {
          const r = await ok<{ auditProjectionRebuild: { status: string; remainingEvents: number; error: string | null } }>(
            `query($id: ID) { auditProjectionRebuild(id: $id) { status remainingEvents error } }`,
            admin,
            { id },
          );
          return r.auditProjectionRebuild.status === 'running' ? null : r.auditProjectionRebuild;
        },
        { timeoutMs: 240_000, intervalMs: 500, what: 'the projection rebuild' },
      );
      expect(done).toEqual({ status: 'completed', remainingEvents: 0, error: null });
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('authorisation of every query and mutation, for every role, across tenants', () => {
    const day = dhakaDay(Date.now());
    const operations: Array<{ name: string; query: string; variables: Record<string, unknown>; allowed: Array<keyof typeof t> }> = [
      {
        name: 'verificationLog',
        query: `query($tenantId: ID) { verificationLog(first: 1, tenantId: $tenantId) { totalCount } }`,
        variables: {},
        allowed: ['agent', 'partnerAdmin', 'analyst', 'platformAdmin'],
      },
      {
        name: 'auditEvents',
        query: `query($tenantId: ID) { auditEvents(first: 1, tenantId: $tenantId) { edges { cursor } } }`,
        variables: {},
        allowed: ['partnerAdmin', 'analyst', 'platformAdmin'],
      },
      {
        name: 'verifyAuditChain',
        query: `query($tenantId: ID) { verifyAuditChain(tenantId: $tenantId) { ok } }`,
        variables: {},
        allowed: ['partnerAdmin', 'analyst', 'platformAdmin'],
      },
      {
        name: 'usageReport',
        query: `query($tenantId: ID, $d: String!) { usageReport(startDate: $d, endDate: $d, tenantId: $tenantId) { errors { code } } }`,
        variables: { d: day },
        allowed: ['partnerAdmin', 'analyst', 'platformAdmin'],
      },
      {
        name: 'nidReconciliation',
        query: `query($tenantId: ID, $d: String!) { nidReconciliation(startDate: $d, endDate: $d, tenantId: $tenantId) { errors { code } } }`,
        variables: { d: day },
        allowed: ['partnerAdmin', 'analyst', 'platformAdmin'],
      },
      {
        name: 'verificationStats',
        query: `query($tenantId: ID, $d: String!) { verificationStats(startDate: $d, endDate: $d, tenantId: $tenantId) { errors { code } } }`,
        variables: { d: day },
        allowed: ['partnerAdmin', 'analyst', 'platformAdmin'],
      },
      {
        name: 'priceList',
        query: `query($tenantId: ID) { priceList(tenantId: $tenantId) { currency } }`,
        variables: {},
        allowed: ['partnerAdmin', 'analyst', 'platformAdmin'],
      },
      {
        name: 'auditBillingSettings',
        query: `query($tenantId: ID) { auditBillingSettings(tenantId: $tenantId) { agentsSeeAllSubmissions } }`,
        variables: {},
        allowed: ['partnerAdmin', 'analyst', 'platformAdmin'],
      },
      { name: 'auditProjectionRebuild', query: `query { auditProjectionRebuild { status } }`, variables: {}, allowed: ['platformAdmin'] },
      {
        name: 'setPriceList',
        query: `mutation($tenantId: ID) { setPriceList(input: { tenantId: $tenantId, items: [{ item: cdp_call, unitPrice: "0" }] }) { errors { code } } }`,
        variables: {},
        allowed: ['partnerAdmin', 'platformAdmin'],
      },
      {
        name: 'updateAuditBillingSettings',
        query: `mutation($tenantId: ID) { updateAuditBillingSettings(input: { tenantId: $tenantId, agentsSeeAllSubmissions: false }) { errors { code } } }`,
        variables: {},
        allowed: ['partnerAdmin', 'platformAdmin'],
      },
    ];
    const roles = ['agent', 'partnerAdmin', 'analyst', 'platformAdmin'] as const;
    const tokenOf = (tenant: typeof audit, role: (typeof roles)[number]) => (role === 'platformAdmin' ? admin : tenant.tokens[role]);

    beforeAll(async () => {
      admin ??= await platformAdminToken();
      const entries = (await log(t.partnerAdmin, { perPage: 20 })).edges.map((e) => e.node);
      agentId ??= entries.find((e) => e.applicationId === batch[p1]!.id)!.agentId!;
    });

    it.each(operations.map((op) => [op.name, op] as const))('%s: only the allowed roles, each in its own tenant', async (_name, op) => {
      for (const role of roles) {
        const res = await graphql(gw, op.query, {
          variables: { ...op.variables, tenantId: role === 'platformAdmin' ? TENANT : null },
          headers: tokenAuth(tokenOf(audit, role)),
        });
        if (op.allowed.includes(role)) expect({ role, errors: res.errors }).toEqual({ role, errors: undefined });
        else expect({ role, code: codeOf(res) }).toEqual({ role, code: 'FORBIDDEN' });
      }
      // Another tenant's users may not name audit-bank, whatever their role.
      for (const role of ['agent', 'partnerAdmin', 'analyst'] as const) {
        const res = await graphql(gw, op.query, { variables: { ...op.variables, tenantId: TENANT }, headers: tokenAuth(demo.tokens[role]) });
        expect({ role, code: codeOf(res) }).toEqual({ role, code: 'FORBIDDEN' });
      }
    });

    it("shows another tenant's users nothing of audit-bank's data", async () => {
      for (const tenant of [demo, other]) {
        for (const role of ['partnerAdmin', 'analyst'] as const) expect((await log(tenant.tokens[role], { agentId })).totalCount).toBe(0);
        for (const role of ['agent', 'partnerAdmin', 'analyst'] as const)
          expect((await log(tenant.tokens[role], { mobileNumber: batch[p1]!.mobileNumber })).totalCount).toBe(0);
        const events = await ok<{ auditEvents: { edges: unknown[] } }>(
          `query($id: ID) { auditEvents(applicationId: $id) { edges { cursor } } }`,
          tenant.tokens.analyst,
          { id: batch[p1]!.id },
        );
        expect(events.auditEvents.edges).toEqual([]);
        const theirStats = await stats(tenant.tokens.analyst, { s: day, e: day });
        expect(theirStats.tenantId).toBe(tenant.demoTenantId);
        expect(theirStats.tenants.map((x) => x.tenantId)).not.toContain(TENANT);
        const theirUsage = await usage(tenant.tokens.partnerAdmin, { s: day, e: day });
        expect(theirUsage.lines.map((l) => l.tenantId)).not.toContain(TENANT);
      }
      const foreignTrail = await ok<{ application: unknown }>(`query($id: ID!) { application(id: $id) { auditTrail { type } } }`, demo.tokens.analyst, {
        id: batch[0]!.id,
      });
      expect(foreignTrail.application).toBeNull();
    });
  });
});
