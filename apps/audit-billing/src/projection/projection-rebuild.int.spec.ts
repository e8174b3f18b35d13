import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createPiiCipher } from '@ekyc/crypto';
import { migrateDataSource } from '@ekyc/db';
import { createKafkaEventBus, startEventConsumer, type EventBus, type Subscription } from '@ekyc/event-bus';
import { ALL_EVENT_TOPICS, deadLetterTopicOf, topicForEvent, type KycEvent } from '@ekyc/event-schemas';
import { createLogger } from '@ekyc/logger';
import { integrationEnv, scratchDatabase, uniqueName, waitFor } from '@ekyc/testing';
import type { TenantScope } from '../access/access-scope';
import { PriceListService } from '../billing/price-list.service';
import { UsageReportService } from '../billing/usage-report.service';
import { createAuditBillingDataSource } from '../data-source';
import { ReconciliationService } from '../reconciliation/reconciliation.service';
import { createAuditBilling } from '../create-audit-billing';
import { testWebhookOptions } from '../testing/webhook-options';
import { VerificationStatsService } from '../stats/verification-stats.service';
import { tenantEvents } from '../testing/event-fixtures';
import { VerificationLogService } from '../verification-log/verification-log.service';

jest.setTimeout(180_000);

const cipher = createPiiCipher(Buffer.alloc(32, 9).toString('base64'));
const log = createLogger({ service: 'audit-billing-rebuild-it', level: 'silent' });
const DAY = { startDate: '2024-03-01', endDate: '2024-03-01' };
const at = (minutes: number, seconds = 0) => new Date(Date.UTC(2024, 2, 1, 4, minutes, seconds));

