import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createPiiCipher } from '@ekyc/crypto';
import { migrateDataSource } from '@ekyc/db';
import { createEventProcessor, type EventBus } from '@ekyc/event-bus';
import type { KycEvent } from '@ekyc/event-schemas';
import type { InternalContext } from '@ekyc/internal-context';
import { createLogger } from '@ekyc/logger';
import { integrationEnv, scratchDatabase } from '@ekyc/testing';
import { createAuditBillingDataSource } from './data-source';
import { AuditEventService } from './audit-event/audit-event.service';
import { PriceListService } from './billing/price-list.service';
import { UsageReportService } from './billing/usage-report.service';
import { UsageProjector } from './billing/usage.projector';
import { handleEveryEvent, Projections } from './projection/projections';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import { VendorReportProjector } from './reconciliation/vendor-report.projector';
import { VerificationStatsService } from './stats/verification-stats.service';
import { tenantEvents } from './testing/event-fixtures';
import { VerificationLogProjector } from './verification-log/verification-log.projector';
import { VerificationLogService, type LogQuery } from './verification-log/verification-log.service';

jest.setTimeout(120_000);

const cipher = createPiiCipher(Buffer.alloc(32, 7).toString('base64'));
const log = createLogger({ service: 'audit-billing-it', level: 'silent' });
const noBus: EventBus = {
  publish: async () => {
    throw new Error('nothing should be dead-lettered');
  },
  subscribe: async () => {
    throw new Error('not in this test');
  },
  ensureTopics: async () => undefined,
  health: () => ({ producer: 'idle', consumers: [] }),
  close: async () => undefined,
};

let db: { url: string; drop(): Promise<void> };
let ds: DataSource;
let audit: AuditEventService;
let projections: Projections;
let logService: VerificationLogService;
let usage: UsageReportService;
let prices: PriceListService;
let reconciliation: ReconciliationService;
let stats: VerificationStatsService;

/** The live consumer's processing, as main.ts wires it: audit entry and projections in one transaction. */
const liveGroup = () =>
  createEventProcessor({
    ds,
    bus: noBus,
    log,
    groupId: 'audit-billing',
    deadLetterTopic: 'kyc.audit-billing.dlq.v1',
    handlers: handleEveryEvent(async (event, ctx) => {
      await audit.record(event, ctx);
      await projections.apply(ctx.manager, event);
    }),
  });

