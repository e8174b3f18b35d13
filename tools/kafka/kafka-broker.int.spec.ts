import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { startKafkaBroker, type KafkaBrokerHandle } from './kafka-broker';

jest.setTimeout(180_000);

const PORT = 19192;
const CONTROLLER_PORT = 19193;
const TOPIC = 'kafka-broker-int-spec';
const GROUP = 'kafka-broker-int-spec-group';

function client(broker: KafkaBrokerHandle): Kafka {
  return new Kafka({ clientId: 'kafka-broker-int-spec', brokers: [broker.brokers], logLevel: logLevel.NOTHING });
}

async function produce(kafka: Kafka, value: string): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic: TOPIC, messages: [{ key: 'k', value }] });
  } finally {
    await producer.disconnect();
  }
}

/** Joins GROUP, returns the first message value, and commits it so the next consumer resumes after it. */
async function consumeOne(kafka: Kafka): Promise<string> {
  const consumer: Consumer = kafka.consumer({ groupId: GROUP });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    return await new Promise<string>((resolve, reject) => {
      consumer.run({ eachMessage: async ({ message }) => resolve(message.value?.toString() ?? '') }).catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}

function isPortOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('startKafkaBroker (real KRaft broker)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ekyc-kafka-spec-'));
  let broker: KafkaBrokerHandle | undefined;

  afterAll(async () => {
    await broker?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('produces, consumes, survives a restart with its data, and stops cleanly', async () => {
    broker = await startKafkaBroker({ port: PORT, controllerPort: CONTROLLER_PORT, dataDir });
    expect(broker.brokers).toBe(`127.0.0.1:${PORT}`);
    expect(broker.pid).toBeGreaterThan(0);

    const admin = client(broker).admin();
    await admin.connect();
    expect(await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }], waitForLeaders: true })).toBe(true);
    await admin.disconnect();

    await produce(client(broker), 'before-restart');
    expect(await consumeOne(client(broker))).toBe('before-restart');

    const pidBefore = broker.pid;
    await broker.restart();
    expect(broker.pid).not.toBe(pidBefore);

    const afterRestart = client(broker);
    const restartedAdmin = afterRestart.admin();
    await restartedAdmin.connect();
    expect(await restartedAdmin.listTopics()).toContain(TOPIC);
    await restartedAdmin.disconnect();
    await produce(afterRestart, 'after-restart');
    // The committed group offset survived the restart, so the group resumes at the new message.
    expect(await consumeOne(afterRestart)).toBe('after-restart');

    await broker.stop();
    await broker.stop();
    expect(await isPortOpen(PORT)).toBe(false);
    expect(await isPortOpen(CONTROLLER_PORT)).toBe(false);
  });
});
