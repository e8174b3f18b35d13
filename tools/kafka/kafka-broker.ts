import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, renameSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { KAFKA_TOOL_DIR, REPO_ROOT, ensureKafkaArtifacts } from './kafka-artifacts';
import {
  childBrokerProcess,
  isOurBroker,
  isPortFree,
  pidBrokerProcess,
  readLogTail,
  readPidFile,
  removePidFile,
  signal,
  sleep,
  stopBrokerProcess,
  writePidFile,
  type BrokerProcess,
} from './kafka-process';

export { ensureKafkaArtifacts, KAFKA_VERSION } from './kafka-artifacts';

export interface KafkaBrokerOptions {
  /** Client (PLAINTEXT) port, default 19092. */
  port?: number;
  /** KRaft controller port, default port + 1. */
  controllerPort?: number;
  /** Holds server.properties, KRaft logs, pid file and broker log; default <repo>/.data/kafka/<port>. */
  dataDir?: string;
  /** JVM max heap, default 512. */
  heapMb?: number;
  /** Broker (log4j) output, default <dataDir>/broker.log. */
  logFile?: string;
  /** How long to wait for the broker to accept clients, default 90 000. */
  startTimeoutMs?: number;
}

export interface KafkaBrokerHandle {
  /** "127.0.0.1:PORT", ready for kafkajs `brokers: [handle.brokers]`. */
  readonly brokers: string;
  readonly pid: number;
  readonly dataDir: string;
  readonly logFile: string;
  stop(): Promise<void>;
  /** Stops and starts again on the same ports and data dir, keeping topics, offsets and messages. */
  restart(): Promise<void>;
}

export interface BrokerConfig {
  port: number;
  controllerPort: number;
  dataDir: string;
  heapMb: number;
  logFile: string;
  startTimeoutMs: number;
  brokers: string;
  propertiesFile: string;
  kraftLogDir: string;
  pidFile: string;
  /** JVM argument that tags our process, so a pid file never leads us to signal a stranger. */
  processMarker: string;
}

export type LaunchMode = 'attached' | 'detached';

export interface LaunchedBroker {
  process: BrokerProcess;
  /** From spawning the JVM to the broker answering describeCluster. */
  readyMs: number;
}

const HOST = '127.0.0.1';
const DEFAULT_PORT = 19092;
const LOG4J_CONFIG = join(KAFKA_TOOL_DIR, 'log4j2.properties');
const PROBE_TIMEOUT_MS = 2_000;

export function resolveBrokerConfig(options: KafkaBrokerOptions = {}): BrokerConfig {
  const port = options.port ?? DEFAULT_PORT;
  const dataDir = resolve(options.dataDir ?? join(REPO_ROOT, '.data', 'kafka', String(port)));
  return {
    port,
    controllerPort: options.controllerPort ?? port + 1,
    dataDir,
    heapMb: options.heapMb ?? 512,
    logFile: resolve(options.logFile ?? join(dataDir, 'broker.log')),
    startTimeoutMs: options.startTimeoutMs ?? 90_000,
    brokers: `${HOST}:${port}`,
    propertiesFile: join(dataDir, 'server.properties'),
    kraftLogDir: join(dataDir, 'kraft-logs'),
    pidFile: join(dataDir, 'broker.pid'),
    processMarker: `-Dekyc.kafka.dataDir=${dataDir}`,
  };
}

/** Starts a broker owned by this Node process: it is killed if we exit without calling stop(). */
export async function startKafkaBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBrokerHandle> {
  const config = resolveBrokerConfig(options);
  const launched = await launchBroker(config, 'attached');
  return new LocalKafkaBroker(config, launched.process);
}

class LocalKafkaBroker implements KafkaBrokerHandle {
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly config: BrokerConfig,
    private jvm: BrokerProcess,
  ) {}

  get brokers(): string {
    return this.config.brokers;
  }

  get pid(): number {
    return this.jvm.pid;
  }

  get dataDir(): string {
    return this.config.dataDir;
  }

  get logFile(): string {
    return this.config.logFile;
  }

  stop(): Promise<void> {
    this.stopping ??= shutdownBroker(this.config, this.jvm);
    return this.stopping;
  }

  async restart(): Promise<void> {
    await this.stop();
    this.jvm = (await launchBroker(this.config, 'attached')).process;
    this.stopping = undefined;
  }
}

