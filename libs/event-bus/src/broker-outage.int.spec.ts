import { randomUUID } from 'node:crypto';
import { createEvent } from '@ekyc/event-schemas';
import { createLogger } from '@ekyc/logger';
import { integrationEnv, scratchSchema, ScratchKafkaBroker, uniqueName, waitFor } from '@ekyc/testing';
import type { DataSource } from 'typeorm';
import { startEventConsumer } from './consumer';
import { createKafkaEventBus } from './kafka-event-bus';
import { eventBusTablesUp } from './migration-sql';
import { createOutboxRelay, enqueueEvents, type OutboxRelay } from './outbox';
import type { EventBus, Subscription } from './ports';

jest.setTimeout(300_000);

const TOPIC = 'kyc.identity-document.events.v1';
const log = createLogger({ service: 'broker-outage-it', level: 'silent' });

/**
 * The broker goes away while the service keeps writing. Nothing may be lost and nothing applied twice:
 * writes land in the outbox, the relay retries, and after the restart every event has exactly one effect.
 */
describe('Kafka broker outage', () => {
  const { databaseUrl } = integrationEnv();
  const tenantId = randomUUID();
  let broker: ScratchKafkaBroker;
  let ds: DataSource;
  let drop: () => Promise<void>;
  let bus: EventBus;
  let relay: OutboxRelay;
  let subscription: Subscription;
  let schema: string;

  const writeEvents = async (count: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const applicationId = randomUUID();
      const event = createEvent(
        'application.created',
        { tenantId, correlationId: applicationId, actor: { kind: 'system', id: 'it' } },
        { applicationId, status: 'draft', channel: 'api' },
      );
      await ds.transaction((m) => enqueueEvents(m, ds, [event]));
      relay.nudge();
      ids.push(event.id);
    }
    return ids;
  };
  const effectCounts = async (): Promise<Map<string, number>> => {
    const rows: Array<{ event_id: string; n: number }> = await ds.query(`SELECT event_id, count(*)::int AS n FROM "${schema}".effects GROUP BY event_id`);
    return new Map(rows.map((r) => [r.event_id, r.n]));
  };

  beforeAll(async () => {
    broker = await ScratchKafkaBroker.start(19292);
    const scratch = await scratchSchema(databaseUrl, 'it_outage');
    ({ ds, drop, schema } = scratch);
    for (const sql of eventBusTablesUp(schema)) await ds.query(sql);
    await ds.query(`CREATE TABLE "${schema}".effects (event_id uuid NOT NULL)`);
    bus = createKafkaEventBus({ clientId: 'outage-it', brokers: [broker.brokers], log });
    await bus.ensureTopics([TOPIC, 'kyc.outage-it.dlq.v1']);
    relay = createOutboxRelay({ ds, bus, log, pollMs: 100, maxBackoffMs: 1_000 });
    relay.start();
    subscription = await startEventConsumer({
      ds,
      bus,
      log,
      groupId: uniqueName('outage-group'),
      topics: [TOPIC],
      deadLetterTopic: 'kyc.outage-it.dlq.v1',
      handlers: {
        'application.created': async (event, { manager }) => {
          await manager.query(`INSERT INTO "${schema}".effects (event_id) VALUES ($1)`, [event.id]);
        },
      },
    });
  });

  afterAll(async () => {
    await subscription?.stop().catch(() => undefined);
    await relay?.stop();
    await bus?.close();
    await drop?.();
    await broker?.stop();
  });

  it('delivers every event written during the outage exactly once after the broker returns', async () => {
    const before = await writeEvents(5);
    await waitFor(async () => (await effectCounts()).size === 5, { timeoutMs: 60_000, what: 'events before the outage' });

    await broker.stop();
    const during = await writeEvents(10);
    await waitFor(async () => relay.health().consecutiveFailures > 0, { timeoutMs: 60_000, what: 'the relay to notice the outage' });
    const pending = await ds.query(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE published_at IS NULL`);
    expect(pending[0].n).toBe(10);

    await broker.start();
    const all = [...before, ...during];
    const counts = await waitFor(
      async () => {
        const c = await effectCounts();
        return all.every((id) => c.has(id)) ? c : null;
      },
      { timeoutMs: 180_000, intervalMs: 500, what: 'every event after the restart' },
    );
    expect(all.map((id) => counts.get(id))).toEqual(all.map(() => 1));
    expect(counts.size).toBe(15);
    const unpublished = await ds.query(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE published_at IS NULL`);
    expect(unpublished[0].n).toBe(0);
  });
});
