import { Kafka, logLevel as KafkaLogLevel, type Consumer, type Producer, type logCreator } from 'kafkajs';
import type { Logger } from '@ekyc/logger';
import type { BusHealth, EventBus, IncomingMessage, OutgoingMessage, SubscribeOptions, Subscription } from './ports';

export interface KafkaEventBusOptions {
  clientId: string;
  brokers: string[];
  log: Logger;
  replicationFactor?: number;
  partitions?: number;
}

// kafkajs logs at ERROR what it then retries itself; our code reports the failures that remain.
const toPinoLevel = (level: KafkaLogLevel): 'warn' | 'info' | 'debug' =>
  level === KafkaLogLevel.ERROR || level === KafkaLogLevel.WARN ? 'warn' : level === KafkaLogLevel.INFO ? 'info' : 'debug';

function pinoLogCreator(log: Logger): logCreator {
  const kafkaLog = log.child({ component: 'kafkajs' });
  return () =>
    ({ level, log: entry }) => {
      const { message, ...rest } = entry;
      kafkaLog[toPinoLevel(level)]({ kafka: rest }, message);
    };
}

const headersToStrings = (headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined) => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    out[k] = (Array.isArray(v) ? v[v.length - 1] : v)?.toString() ?? '';
  }
  return out;
};

export function createKafkaEventBus(options: KafkaEventBusOptions): EventBus {
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: KafkaLogLevel.WARN,
    logCreator: pinoLogCreator(options.log),
    connectionTimeout: 3_000,
    retry: { initialRetryTime: 200, retries: 5, maxRetryTime: 5_000 },
  });
  const log = options.log.child({ component: 'event-bus' });
  let producer: Producer | null = null;
  let producerState: BusHealth['producer'] = 'idle';
  let connecting: Promise<Producer> | null = null;
  const consumers = new Map<string, { consumer: Consumer; state: BusHealth['consumers'][number]['state'] }>();

  async function connectedProducer(): Promise<Producer> {
    if (producer && producerState === 'connected') return producer;
    connecting ??= (async () => {
      // Not kafkajs' idempotent mode: it needs unbounded retries, and a relay must give up and back off
      // while the broker is down. Duplicates from a retried send are absorbed by consumers' processed-event table.
      const p = kafka.producer({ allowAutoTopicCreation: false, maxInFlightRequests: 1, retry: { retries: 3, initialRetryTime: 200 } });
      p.on(p.events.DISCONNECT, () => {
        producerState = 'disconnected';
      });
      try {
        await p.connect();
      } catch (err) {
        await p.disconnect().catch(() => undefined);
        throw err;
      }
      producer = p;
      producerState = 'connected';
      return p;
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  }

  return {
    async publish(messages: OutgoingMessage[]) {
      if (messages.length === 0) return;
      const byTopic = new Map<string, OutgoingMessage[]>();
      for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
      const p = await connectedProducer();
      try {
        await p.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, ms]) => ({
            topic,
            messages: ms.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
          })),
        });
      } catch (err) {
        // A producer that failed mid-flight is rebuilt on the next publish rather than trusted again.
        producerState = 'disconnected';
        producer = null;
        await p.disconnect().catch(() => undefined);
        throw err;
      }
    },

    async subscribe({ groupId, topics, handle }: SubscribeOptions): Promise<Subscription> {
      if (consumers.has(groupId)) throw new Error(`already subscribed as ${groupId}`);
      const consumer = kafka.consumer({
        groupId,
        sessionTimeout: 10_000,
        heartbeatInterval: 1_000,
        allowAutoTopicCreation: false,
        retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 5_000 },
      });
      const entry = { consumer, state: 'starting' as BusHealth['consumers'][number]['state'] };
      consumers.set(groupId, entry);
      consumer.on(consumer.events.GROUP_JOIN, () => {
        entry.state = 'running';
      });
      consumer.on(consumer.events.CRASH, (e) => {
        entry.state = 'crashed';
        log.warn({ groupId, err: e.payload.error, restart: e.payload.restart }, 'consumer crashed');
      });
      consumer.on(consumer.events.STOP, () => {
        entry.state = 'stopped';
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [...topics], fromBeginning: true });
      await consumer.run({
        autoCommit: true,
        eachMessage: async ({ topic, partition, message }) => {
          const incoming: IncomingMessage = {
            topic,
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? null,
            value: message.value,
            headers: headersToStrings(message.headers),
          };
          await handle(incoming);
        },
      });
      return {
        groupId,
        async stop() {
          await consumer.disconnect();
          entry.state = 'stopped';
          consumers.delete(groupId);
        },
      };
    },

    async ensureTopics(topics: readonly string[]) {
      // Services start side by side and race to create shared topics; a lost race or a partition
      // without a leader yet is settled by looking again.
      for (let attempt = 1; ; attempt++) {
        const admin = kafka.admin();
        try {
          await admin.connect();
          const existing = new Set(await admin.listTopics());
          const missing = [...new Set(topics)].filter((t) => !existing.has(t));
          if (missing.length === 0) return;
          await admin.createTopics({
            waitForLeaders: true,
            topics: missing.map((topic) => ({
              topic,
              numPartitions: options.partitions ?? 3,
              replicationFactor: options.replicationFactor ?? 1,
            })),
          });
        } catch (err) {
          if (attempt >= 10) throw err;
          log.debug({ err: (err as Error).message, attempt }, 'ensureTopics retrying');
          await new Promise((r) => setTimeout(r, 200 * attempt));
        } finally {
          await admin.disconnect().catch(() => undefined);
        }
      }
    },

    health() {
      return {
        producer: producerState,
        consumers: [...consumers].map(([groupId, c]) => ({ groupId, state: c.state })),
      };
    },

    async close() {
      await Promise.allSettled([...consumers.values()].map((c) => c.consumer.disconnect()));
      consumers.clear();
      if (producer) await producer.disconnect().catch(() => undefined);
      producer = null;
      producerState = 'idle';
    },
  };
}
