import type { DataSource } from 'typeorm';
import type { GraphQLSchema } from 'graphql';
import { pingDataSource } from '@ekyc/db';
import {
  createKafkaEventBus,
  createOutboxRelay,
  startEventConsumer,
  type EventBus,
  type EventHandlers,
  type OutboxRelay,
  type Subscription,
} from '@ekyc/event-bus';
import { deadLetterTopicOf, topicOf, type ServiceName } from '@ekyc/event-schemas';
import type { Logger } from '@ekyc/logger';
import type { ResolverContainer } from './context';
import type { BlobSource } from './blob-route';
import { startSubgraphServer, type RunningServer } from './server';

export interface ServiceEnv {
  HOST: string;
  KAFKA_BROKERS: string[];
  KAFKA_REPLICATION_FACTOR: number;
  INTERNAL_CONTEXT_SECRET: string;
  OUTBOX_POLL_MS: number;
}

export interface Infrastructure {
  service: ServiceName;
  log: Logger;
  ds: DataSource;
  bus: EventBus;
  relay: OutboxRelay;
}

/** Connects the database and the bus a subgraph needs; nothing starts consuming or serving yet. */
export async function openInfrastructure(args: {
  service: ServiceName;
  env: ServiceEnv;
  log: Logger;
  ds: DataSource;
  consumedTopics?: readonly string[];
}): Promise<Infrastructure> {
  const { service, env, log, ds } = args;
  if (!ds.isInitialized) await ds.initialize();
  const bus = createKafkaEventBus({ clientId: service, brokers: env.KAFKA_BROKERS, log, replicationFactor: env.KAFKA_REPLICATION_FACTOR });
  await bus.ensureTopics([topicOf(service), deadLetterTopicOf(service), ...(args.consumedTopics ?? [])]);
  const relay = createOutboxRelay({ ds, bus, log, pollMs: env.OUTBOX_POLL_MS });
  return { service, log, ds, bus, relay };
}

export interface ConsumerSpec {
  topics: readonly string[];
  handlers: EventHandlers;
}

export interface RunningService {
  url: string;
  stop(): Promise<void>;
}

/** Starts the relay, the service's consumer group and the GraphQL server, and stops them in reverse. */
export async function serveSubgraph(args: {
  infra: Infrastructure;
  env: ServiceEnv;
  port: number;
  schema: GraphQLSchema;
  container: ResolverContainer;
  consumer?: ConsumerSpec;
  /** The service's stored images, served to other services on `GET /internal/blobs/:ref`. */
  blobs?: BlobSource;
}): Promise<RunningService> {
  const { infra, env } = args;
  const { ds, bus, relay, log, service } = infra;
  relay.start();
  let subscription: Subscription | null = null;
  if (args.consumer) {
    subscription = await startEventConsumer({
      ds,
      bus,
      log,
      groupId: service,
      topics: args.consumer.topics,
      deadLetterTopic: deadLetterTopicOf(service),
      handlers: args.consumer.handlers,
    });
  }
  const server: RunningServer = await startSubgraphServer({
    service,
    schema: args.schema,
    host: env.HOST,
    port: args.port,
    contextSecret: env.INTERNAL_CONTEXT_SECRET,
    log,
    container: args.container,
    blobs: args.blobs,
    readiness: async () => {
      const database = await pingDataSource(ds);
      const kafka = bus.health();
      const outbox = relay.health();
      const consumersOk = kafka.consumers.every((c) => c.state === 'running');
      return { ok: database && consumersOk && outbox.consecutiveFailures < 3, details: { database, kafka, outbox } };
    },
  });
  return {
    url: server.url,
    async stop() {
      await server.stop();
      await subscription?.stop().catch((err: Error) => log.warn({ err: err.message }, 'consumer stop failed'));
      await relay.stop();
      await bus.close();
      await ds.destroy();
    },
  };
}

/** Entry point of `apps/<app>/src/emit-schema.ts`: prints the subgraph SDL, built exactly as the service builds it. */
export function emitSchemaCli(build: () => Promise<GraphQLSchema>, print: (schema: GraphQLSchema) => string): void {
  build().then(
    (schema) => process.stdout.write(print(schema)),
    (err: Error) => {
      process.stderr.write(`schema build failed: ${err.stack ?? err.message}\n`);
      process.exit(1);
    },
  );
}
