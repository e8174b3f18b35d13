import type { DataSource, EntityManager } from 'typeorm';
import { tableIn } from '@ekyc/db';
import { topicForEvent, type KycEvent } from '@ekyc/event-schemas';
import type { Logger } from '@ekyc/logger';
import type { EventBus } from './ports';

/** Writes events in the caller's transaction, so they exist exactly when the state change does. */
export async function enqueueEvents(manager: EntityManager, ds: DataSource, events: readonly KycEvent[]): Promise<void> {
  if (events.length === 0) return;
  const values: unknown[] = [];
  const rows = events.map((e, i) => {
    values.push(e.id, e.tenantId, topicForEvent(e.type), e.correlationId, e.type, JSON.stringify(e));
    const o = i * 6;
    return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}, $${o + 6}::jsonb)`;
  });
  await manager.query(`INSERT INTO ${tableIn(ds, 'outbox')} (id, tenant_id, topic, message_key, event_type, payload) VALUES ${rows.join(', ')}`, values);
}

export interface OutboxRelayOptions {
  ds: DataSource;
  bus: Pick<EventBus, 'publish'>;
  log: Logger;
  pollMs: number;
  batchSize?: number;
  maxBackoffMs?: number;
}

export interface OutboxRelay {
  start(): void;
  /** Wakes the relay now instead of at the next poll; call after committing events. */
  nudge(): void;
  /** Publishes everything pending; resolves with the count, rejects if Kafka is unreachable. */
  drain(): Promise<number>;
  stop(): Promise<void>;
  health(): { lastError: string | null; consecutiveFailures: number };
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  event_type: string;
  tenant_id: string;
  payload: string;
}

export function createOutboxRelay({ ds, bus, log, pollMs, batchSize = 200, maxBackoffMs = 5_000 }: OutboxRelayOptions): OutboxRelay {
  const outbox = tableIn(ds, 'outbox');
  const relayLog = log.child({ component: 'outbox-relay' });
  let stopped = true;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let consecutiveFailures = 0;
  let lastError: string | null = null;

  async function publishBatch(): Promise<number> {
    return ds.transaction(async (m) => {
      // SKIP LOCKED lets several replicas relay side by side without publishing a row twice.
      const rows: OutboxRow[] = await m.query(
        `SELECT id, topic, message_key, event_type, tenant_id, payload::text AS payload
           FROM ${outbox} WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      await bus.publish(
        rows.map((r) => ({
          topic: r.topic,
          key: r.message_key,
          value: r.payload,
          headers: { 'event-id': r.id, 'event-type': r.event_type, 'tenant-id': r.tenant_id, 'content-type': 'application/json' },
        })),
      );
      await m.query(`UPDATE ${outbox} SET published_at = now(), publish_attempts = publish_attempts + 1, last_error = NULL WHERE id = ANY($1::uuid[])`, [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }

  async function drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await publishBatch();
      total += n;
      if (n < batchSize) return total;
    }
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(t);
        wake = null;
        resolve();
      };
    });

  async function run() {
    while (!stopped) {
      try {
        const n = await drain();
        if (n > 0) relayLog.debug({ published: n }, 'outbox published');
        if (consecutiveFailures > 0) relayLog.info({ after: consecutiveFailures }, 'outbox relay recovered');
        consecutiveFailures = 0;
        lastError = null;
        await sleep(pollMs);
      } catch (err) {
        consecutiveFailures += 1;
        lastError = (err as Error).message;
        await ds
          .query(
            `UPDATE ${outbox} SET publish_attempts = publish_attempts + 1, last_error = $1 WHERE id = (SELECT id FROM ${outbox} WHERE published_at IS NULL ORDER BY seq LIMIT 1)`,
            [lastError.slice(0, 500)],
          )
          .catch(() => undefined);
        const backoff = Math.min(maxBackoffMs, pollMs * 2 ** Math.min(consecutiveFailures, 8));
        relayLog.warn({ err: lastError, consecutiveFailures, retryInMs: backoff }, 'outbox relay could not publish; will retry');
        await sleep(backoff);
      }
    }
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      loop = run();
    },
    nudge() {
      wake?.();
    },
    drain,
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      loop = null;
    },
    health: () => ({ lastError, consecutiveFailures }),
  };
}
