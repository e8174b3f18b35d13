import type { DataSource, EntityManager } from 'typeorm';
import { tableIn } from '@ekyc/db';
import { parseEvent, type EventType, type KycEvent } from '@ekyc/event-schemas';
import type { Logger } from '@ekyc/logger';
import { isInfrastructureError, isRetryable } from './errors';
import type { EventBus, IncomingMessage, Subscription } from './ports';

export interface HandlerContext {
  /** The transaction that also records the event as processed: effects and bookkeeping commit together. */
  manager: EntityManager;
  log: Logger;
  message: { topic: string; partition: number; offset: string };
  /** Runs once the transaction has committed, e.g. to wake a worker that should see the handler's rows. */
  afterCommit(callback: () => void): void;
}

export type EventHandlers = {
  [T in EventType]?: (event: KycEvent<T>, ctx: HandlerContext) => Promise<void>;
};

export interface EventConsumerOptions {
  ds: DataSource;
  bus: EventBus;
  log: Logger;
  groupId: string;
  topics: readonly string[];
  deadLetterTopic: string;
  handlers: EventHandlers;
  maxAttempts?: number;
  backoffMs?: (attempt: number) => number;
}

export type Outcome = 'processed' | 'duplicate' | 'ignored' | 'dead_lettered';

const defaultBackoff = (attempt: number) => Math.min(2_000, 100 * 2 ** attempt);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Handles one message at most once in effect: the processed-event row and the handler's writes share a
 * transaction, so a redelivered event finds its row and is skipped.
 */
export function createEventProcessor(options: Omit<EventConsumerOptions, 'topics'>) {
  const { ds, bus, groupId, deadLetterTopic, handlers, maxAttempts = 3, backoffMs = defaultBackoff } = options;
  const log = options.log.child({ component: 'event-consumer', groupId });
  const processed = tableIn(ds, 'processed_events');

  async function deadLetter(msg: IncomingMessage, code: string, reason: string, attempts: number): Promise<Outcome> {
    await bus.publish([
      {
        topic: deadLetterTopic,
        key: msg.key ?? 'unkeyed',
        value: msg.value?.toString() ?? '',
        headers: {
          ...msg.headers,
          'dlq-original-topic': msg.topic,
          'dlq-original-partition': String(msg.partition),
          'dlq-original-offset': msg.offset,
          'dlq-consumer-group': groupId,
          'dlq-error-code': code,
          'dlq-error-message': reason.slice(0, 1_000),
          'dlq-attempts': String(attempts),
          'dlq-failed-at': new Date().toISOString(),
        },
      },
    ]);
    log.error({ topic: msg.topic, partition: msg.partition, offset: msg.offset, code, attempts }, 'event dead-lettered');
    return 'dead_lettered';
  }

  return async function process(msg: IncomingMessage): Promise<Outcome> {
    const parsed = parseEvent(msg.value);
    if (!parsed.ok) return deadLetter(msg, parsed.error.code, parsed.error.message, 0);
    const event = parsed.event;
    const handler = handlers[event.type] as ((e: KycEvent, c: HandlerContext) => Promise<void>) | undefined;
    if (!handler) return 'ignored';
    const eventLog = log.child({ eventId: event.id, eventType: event.type, tenantId: event.tenantId });

    for (let attempt = 1; ; attempt++) {
      try {
        const committed: Array<() => void> = [];
        const outcome = await ds.transaction(async (manager): Promise<Outcome> => {
          const inserted: unknown[] = await manager.query(
            `INSERT INTO ${processed} (consumer_group, event_id, event_type) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING RETURNING event_id`,
            [groupId, event.id, event.type],
          );
          if (inserted.length === 0) return 'duplicate';
          await handler(event, {
            manager,
            log: eventLog,
            message: { topic: msg.topic, partition: msg.partition, offset: msg.offset },
            afterCommit: (callback) => committed.push(callback),
          });
          return 'processed';
        });
        for (const callback of committed) {
          try {
            callback();
          } catch (err) {
            // Already committed: a failing callback must not make the event look unprocessed.
            eventLog.warn({ err: (err as Error).message }, 'after-commit callback failed');
          }
        }
        if (outcome === 'duplicate') eventLog.debug('duplicate delivery skipped');
        return outcome;
      } catch (err) {
        if (isInfrastructureError(err)) throw err; // leave uncommitted: Kafka redelivers once we are healthy
        if (isRetryable(err) && attempt < maxAttempts) {
          eventLog.warn({ err: (err as Error).message, attempt }, 'handler failed; retrying');
          await sleep(backoffMs(attempt));
          continue;
        }
        const code = isRetryable(err) ? 'RETRIES_EXHAUSTED' : 'HANDLER_FAILED';
        return deadLetter(msg, code, (err as Error).message ?? String(err), attempt);
      }
    }
  };
}

export async function startEventConsumer(options: EventConsumerOptions): Promise<Subscription> {
  const process = createEventProcessor(options);
  return options.bus.subscribe({
    groupId: options.groupId,
    topics: options.topics,
    handle: async (msg) => {
      await process(msg);
    },
  });
}
