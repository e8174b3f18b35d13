import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { createEvent, type KycEvent } from '@ekyc/event-schemas';
import { createLogger } from '@ekyc/logger';
import { integrationEnv, scratchSchema, uniqueName, waitFor } from '@ekyc/testing';
import type { DataSource } from 'typeorm';
import { startEventConsumer } from './consumer';
import { RetryableError } from './errors';
import { createKafkaEventBus } from './kafka-event-bus';
import { eventBusTablesUp } from './migration-sql';
import { createOutboxRelay, enqueueEvents, type OutboxRelay } from './outbox';
import type { EventBus, Subscription } from './ports';

jest.setTimeout(120_000);

const log = createLogger({ service: 'event-bus-it', level: 'silent' });
const TOPIC = 'kyc.identity-document.events.v1';

describe('outbox, relay and idempotent consumer on real Postgres and Kafka', () => {
  const { databaseUrl, kafkaBrokers } = integrationEnv();
  const tenantId = randomUUID();
  const dlqTopic = `kyc.${uniqueName('it')}.dlq.v1`;
  const behaviour = new Map<string, { failuresLeft: number; error: 'retryable' | 'fatal' }>();
  let ds: DataSource;
  let drop: () => Promise<void>;
  let schema: string;
  let bus: EventBus;
  let relay: OutboxRelay;
  let subscription: Subscription;
  const dlqMessages: Array<{ headers: Record<string, string>; value: string }> = [];
  const afterCommitRuns: string[] = [];
  let dlqConsumer: ReturnType<Kafka['consumer']>;

  const effectsOf = async (applicationId: string): Promise<number> =>
    Number((await ds.query(`SELECT count(*)::int AS n FROM "${schema}".effects WHERE application_id = $1`, [applicationId]))[0].n);

  const created = (applicationId = randomUUID()): KycEvent<'application.created'> =>
    createEvent(
      'application.created',
      { tenantId, correlationId: applicationId, actor: { kind: 'system', id: 'it' } },
      { applicationId, status: 'draft', channel: 'api' },
    );

  beforeAll(async () => {
    const scratch = await scratchSchema(databaseUrl, 'it_bus');
    ({ ds, drop, schema } = scratch);
    for (const sql of eventBusTablesUp(scratch.schema)) await ds.query(sql);
    await ds.query(`CREATE TABLE "${scratch.schema}".effects (event_id uuid NOT NULL, application_id uuid NOT NULL)`);
    bus = createKafkaEventBus({ clientId: 'event-bus-it', brokers: kafkaBrokers, log });
    await bus.ensureTopics([TOPIC, dlqTopic]);
    relay = createOutboxRelay({ ds, bus, log, pollMs: 100 });
    relay.start();
    subscription = await startEventConsumer({
      ds,
      bus,
      log,
      groupId: uniqueName('it-group'),
      topics: [TOPIC],
      deadLetterTopic: dlqTopic,
      backoffMs: () => 20,
      handlers: {
        'application.created': async (event, { manager, afterCommit }) => {
          if (event.tenantId !== tenantId) return;
          afterCommit(() => afterCommitRuns.push(event.data.applicationId));
          await manager.query(`INSERT INTO "${scratch.schema}".effects (event_id, application_id) VALUES ($1, $2)`, [event.id, event.data.applicationId]);
          const planned = behaviour.get(event.data.applicationId);
          if (planned && planned.failuresLeft > 0) {
            planned.failuresLeft -= 1;
            throw planned.error === 'retryable' ? new RetryableError('dependency busy') : new Error('cannot handle this');
          }
        },
      },
    });
    dlqConsumer = new Kafka({ clientId: 'dlq-reader', brokers: kafkaBrokers, logLevel: logLevel.NOTHING }).consumer({ groupId: uniqueName('dlq-reader') });
    await dlqConsumer.connect();
    await dlqConsumer.subscribe({ topic: dlqTopic, fromBeginning: true });
    await dlqConsumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        dlqMessages.push({ headers, value: message.value?.toString() ?? '' });
      },
    });
  });

  afterAll(async () => {
    await dlqConsumer?.disconnect();
    await subscription?.stop();
    await relay?.stop();
    await bus?.close();
    await drop?.();
  });

  it('publishes an event committed to the outbox and applies it exactly once', async () => {
    const event = created();
    await ds.transaction((m) => enqueueEvents(m, ds, [event]));
    relay.nudge();
    await waitFor(async () => (await effectsOf(event.data.applicationId)) === 1, { what: 'the effect' });
    const [row] = await ds.query(`SELECT published_at FROM "${schema}".outbox WHERE id = $1`, [event.id]);
    expect(row.published_at).not.toBeNull();
    await waitFor(async () => afterCommitRuns.includes(event.data.applicationId), { what: 'the after-commit callback' });
  });

  it('writes nothing to the outbox when the surrounding transaction rolls back', async () => {
    const event = created();
    await expect(
      ds.transaction(async (m) => {
        await enqueueEvents(m, ds, [event]);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await ds.query(`SELECT id FROM "${schema}".outbox WHERE id = $1`, [event.id])).toHaveLength(0);
  });

  it('skips a redelivered event: the same event id twice has one effect', async () => {
    const event = created();
    const message = { topic: TOPIC, key: event.correlationId, value: JSON.stringify(event) };
    await bus.publish([message, message]);
    await waitFor(async () => (await effectsOf(event.data.applicationId)) === 1, { what: 'the first delivery' });
    const follower = created();
    await bus.publish([{ topic: TOPIC, key: event.correlationId, value: JSON.stringify(follower) }]);
    // Same partition (same key), so once the follower is applied the duplicate has been seen too.
    await waitFor(async () => (await effectsOf(follower.data.applicationId)) === 1, { what: 'the follower' });
    expect(await effectsOf(event.data.applicationId)).toBe(1);
    const processed = await ds.query(`SELECT count(*)::int AS n FROM "${schema}".processed_events WHERE event_id = $1`, [event.id]);
    expect(processed[0].n).toBe(1);
  });

  it('retries an error marked retryable and applies the event once it succeeds', async () => {
    const event = created();
    behaviour.set(event.data.applicationId, { failuresLeft: 2, error: 'retryable' });
    await bus.publish([{ topic: TOPIC, key: event.correlationId, value: JSON.stringify(event) }]);
    await waitFor(async () => (await ds.query(`SELECT 1 FROM "${schema}".processed_events WHERE event_id = $1`, [event.id])).length === 1, {
      what: 'processing',
    });
    expect(await effectsOf(event.data.applicationId)).toBe(1);
    expect(behaviour.get(event.data.applicationId)?.failuresLeft).toBe(0);
    // Callbacks of the two rolled-back attempts never run; the committed one's runs once.
    await waitFor(async () => afterCommitRuns.includes(event.data.applicationId), { what: 'the after-commit callback' });
    expect(afterCommitRuns.filter((id) => id === event.data.applicationId)).toHaveLength(1);
  });

  it('dead-letters a handler failure without partial effects, with the reason in headers', async () => {
    const event = created();
    behaviour.set(event.data.applicationId, { failuresLeft: 99, error: 'fatal' });
    await bus.publish([{ topic: TOPIC, key: event.correlationId, value: JSON.stringify(event) }]);
    const dead = await waitFor(async () => dlqMessages.find((m) => m.value.includes(event.id)), { what: 'the dead letter' });
    expect(dead.headers['dlq-error-code']).toBe('HANDLER_FAILED');
    expect(dead.headers['dlq-original-topic']).toBe(TOPIC);
    expect(dead.headers['dlq-attempts']).toBe('1');
    expect(await effectsOf(event.data.applicationId)).toBe(0);
    expect(await ds.query(`SELECT 1 FROM "${schema}".processed_events WHERE event_id = $1`, [event.id])).toHaveLength(0);
  });

  it('dead-letters after bounded retries when a retryable error persists', async () => {
    const event = created();
    behaviour.set(event.data.applicationId, { failuresLeft: 99, error: 'retryable' });
    await bus.publish([{ topic: TOPIC, key: event.correlationId, value: JSON.stringify(event) }]);
    const dead = await waitFor(async () => dlqMessages.find((m) => m.value.includes(event.id)), { what: 'the dead letter' });
    expect(dead.headers['dlq-error-code']).toBe('RETRIES_EXHAUSTED');
    expect(dead.headers['dlq-attempts']).toBe('3');
    expect(behaviour.get(event.data.applicationId)?.failuresLeft).toBe(96);
    expect(await effectsOf(event.data.applicationId)).toBe(0);
  });

  it.each([
    ['INVALID_JSON', '{not json'],
    ['INVALID_ENVELOPE', JSON.stringify({ hello: 'world' })],
    ['UNKNOWN_EVENT_TYPE', JSON.stringify({ ...created(), type: 'application.teleported' })],
    ['INVALID_PAYLOAD', JSON.stringify({ ...created(), data: { applicationId: 'not-a-uuid', status: 'draft', channel: 'api' } })],
  ])('dead-letters a poison message (%s) and keeps consuming', async (code, value) => {
    const marker = uniqueName('poison');
    await bus.publish([{ topic: TOPIC, key: marker, value, headers: { marker } }]);
    const dead = await waitFor(async () => dlqMessages.find((m) => m.headers['marker'] === marker), { what: 'the dead letter' });
    expect(dead.headers['dlq-error-code']).toBe(code);
    const after = created();
    await bus.publish([{ topic: TOPIC, key: marker, value: JSON.stringify(after) }]);
    await waitFor(async () => (await effectsOf(after.data.applicationId)) === 1, { what: 'the next event on the partition' });
  });
});