/**
 * The one start path shared by startKafkaBroker (attached) and the CLI (detached, survives the CLI).
 * Resolves once the broker accepts clients; on failure the JVM is gone and the error carries the log tail.
 */
export async function launchBroker(config: BrokerConfig, mode: LaunchMode): Promise<LaunchedBroker> {
  const libDir = await ensureKafkaArtifacts();
  await assertCanStart(config);
  await mkdir(config.dataDir, { recursive: true });
  await mkdir(dirname(config.logFile), { recursive: true });
  await writeFile(config.propertiesFile, brokerProperties(config));
  rotateLog(config.logFile);
  await formatStorageIfNeeded(config, libDir);

  const startedAt = Date.now();
  const child = spawnBrokerJvm(config, libDir, mode);
  const proc = childBrokerProcess(child);
  await writePidFile(config.pidFile, proc.pid);
  try {
    await waitForBrokerReady(config, proc);
  } catch (error) {
    await shutdownBroker(config, proc, 5_000);
    throw error;
  }
  if (mode === 'detached') child.unref();
  return { process: proc, readyMs: Date.now() - startedAt };
}

export async function shutdownBroker(config: BrokerConfig, proc: BrokerProcess, graceMs?: number): Promise<void> {
  await stopBrokerProcess(proc, graceMs);
  if ((await readPidFile(config.pidFile)) === proc.pid) await removePidFile(config.pidFile);
}

/** The broker recorded in the data dir's pid file, if that process is still our JVM. */
export async function findRunningBroker(config: BrokerConfig): Promise<BrokerProcess | undefined> {
  const pid = await readPidFile(config.pidFile);
  if (pid === undefined) return undefined;
  if (isOurBroker(pid, config.processMarker)) return pidBrokerProcess(pid);
  await removePidFile(config.pidFile);
  return undefined;
}

async function assertCanStart(config: BrokerConfig): Promise<void> {
  const owner = await findRunningBroker(config);
  if (owner) {
    throw new Error(
      `Kafka from ${config.dataDir} is already running (pid ${owner.pid}); ` +
        `stop it with: npm run kafka -- stop --port ${config.port} --data-dir ${config.dataDir}`,
    );
  }
  for (const port of [config.port, config.controllerPort]) {
    if (!(await isPortFree(port, HOST))) {
      throw new Error(`Cannot start Kafka: ${HOST}:${port} is already in use by another process; pick other ports (--port / { port, controllerPort })`);
    }
  }
}

function brokerProperties(config: BrokerConfig): string {
  const properties: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@${HOST}:${config.controllerPort}`,
    listeners: `PLAINTEXT://${HOST}:${config.port},CONTROLLER://${HOST}:${config.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${config.brokers}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'log.dirs': config.kraftLogDir,
    'num.partitions': 3,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'auto.create.topics.enable': true,
    'group.initial.rebalance.delay.ms': 0,
    // Internal topics default to RF 3 and 50 partitions: impossible on one node, slow to create.
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 5,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 5,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'share.coordinator.state.topic.num.partitions': 5,
    // Sized for a 2-core dev box rather than a production server.
    'num.network.threads': 2,
    'num.io.threads': 4,
    'background.threads': 4,
    'num.recovery.threads.per.data.dir': 1,
    'log.cleaner.threads': 1,
    'log.cleaner.dedupe.buffer.size': 16 * 1024 * 1024,
    // Dev data is disposable: small segments, one day or 256 MiB per partition.
    'log.segment.bytes': 16 * 1024 * 1024,
    'log.retention.hours': 24,
    'log.retention.bytes': 256 * 1024 * 1024,
    'log.retention.check.interval.ms': 60_000,
  };
  const lines = Object.entries(properties).map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  return `# Generated by tools/kafka/kafka-broker.ts on every start; edit that file instead.\n${lines.join('\n')}\n`;
}

function escapeProperty(value: string): string {
  return value.replace(/\\/g, '\\\\');
}

function rotateLog(logFile: string): void {
  if (existsSync(logFile) && statSync(logFile).size > 0) renameSync(logFile, `${logFile}.1`);
}