describe('rebuilding the projections from the topics, on real Postgres and Kafka', () => {
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  let bus: EventBus;
  let live: Subscription;
  let app: ReturnType<typeof createAuditBilling>;
  const t = tenantEvents(cipher);
  const other = tenantEvents(cipher);

  beforeAll(async () => {
    db = await scratchDatabase(integrationEnv().databaseUrl, 'auditrebuild');
    ds = createAuditBillingDataSource(db.url);
    await migrateDataSource(ds);
    await ds.initialize();
    bus = createKafkaEventBus({ clientId: 'audit-billing-rebuild-it', brokers: integrationEnv().kafkaBrokers, log });
    await bus.ensureTopics([...ALL_EVENT_TOPICS, deadLetterTopicOf('audit-billing')]);
    app = createAuditBilling({ ds, bus, log, cipher, webhookOptions: testWebhookOptions(), webhookWorker: { pollMs: 100, concurrency: 2 } });
    live = await startEventConsumer({
      ds,
      bus,
      log,
      groupId: uniqueName('audit-billing-it'),
      topics: ALL_EVENT_TOPICS,
      deadLetterTopic: deadLetterTopicOf('audit-billing'),
      handlers: app.handlers,
    });
  });

  afterAll(async () => {
    await app?.rebuilds.stop();
    await app?.webhooks.close();
    await live?.stop().catch(() => undefined);
    await bus?.close();
    await ds?.destroy();
    await db?.drop();
  });

  const publish = (events: KycEvent[]) => bus.publish(events.map((e) => ({ topic: topicForEvent(e.type), key: e.correlationId, value: JSON.stringify(e) })));

  async function snapshot(tenantId: string) {
    const scope: TenantScope = { kind: 'tenant', tenantId };
    const page = await new VerificationLogService({ ds, cipher }).page({
      scope,
      status: 'all',
      paging: { mode: 'page', page: 1, perPage: 100 },
      fullPii: true,
    });
    const { generatedAt: _g, ...usage } = await new UsageReportService({ ds, prices: new PriceListService({ ds }) }).report(scope, DAY, 'username');
    return {
      log: page,
      usage,
      stats: await new VerificationStatsService({ ds }).stats(scope, DAY, 5),
      reconciliation: await new ReconciliationService({ ds }).reconcile(scope, DAY),
    };
  }

  it('gives the same log, bills, aggregates and reconciliation after a replay from offset zero', async () => {
    const [agent1, agent2] = [randomUUID(), randomUUID()];
    const [a1, a2, a3] = [randomUUID(), randomUUID(), randomUUID()];
    const events: KycEvent[] = [
      t.created(a1, agent1, at(0)),
      t.submitted(a1, { agentId: agent1, at: at(0, 5), nid: '5090424675', nameEn: 'Abdus Salam', mobileNumber: '01711111111' }),
      t.nidCall({ applicationId: a1, username: 'abc', at: at(0, 6), httpStatus: 200, outcome: 'success' }),
      t.completed(a1, 'passed', null, at(0, 20)),
      t.submitted(a2, { agentId: agent2, at: at(1), nid: '4617203958', nameEn: 'Karim Mia', mobileNumber: '01722222222' }),
      t.nidCall({ applicationId: a2, username: 'abc', at: at(1, 1), httpStatus: 406, outcome: 'rejected' }),
      t.completed(a2, 'failed', 'NID_MISMATCH: father', at(1, 40)),
      t.submitted(a3, { agentId: agent1, at: at(2), nid: '19782699501359687', nameEn: 'Rahim Uddin', mobileNumber: '01733333333' }),
      t.nidCall({ applicationId: a3, username: 'abc', at: at(2, 1), httpStatus: 401, outcome: 'rejected' }),
      t.vendorReport({ ...DAY, at: at(30), rows: [{ username: 'abc', success: 1, failed: 1 }] }),
    ];
    const foreign = [
      other.submitted(randomUUID(), { agentId: randomUUID(), at: at(3), nid: '5090424675', nameEn: 'Abdus Salam', mobileNumber: '01799999999' }),
    ];
    await publish([...events, ...foreign]);
    await waitFor(async () => (await app.audit.verify({ kind: 'tenant', tenantId: t.tenantId }))[0]?.checkedEntries === events.length, {
      timeoutMs: 60_000,
      what: 'the live consumer to audit the batch',
    });
    await waitFor(async () => (await app.audit.verify({ kind: 'tenant', tenantId: other.tenantId }))[0]?.checkedEntries === 1, {
      timeoutMs: 60_000,
      what: 'the other tenant',
    });

    const before = await snapshot(t.tenantId);
    expect(before.log).toMatchObject({ ok: true, totalCount: 3 });
    expect(before.reconciliation.matched).toBe(true);
    const otherBefore = await snapshot(other.tenantId);

    const started = await app.rebuilds.start('it', t.tenantId);
    if (!started.ok) throw new Error(JSON.stringify(started.errors));
    expect(started.rebuild).toMatchObject({ status: 'running', tenantId: t.tenantId, expectedEvents: events.length });
    expect(await app.rebuilds.start('it', null)).toMatchObject({ ok: false, errors: [{ code: 'REBUILD_RUNNING' }] });
    const done = await app.rebuilds.waitFor(started.rebuild.id);
    expect(done).toMatchObject({ status: 'completed', remainingEvents: 0 });
    expect(await snapshot(t.tenantId)).toEqual(before);
    expect(await snapshot(other.tenantId)).toEqual(otherBefore);
    expect(await ds.query(`SELECT 1 FROM audit_billing.processed_events WHERE consumer_group = $1`, [done.consumerGroup])).toEqual([]);

    // Everything, while the live consumer keeps taking new events.
    const late = randomUUID();
    const full = await app.rebuilds.start('it', null);
    if (!full.ok) throw new Error(JSON.stringify(full.errors));
    await publish([t.submitted(late, { agentId: agent2, at: at(4), nid: '5090424675', nameEn: 'Abdus Salam', mobileNumber: '01744444444' })]);
    expect(await app.rebuilds.waitFor(full.rebuild.id)).toMatchObject({ status: 'completed' });
    await waitFor(
      async () => {
        const s = await snapshot(t.tenantId);
        return s.log.ok && s.log.totalCount === 4;
      },
      { timeoutMs: 30_000, what: 'the late submission' },
    );
    const after = await snapshot(t.tenantId);
    expect(after.log.ok && after.log.entries.slice(1)).toEqual(before.log.ok && before.log.entries);
    expect(await snapshot(other.tenantId)).toEqual(otherBefore);
    const [verdict] = await app.audit.verify({ kind: 'tenant', tenantId: t.tenantId });
    expect(verdict).toMatchObject({ ok: true, checkedEntries: events.length + 1 });
  });
});