beforeAll(async () => {
  db = await scratchDatabase(integrationEnv().databaseUrl, 'auditbill');
  ds = createAuditBillingDataSource(db.url);
  await migrateDataSource(ds);
  await ds.initialize();
  audit = new AuditEventService({ ds });
  projections = new Projections({
    log: new VerificationLogProjector({ ds, cipher, log }),
    usage: new UsageProjector({ ds }),
    vendor: new VendorReportProjector({ ds }),
  });
  logService = new VerificationLogService({ ds, cipher });
  prices = new PriceListService({ ds });
  usage = new UsageReportService({ ds, prices });
  reconciliation = new ReconciliationService({ ds });
  stats = new VerificationStatsService({ ds });
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

const at = (minutes: number, seconds = 0) => new Date(Date.UTC(2024, 2, 1, 4, minutes, seconds));
const DAY = { startDate: '2024-03-01', endDate: '2024-03-01' };

/** One tenant's mixed batch: passed, failed, pending, invalid before submission, and the NID calls behind them. */
function batch() {
  const t = tenantEvents(cipher);
  const [agent1, agent2] = [randomUUID(), randomUUID()];
  const [app1, app2, app3, app4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const events: KycEvent[] = [
    t.created(app1, agent1, at(0)),
    t.submitted(app1, { agentId: agent1, at: at(0, 5), nid: '5090424675', nameEn: 'Abdus Salam', mobileNumber: '01711111111' }),
    t.nidCall({ applicationId: null, username: 'abc', at: at(0, 6), httpStatus: 200, outcome: 'success', operation: 'login' }),
    t.nidCall({ applicationId: app1, username: 'abc', at: at(0, 7), httpStatus: 200, outcome: 'success' }),
    t.completed(app1, 'passed', null, at(0, 15)),
    t.submitted(app2, { agentId: agent1, at: at(1), nid: '19782699501359687', nameEn: 'Rahim Uddin', mobileNumber: '01722222222' }),
    t.nidCall({ applicationId: app2, username: 'abc', at: at(1, 2), httpStatus: 406, outcome: 'rejected' }),
    t.completed(app2, 'failed', 'NID_MISMATCH: father', at(1, 30)),
    t.submitted(app3, { agentId: agent2, at: at(2), nid: '4617203958', nameEn: 'Karim Mia', mobileNumber: '01733333333' }),
    t.nidCall({ applicationId: app3, username: 'abc', at: at(2, 1), httpStatus: 401, outcome: 'rejected' }),
    t.nidCall({ applicationId: app3, username: 'abc', at: at(2, 2), httpStatus: null, outcome: 'timeout' }),
    t.refused(
      app4,
      'AGE_LIMIT: younger than 18',
      at(3),
      { kind: 'api_token', id: agent2 },
      { nid: '7712345678', nameEn: 'Young Person', mobileNumber: '01744444444' },
    ),
    t.vendorReport({ ...DAY, at: at(50), rows: [{ username: 'abc', success: 1, failed: 1 }] }),
    t.cdpCall({ applicationId: null, clientId: 'cdp-client', at: at(0, 19), operation: 'token', outcome: 'success', httpStatus: 200 }),
    t.cdpCall({ applicationId: app1, clientId: 'cdp-client', at: at(0, 20), operation: 'customer_lookup', outcome: 'success', httpStatus: 200 }),
  ];
  return { t, events, agent1, agent2, apps: [app1, app2, app3, app4] as const };
}

const logQuery = (tenantId: string, extra: Partial<LogQuery> = {}): LogQuery => ({
  scope: { kind: 'tenant', tenantId },
  status: 'all',
  paging: { mode: 'cursor', first: 50, after: null },
  fullPii: true,
  ...extra,
});

/** Everything a reader can see of a tenant, for before/after comparisons. */
async function snapshot(tenantId: string) {
  const scope = { kind: 'tenant' as const, tenantId };
  const page = await logService.page(logQuery(tenantId));
  const report = await usage.report(scope, DAY, 'username');
  const { generatedAt: _g, ...reportWithoutTime } = report;
  return {
    log: page.ok ? page.entries : page,
    usage: reportWithoutTime,
    stats: await stats.stats(scope, DAY, 5),
    reconciliation: await reconciliation.reconcile(scope, DAY),
  };
}

describe('audit trail and projections from a sequence of events', () => {
  const b = batch();
  let process: ReturnType<typeof liveGroup>;

  beforeAll(async () => {
    process = liveGroup();
    for (const event of b.events) expect(await process(b.t.message(event))).toBe('processed');
  });

  it('chains every event of the tenant, numbered in order', async () => {
    const [verdict] = await audit.verify({ kind: 'tenant', tenantId: b.t.tenantId });
    expect(verdict).toMatchObject({ tenantId: b.t.tenantId, ok: true, checkedEntries: b.events.length, lastSequence: b.events.length });
    const trail = await audit.trail(b.t.tenantId, b.apps[0]);
    expect(trail.map((e) => [e.sequence, e.type])).toEqual([
      [1, 'application.created'],
      [2, 'application.submitted'],
      [4, 'nid.call.recorded'],
      [5, 'verification.completed'],
      [15, 'cdp.call.recorded'],
    ]);
    expect(trail[1]!.data['applicantSealed']).toBe('[sealed]');
  });

  it('keeps the log newest first with PII decrypted, masked when asked, and filters', async () => {
    const page = await logService.page(logQuery(b.t.tenantId));
    if (!page.ok) throw new Error(page.error.message);
    expect(page.totalCount).toBe(4);
    expect(page.entries.map((e) => [e.node.applicationId, e.node.status])).toEqual([
      [b.apps[3], 'invalid'],
      [b.apps[2], 'pending'],
      [b.apps[1], 'failed'],
      [b.apps[0], 'passed'],
    ]);
    expect(page.entries[3]!.node).toMatchObject({
      mobileNumber: '01711111111',
      applicantNameEn: 'Abdus Salam',
      nidNumber: '5090424675',
      nidMasked: false,
      submittedOn: at(0, 5),
      agentId: b.agent1,
      decidedAt: at(0, 15),
      reason: null,
    });
    // Refused when submitted: no application.submitted, yet the log names who was refused, from the refusal.
    expect(page.entries[0]!.node).toMatchObject({
      mobileNumber: '01744444444',
      applicantNameEn: 'Young Person',
      nidNumber: '7712345678',
      agentId: b.agent2,
      submittedOn: at(3),
      reason: 'AGE_LIMIT: younger than 18',
    });

    const masked = await logService.page(logQuery(b.t.tenantId, { fullPii: false, status: 'passed' }));
    expect(masked.ok && masked.entries.map((e) => [e.node.nidNumber, e.node.nidMasked, e.node.piiMasked])).toEqual([['******4675', true, true]]);
    const full = await logService.page(logQuery(b.t.tenantId, { fullPii: true, status: 'passed' }));
    const [maskedEntry, fullEntry] = [masked.ok && masked.entries[0]?.node, full.ok && full.entries[0]?.node];
    if (!maskedEntry || !fullEntry || !fullEntry.mobileNumber) throw new Error('expected a passed entry with a mobile number');
    expect(maskedEntry.mobileNumber).toBe(`${fullEntry.mobileNumber.slice(0, 3)}******${fullEntry.mobileNumber.slice(-2)}`);
    expect(maskedEntry.applicantNameEn).not.toBe(fullEntry.applicantNameEn);
    expect(maskedEntry.applicantNameEn?.[0]).toBe(fullEntry.applicantNameEn?.[0]);
    const byAgent = await logService.page(logQuery(b.t.tenantId, { agentId: b.agent2 }));
    expect(byAgent.ok && byAgent.entries.map((e) => e.node.applicationId)).toEqual([b.apps[3], b.apps[2]]);
    const byMobile = await logService.page(logQuery(b.t.tenantId, { mobileNumber: '01722222222' }));
    expect(byMobile.ok && byMobile.entries.map((e) => e.node.applicationId)).toEqual([b.apps[1]]);
    const byNid = await logService.page(logQuery(b.t.tenantId, { nidNumber: '4617203958' }));
    expect(byNid.ok && byNid.entries.map((e) => e.node.applicationId)).toEqual([b.apps[2]]);
    const range = await logService.page(logQuery(b.t.tenantId, { submittedFrom: at(1), submittedTo: at(2, 30) }));
    expect(range.ok && range.entries.map((e) => e.node.applicationId)).toEqual([b.apps[2], b.apps[1]]);
  });

  it('pages by number and by cursor over the same order', async () => {
    const pages = [];
    for (let page = 1; page <= 2; page++) {
      const p = await logService.page(logQuery(b.t.tenantId, { paging: { mode: 'page', page, perPage: 3 } }));
      if (!p.ok) throw new Error(p.error.message);
      pages.push({ ids: p.entries.map((e) => e.node.applicationId), next: p.hasNextPage });
    }
    expect(pages).toEqual([
      { ids: [b.apps[3], b.apps[2], b.apps[1]], next: true },
      { ids: [b.apps[0]], next: false },
    ]);
    const first = await logService.page(logQuery(b.t.tenantId, { paging: { mode: 'cursor', first: 3, after: null } }));
    if (!first.ok) throw new Error(first.error.message);
    const rest = await logService.page(logQuery(b.t.tenantId, { paging: { mode: 'cursor', first: 3, after: first.entries.at(-1)!.cursor } }));
    expect(rest.ok && rest.entries.map((e) => e.node.applicationId)).toEqual([b.apps[0]]);
    expect(await logService.page(logQuery(b.t.tenantId, { paging: { mode: 'cursor', first: 3, after: 'forged' } }))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_CURSOR' },
    });
  });

  it('counts and prices usage as the vendor bill does', async () => {
    const scope = { kind: 'tenant' as const, tenantId: b.t.tenantId };
    const before = await usage.report(scope, DAY, 'username');
    const [first, second] = [b.agent1, b.agent2].sort();
    expect(before.lines.map((l) => [l.provider, l.username, l.successCount, l.failedCount, l.processingCount, l.unbilledCount, l.billMinor])).toEqual([
      ['verification', first, ...(first === b.agent1 ? [1, 1, 0] : [0, 1, 1]), 0, 0n],
      ['verification', second, ...(second === b.agent1 ? [1, 1, 0] : [0, 1, 1]), 0, 0n],
      ['nid', 'abc', 1, 1, 1, 2, 600n],
      ['cdp', 'cdp-client', 1, 0, 0, 1, 0n],
    ]);
    const auth = {
      tenantId: b.t.tenantId,
      userId: randomUUID(),
      roles: ['partner_admin'],
      authKind: 'api_token',
      credentialId: 'c',
      requestId: 'r',
    } as InternalContext;
    expect(
      await prices.set(auth, b.t.tenantId, [
        { item: 'verification', unitPrice: '1.50' },
        { item: 'nid_call', unitPrice: '2.25' },
      ]),
    ).toMatchObject({ ok: true });
    const priced = await usage.report(scope, DAY, 'tenant');
    expect(priced.lines.map((l) => [l.provider, l.username, l.callCount, l.billMinor])).toEqual([
      ['verification', null, 4, 600n],
      ['nid', null, 3, 675n],
      ['cdp', null, 1, 0n],
    ]);
    expect(priced).toMatchObject({ totalCallCount: 8, totalUnbilledCount: 3, totalBillMinor: 1_275n });
    const byAgent = await usage.report(scope, DAY, 'agent');
    expect(byAgent.lines.filter((l) => l.provider === 'nid').map((l) => [l.username, l.callCount, l.unbilledCount])).toEqual(
      [
        [b.agent1, 2, 0],
        [b.agent2, 1, 1],
        ['provider-nid', 0, 1],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    expect(await usage.report(scope, { startDate: '2024-03-02', endDate: '2024-03-31' }, 'username')).toMatchObject({
      lines: [],
      totalCallCount: 0,
      totalBillMinor: 0n,
    });
  });

  it('aggregates per day, pass rate, median time to decision and failure reasons', async () => {
    const s = await stats.stats({ kind: 'tenant', tenantId: b.t.tenantId }, { startDate: '2024-02-29', endDate: '2024-03-01' }, 5);
    expect(s).toMatchObject({ total: 4, passed: 1, failed: 1, pending: 1, invalid: 1, decided: 3, medianSecondsToDecision: 20 });
    expect(s.passRate).toBeCloseTo(1 / 3);
    expect(s.perDay).toEqual([
      { date: '2024-02-29', passed: 0, failed: 0, pending: 0, invalid: 0, total: 0 },
      { date: '2024-03-01', passed: 1, failed: 1, pending: 1, invalid: 1, total: 4 },
    ]);
    expect(s.topFailureReasons).toEqual([
      { code: 'AGE_LIMIT', count: 1 },
      { code: 'NID_MISMATCH', count: 1 },
    ]);
  });

  it('reconciles our NID calls with the vendor bill and names the differences', async () => {
    const r = await reconciliation.reconcile({ kind: 'tenant', tenantId: b.t.tenantId }, DAY);
    expect(r.matched).toBe(false);
    expect(r.uncoveredDays).toEqual([]);
    expect(r.rows).toEqual([
      expect.objectContaining({
        username: 'abc',
        ourCallCount: 3,
        vendorCallCount: 2,
        ourProcessingCount: 1,
        expectedVendorBillMinor: 600n,
        vendorBillMinor: 400n,
        problems: ['CALL_COUNT', 'PROCESSING_COUNT', 'BILL'],
      }),
    ]);
    const twoDays = await reconciliation.reconcile({ kind: 'tenant', tenantId: b.t.tenantId }, { startDate: '2024-03-01', endDate: '2024-03-02' });
    expect(twoDays.uncoveredDays).toEqual([{ tenantId: b.t.tenantId, date: '2024-03-02', ourCallCount: 0 }]);
  });

  it('takes a redelivered event once: no second entry, no second count', async () => {
    const before = await snapshot(b.t.tenantId);
    for (const event of b.events) expect(await process(b.t.message(event))).toBe('duplicate');
    // A second group (a rebuild overlapping the live consumer) applies the projections again.
    const replay = createEventProcessor({
      ds,
      bus: noBus,
      log,
      groupId: 'replay',
      deadLetterTopic: 'dlq',
      handlers: handleEveryEvent((e, ctx) => projections.apply(ctx.manager, e)),
    });
    for (const event of [...b.events].reverse()) expect(await replay(b.t.message(event))).toBe('processed');
    expect(await snapshot(b.t.tenantId)).toEqual(before);
    const [verdict] = await audit.verify({ kind: 'tenant', tenantId: b.t.tenantId });
    expect(verdict).toMatchObject({ ok: true, checkedEntries: b.events.length });
  });

  it('projects the same rows whatever the delivery order', async () => {
    const again = batch();
    const shuffled = [...again.events].reverse();
    const other = liveGroup();
    for (const event of shuffled) await other(again.t.message(event));
    const inOrder = await snapshot(b.t.tenantId);
    const reversed = await snapshot(again.t.tenantId);
    const strip = (s: Awaited<ReturnType<typeof snapshot>>) =>
      JSON.stringify(s, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)).replace(
        new RegExp([b.t.tenantId, again.t.tenantId, b.agent1, b.agent2, again.agent1, again.agent2, ...b.apps, ...again.apps].join('|'), 'g'),
        'x',
      );
    expect(JSON.parse(strip(reversed)).log.map((e: { node: { status: string } }) => e.node.status)).toEqual(['invalid', 'pending', 'failed', 'passed']);
    const drop = (s: Awaited<ReturnType<typeof snapshot>>) => {
      const copy = JSON.parse(strip(s));
      delete copy.usage; // the first tenant's price list differs by now
      copy.log = copy.log.map((e: { cursor: string }) => ({ ...e, cursor: 'x' }));
      copy.reconciliation.rows = copy.reconciliation.rows.map((r: { vendorReportId: string }) => ({ ...r, vendorReportId: 'x' }));
      return copy;
    };
    expect(drop(reversed)).toEqual(drop(inOrder));
  });

  it('keeps tenants apart', async () => {
    const other = tenantEvents(cipher);
    const app = randomUUID();
    const p = liveGroup();
    await p(other.message(other.submitted(app, { agentId: randomUUID(), at: at(5), nid: '5090424675', nameEn: 'Abdus Salam', mobileNumber: '01711111111' })));
    const page = await logService.page(logQuery(other.tenantId));
    expect(page.ok && page.entries.map((e) => e.node.applicationId)).toEqual([app]);
    // The same NID and mobile number index differently per tenant.
    const lookup = await logService.page(logQuery(b.t.tenantId, { mobileNumber: '01711111111' }));
    expect(lookup.ok && lookup.entries.map((e) => e.node.applicationId)).toEqual([b.apps[0]]);
    const all = await logService.page({ ...logQuery(b.t.tenantId), scope: { kind: 'all' } });
    expect(all.ok && all.totalCount).toBeGreaterThanOrEqual(5);
    expect(await logService.page({ ...logQuery(b.t.tenantId, { nidNumber: '5090424675' }), scope: { kind: 'all' } })).toMatchObject({
      ok: false,
      error: { code: 'TENANT_REQUIRED' },
    });
  });
});

describe('append-only, tamper-evident storage', () => {
  const b = batch();

  beforeAll(async () => {
    const p = liveGroup();
    for (const event of b.events) await p(b.t.message(event));
  });

  it('refuses UPDATE, DELETE and TRUNCATE in Postgres itself', async () => {
    await expect(ds.query(`UPDATE audit_billing.audit_events SET actor_id = 'x' WHERE tenant_id = $1`, [b.t.tenantId])).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(ds.query(`DELETE FROM audit_billing.audit_events WHERE tenant_id = $1`, [b.t.tenantId])).rejects.toThrow(/append-only: DELETE refused/);
    await expect(ds.query(`TRUNCATE audit_billing.audit_events`)).rejects.toThrow(/append-only: TRUNCATE refused/);
  });

  it('detects a row changed by the table owner with the trigger disabled, at that row', async () => {
    const [target] = (await ds.query(`SELECT id, seq::int AS seq, data::text AS data FROM audit_billing.audit_events WHERE tenant_id = $1 AND seq = 5`, [
      b.t.tenantId,
    ])) as Array<{
      id: string;
      seq: number;
      data: string;
    }>;
    const tamper = (sql: string, params: unknown[]) =>
      ds.transaction(async (m) => {
        // Transactional DDL: no other session ever sees the trigger off.
        await m.query(`ALTER TABLE audit_billing.audit_events DISABLE TRIGGER audit_events_append_only`);
        await m.query(sql, params);
        await m.query(`ALTER TABLE audit_billing.audit_events ENABLE TRIGGER audit_events_append_only`);
      });
    await tamper(`UPDATE audit_billing.audit_events SET data = jsonb_set(data, '{status}', '"failed"') WHERE id = $1`, [target!.id]);
    const [broken] = await audit.verify({ kind: 'tenant', tenantId: b.t.tenantId });
    expect(broken).toMatchObject({ ok: false, checkedEntries: 4, firstBrokenLink: { sequence: 5, eventId: target!.id, problem: 'HASH_MISMATCH' } });

    await tamper(`UPDATE audit_billing.audit_events SET data = $2::jsonb WHERE id = $1`, [target!.id, target!.data]);
    expect((await audit.verify({ kind: 'tenant', tenantId: b.t.tenantId }))[0]).toMatchObject({ ok: true });

    await tamper(
      `DELETE FROM audit_billing.audit_events WHERE tenant_id = $1 AND seq = (SELECT max(seq) FROM audit_billing.audit_events WHERE tenant_id = $1)`,
      [b.t.tenantId],
    );
    expect((await audit.verify({ kind: 'tenant', tenantId: b.t.tenantId }))[0]!.firstBrokenLink).toMatchObject({
      sequence: b.events.length,
      problem: 'HEAD_MISMATCH',
    });
    const everyone = await audit.verify({ kind: 'all' });
    expect(everyone.find((v) => v.tenantId === b.t.tenantId)?.ok).toBe(false);
  });
});

describe('concurrent appends', () => {
  it("number one tenant's entries without gaps or forks when many transactions append at once", async () => {
    const t = tenantEvents(cipher);
    const events = Array.from({ length: 60 }, (_, i) => t.created(randomUUID(), randomUUID(), at(0, i % 60)));
    const consumers = [liveGroup(), liveGroup(), liveGroup()];
    const outcomes = await Promise.all(events.flatMap((e, i) => [consumers[i % 3]!(t.message(e, i % 3)), consumers[(i + 1) % 3]!(t.message(e, (i + 1) % 3))]));
    expect(outcomes.filter((o) => o === 'processed')).toHaveLength(60);
    const [verdict] = await audit.verify({ kind: 'tenant', tenantId: t.tenantId });
    expect(verdict).toMatchObject({ ok: true, checkedEntries: 60, lastSequence: 60 });
    const seqs = (await ds.query(`SELECT seq::int AS seq FROM audit_billing.audit_events WHERE tenant_id = $1 ORDER BY seq`, [t.tenantId])) as Array<{
      seq: number;
    }>;
    expect(seqs.map((r) => r.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });
});
