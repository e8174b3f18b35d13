import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../lib/run-app-script';
import { ensureDatabase, resolveDatabaseServer, resolveKafka, type DatabaseServer, type KafkaCluster } from '../stack/infra';

/**
 * `npm test`: typecheck, lint (module boundaries), unit tests, then integration and end-to-end tests
 * against a real Postgres and a real Kafka broker. Ends with one "N passed, N failed" line.
 */
const TIERS = ['static', 'unit', 'integration', 'e2e'] as const;
type Tier = (typeof TIERS)[number];

const RESULTS_DIR = path.join(REPO_ROOT, '.data', 'test-results');
const TEST_KAFKA_PORT = 19094;
const say = (line: string) => process.stdout.write(`\n[test] ${line}\n`);

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, quiet = false): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' });
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

const bin = (name: string) => path.join(REPO_ROOT, 'node_modules', '.bin', name);

interface Tally {
  passed: number;
  failed: number;
}

async function jest(project: Exclude<Tier, 'static'>, env: NodeJS.ProcessEnv, tally: Tally, tests?: string): Promise<boolean> {
  const output = path.join(RESULTS_DIR, `${project}.json`);
  rmSync(output, { force: true });
  const args = ['--selectProjects', project, '--json', `--outputFile=${output}`, '--ci'];
  if (project !== 'unit') args.push('--runInBand');
  if (tests) args.push('--testPathPatterns', tests);
  const code = await run(bin('jest'), args, env);
  if (existsSync(output)) {
    const result = JSON.parse(readFileSync(output, 'utf8')) as { numPassedTests: number; numFailedTests: number; numRuntimeErrorTestSuites: number };
    tally.passed += result.numPassedTests;
    tally.failed += result.numFailedTests + result.numRuntimeErrorTestSuites;
  } else if (code !== 0) {
    tally.failed += 1;
  }
  return code === 0;
}

async function main(): Promise<number> {
  // `--tests <regex>` runs only the test files whose path matches, e.g. `npm run test:e2e -- --tests portal`.
  const { values } = parseArgs({ options: { only: { type: 'string' }, tests: { type: 'string' } } });
  const tests = values.tests as string | undefined;
  const only = values.only as Tier | undefined;
  if (only && !TIERS.includes(only)) throw new Error(`--only must be one of ${TIERS.join(', ')}`);
  const wanted = (tier: Tier) => !only || only === tier;
  mkdirSync(RESULTS_DIR, { recursive: true });
  const tally: Tally = { passed: 0, failed: 0 };
  let ok = true;
  const env: NodeJS.ProcessEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0' };

  if (wanted('static')) {
    say('typecheck (tsc --noEmit, then the portal with its DOM and JSX settings)');
    const typecheck =
      (await run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'], env)) === 0 &&
      (await run(bin('tsc'), ['-p', 'apps/portal/tsconfig.json', '--noEmit'], env)) === 0;
    say('lint (eslint with Nx module boundaries)');
    // The boundary rule reads Nx's project graph; computing it first makes the rule run, not skip.
    await run(bin('nx'), ['show', 'projects'], env, true);
    const lint = (await run(bin('eslint'), ['.', '--max-warnings=0'], env)) === 0;
    tally.passed += Number(typecheck) + Number(lint);
    tally.failed += Number(!typecheck) + Number(!lint);
    ok &&= typecheck && lint;
  }
  if (wanted('unit')) {
    say('unit tests');
    ok = (await jest('unit', env, tally, tests)) && ok;
  }

  if (wanted('integration') || wanted('e2e')) {
    let db: DatabaseServer | null = null;
    let kafka: KafkaCluster | null = null;
    try {
      db = await resolveDatabaseServer(process.env, say);
      const databaseUrl = await ensureDatabase(db, 'ekyc_test', { fresh: true });
      const e2eDatabaseUrl = await ensureDatabase(db, 'ekyc_e2e', { fresh: true });
      const kafkaDataDir = path.join(REPO_ROOT, '.data', 'kafka-test');
      rmSync(kafkaDataDir, { recursive: true, force: true });
      kafka = await resolveKafka(process.env, say, { port: TEST_KAFKA_PORT, dataDir: kafkaDataDir });
      say(`Postgres: ${db.source}; Kafka: ${kafka.source} (${kafka.brokers})`);
      const infraEnv = { ...env, DATABASE_URL: databaseUrl, E2E_DATABASE_URL: e2eDatabaseUrl, KAFKA_BROKERS: kafka.brokers };
      if (wanted('integration')) {
        say('integration tests (real Postgres and Kafka)');
        ok = (await jest('integration', infraEnv, tally, tests)) && ok;
      }
      if (wanted('e2e')) {
        say('end-to-end tests through the gateway');
        ok = (await jest('e2e', infraEnv, tally, tests)) && ok;
      }
    } finally {
      await kafka?.stop();
      await db?.stop();
    }
  }

  process.stdout.write(`\n${tally.passed} passed, ${tally.failed} failed\n`);
  return ok && tally.failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`[test] ${err.stack ?? err.message}\n0 passed, 1 failed\n`);
    process.exit(1);
  },
);
