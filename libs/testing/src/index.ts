import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';

const exec = promisify(execFile);
export const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Integration tests get real services from the test runner (tools/test/run-all.ts). */
export function integrationEnv(): { databaseUrl: string; kafkaBrokers: string[] } {
  const databaseUrl = process.env['DATABASE_URL'];
  const brokers = process.env['KAFKA_BROKERS'];
  if (!databaseUrl || !brokers) {
    throw new Error('integration tests need DATABASE_URL and KAFKA_BROKERS: run them with `npm test` or `npm run test:int`');
  }
  return { databaseUrl, kafkaBrokers: brokers.split(',') };
}

export const uniqueName = (prefix: string): string => `${prefix}_${randomBytes(4).toString('hex')}`;

export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false>,
  { timeoutMs = 30_000, intervalMs = 100, what = 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

/** A throwaway schema in the test database, dropped afterwards. */
export async function scratchSchema(databaseUrl: string, prefix = 'it'): Promise<{ ds: DataSource; schema: string; drop(): Promise<void> }> {
  const schema = uniqueName(prefix);
  const ds = new DataSource({ type: 'postgres', url: databaseUrl, schema, entities: [], extra: { max: 5 } });
  await ds.initialize();
  await ds.query(`CREATE SCHEMA "${schema}"`);
  return {
    ds,
    schema,
    async drop() {
      await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
      await ds.destroy();
    },
  };
}

/**
 * Columns of a service schema, migrated here, that look sealed (named `*_enc` or `*_sealed`, or binary), as
 * `table.column`, sorted: a service's list of sealed columns must name each, so start-up checks and re-keying miss none.
 */
export async function sealedLookingColumns(ds: DataSource, migrate: (ds: DataSource) => Promise<unknown>): Promise<string[]> {
  await ds.initialize();
  try {
    await migrate(ds);
    const rows: Array<{ name: string }> = await ds.query(
      `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
        WHERE table_schema = $1 AND (column_name ~ '(_enc|_sealed)$' OR data_type = 'bytea') ORDER BY 1`,
      [(ds.options as { schema?: string }).schema],
    );
    return rows.map((r) => r.name);
  } finally {
    await ds.destroy();
  }
}

/**
 * A Kafka broker this test owns, started through tools/kafka's CLI as its own process, so a test can
 * stop and restart it without touching the shared broker.
 */
export class ScratchKafkaBroker {
  private constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {}

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  static async start(port: number): Promise<ScratchKafkaBroker> {
    const broker = new ScratchKafkaBroker(port, path.join(REPO_ROOT, '.data', 'kafka-scratch', `${port}-${randomBytes(3).toString('hex')}`));
    await broker.start();
    return broker;
  }

  private cli(command: 'start' | 'stop') {
    return exec(process.execPath, ['-r', '@swc-node/register', 'tools/kafka/cli.ts', command, '--port', String(this.port), '--data-dir', this.dataDir], {
      cwd: REPO_ROOT,
      timeout: 180_000,
    });
  }

  async start(): Promise<void> {
    await this.cli('start');
  }

  async stop(): Promise<void> {
    await this.cli('stop');
  }
}

export { migrationsAreReversible } from './migrations';
export { freePort, sandboxAdmin, scratchDatabase, startAppProcess, type AppProcess, type SandboxCitizen } from './processes';
export {
  closeEyes,
  loadTestFace,
  openMouth,
  performChallenges,
  recaptureStill,
  turnHead,
  TEST_FACE,
  type LivenessGesture,
  type Point,
  type SyntheticFrame,
} from './synthetic-frames';
export * from './contract-person';
