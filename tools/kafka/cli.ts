import { parseArgs } from 'node:util';
import {
  ensureKafkaArtifacts,
  findRunningBroker,
  launchBroker,
  probeBroker,
  resolveBrokerConfig,
  shutdownBroker,
  waitForBrokerReady,
  type BrokerConfig,
  type KafkaBrokerOptions,
} from './kafka-broker';

const USAGE = `usage: node -r @swc-node/register tools/kafka/cli.ts <start|stop|status|fetch> [options]
  --port N              client port (default 19092)
  --controller-port N   KRaft controller port (default port + 1)
  --data-dir DIR        data dir (default .data/kafka/<port>)
  --heap-mb N           broker max heap in MiB (default 512)
  --timeout-ms N        start timeout (default 90000)`;

type Command = (config: BrokerConfig) => Promise<number>;

const commands: Record<string, Command> = {
  start: startCommand,
  stop: stopCommand,
  status: statusCommand,
  fetch: fetchCommand,
};

/** Prints KAFKA_BROKERS=... once a broker (already running or newly detached) accepts clients. */
async function startCommand(config: BrokerConfig): Promise<number> {
  const running = await findRunningBroker(config);
  if (running) {
    await waitForBrokerReady(config, running);
    log(`already running (pid ${running.pid}, log ${config.logFile})`);
  } else {
    const launched = await launchBroker(config, 'detached');
    log(`started pid ${launched.process.pid} in ${seconds(launched.readyMs)} (log ${config.logFile})`);
  }
  process.stdout.write(`KAFKA_BROKERS=${config.brokers}\n`);
  return 0;
}

async function stopCommand(config: BrokerConfig): Promise<number> {
  const running = await findRunningBroker(config);
  if (!running) {
    log(`not running (no live pid in ${config.pidFile})`);
    return 0;
  }
  const startedAt = Date.now();
  await shutdownBroker(config, running);
  log(`stopped pid ${running.pid} in ${seconds(Date.now() - startedAt)}`);
  return 0;
}

async function statusCommand(config: BrokerConfig): Promise<number> {
  const running = await findRunningBroker(config);
  if (!running) {
    process.stdout.write(`stopped (${config.brokers})\n`);
    return 1;
  }
  const healthy = await probeBroker(config.brokers);
  process.stdout.write(`${healthy ? 'running' : 'starting or unhealthy'} pid=${running.pid} KAFKA_BROKERS=${config.brokers}\n`);
  return healthy ? 0 : 1;
}

async function fetchCommand(): Promise<number> {
  process.stdout.write(`${await ensureKafkaArtifacts()}\n`);
  return 0;
}

function parseCli(argv: string[]): { command: Command; options: KafkaBrokerOptions } {
  const { positionals, values } = parseArgsOrUsage(argv);
  const command = positionals.length === 1 ? commands[positionals[0]] : undefined;
  if (values.help || !command) throw new UsageError(USAGE);
  return {
    command,
    options: {
      port: toInt(values.port, '--port'),
      controllerPort: toInt(values['controller-port'], '--controller-port'),
      dataDir: values['data-dir'],
      heapMb: toInt(values['heap-mb'], '--heap-mb'),
      startTimeoutMs: toInt(values['timeout-ms'], '--timeout-ms'),
    },
  };
}

const CLI_OPTIONS = {
  port: { type: 'string' },
  'controller-port': { type: 'string' },
  'data-dir': { type: 'string' },
  'heap-mb': { type: 'string' },
  'timeout-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseArgsOrUsage(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options: CLI_OPTIONS });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

function toInt(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new UsageError(`${flag} expects a positive integer, got "${raw}"`);
  return value;
}

class UsageError extends Error {}

function log(message: string): void {
  process.stderr.write(`kafka: ${message}\n`);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

async function main(): Promise<number> {
  try {
    const { command, options } = parseCli(process.argv.slice(2));
    return await command(resolveBrokerConfig(options));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    log(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

// process.exitCode rather than process.exit(): a detached broker is already unref'd, so we leave once idle.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