async function formatStorageIfNeeded(config: BrokerConfig, libDir: string): Promise<void> {
  if (existsSync(join(config.kraftLogDir, 'meta.properties'))) return;
  const args = [...jvmArgs(config, libDir, 256, 'WARN'), 'kafka.tools.StorageTool', 'format', '-t', newClusterId(), '-c', config.propertiesFile];
  const exitCode = await runToCompletion(spawnLogged(config.logFile, args, false));
  if (exitCode !== 0) {
    throw new Error(`Formatting KRaft storage in ${config.kraftLogDir} failed (exit ${exitCode}):\n${await readLogTail(config.logFile)}`);
  }
}

/** Kafka's Uuid text form; ids starting with '-' would be parsed as CLI flags, as Kafka itself avoids. */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function spawnBrokerJvm(config: BrokerConfig, libDir: string, mode: LaunchMode): ChildProcess {
  const args = [...jvmArgs(config, libDir, config.heapMb, 'INFO'), 'kafka.Kafka', config.propertiesFile];
  const child = spawnLogged(config.logFile, args, mode === 'detached');
  if (mode === 'attached') trackAttachedChild(child);
  return child;
}

function jvmArgs(config: BrokerConfig, libDir: string, heapMb: number, level: 'INFO' | 'WARN'): string[] {
  return [
    `-Xmx${heapMb}m`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-XX:+ExitOnOutOfMemoryError',
    '-XX:ParallelGCThreads=2',
    '-XX:ConcGCThreads=1',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${LOG4J_CONFIG}`,
    `-Dekyc.kafka.log.level=${level}`,
    config.processMarker,
    '-cp',
    join(libDir, '*'),
  ];
}

/** JVM output goes straight to the log file (not a pipe), so a detached broker keeps logging after we exit. */
function spawnLogged(logFile: string, args: string[], detached: boolean): ChildProcess {
  const fd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(javaBinary(), args, { detached, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  // Spawn failures surface as a missing pid below; an unheard 'error' event would crash the host process.
  child.on('error', () => undefined);
  if (child.pid === undefined) {
    throw new Error(`Could not run ${javaBinary()}: Kafka needs Java 17+ on PATH or in JAVA_HOME`);
  }
  return child;
}

function javaBinary(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

function runToCompletion(child: ChildProcess): Promise<number> {
  return new Promise((done, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => done(code ?? 1));
  });
}

/** Polls until describeCluster answers; fails fast if the JVM dies and gives up after startTimeoutMs. */
export async function waitForBrokerReady(config: BrokerConfig, proc: BrokerProcess): Promise<void> {
  const deadline = Date.now() + config.startTimeoutMs;
  for (;;) {
    if (!proc.isRunning()) {
      throw new Error(`Kafka broker (pid ${proc.pid}) exited during startup. Tail of ${config.logFile}:\n${await readLogTail(config.logFile)}`);
    }
    if (await probeBroker(config.brokers)) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `Kafka broker did not accept clients on ${config.brokers} within ${config.startTimeoutMs / 1000}s. ` +
          `Tail of ${config.logFile}:\n${await readLogTail(config.logFile)}`,
      );
    }
    await sleep(250);
  }
}

/** True when a broker at `brokers` answers a metadata round trip with at least one live broker. */
export async function probeBroker(brokers: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'ekyc-kafka-probe',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  }).admin();
  try {
    const cluster = await withTimeout(
      admin.connect().then(() => admin.describeCluster()),
      timeoutMs * 2,
    );
    return cluster !== undefined && cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((done) => {
    timer = setTimeout(() => done(undefined), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const attachedChildren = new Set<ChildProcess>();
let cleanupInstalled = false;

function trackAttachedChild(child: ChildProcess): void {
  attachedChildren.add(child);
  child.once('exit', () => attachedChildren.delete(child));
  installParentExitCleanup();
}

function installParentExitCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  // 'exit' handlers must be synchronous, so a forgotten broker gets SIGKILL rather than a controlled shutdown.
  process.once('exit', () => signalAttached('SIGKILL'));
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(name, onParentSignal);
}

function onParentSignal(name: NodeJS.Signals): void {
  signalAttached('SIGTERM');
  // Listening for a signal disables Node's default exit; restore it unless the host app handles the signal itself.
  if (process.listenerCount(name) === 1) {
    process.removeListener(name, onParentSignal);
    process.kill(process.pid, name);
  }
}

function signalAttached(name: NodeJS.Signals): void {
  for (const child of attachedChildren) {
    if (child.pid !== undefined) signal(child.pid, name);
  }
}
