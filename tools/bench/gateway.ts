import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { INTERNAL_CONTEXT_HEADER, signInternalContext } from '@ekyc/internal-context';
import { REPO_ROOT } from '../lib/run-app-script';
import { ensureDatabase, generateSecrets, resolveDatabaseServer, resolveKafka } from '../stack/infra';
import { bootstrapTenant, migratePlatform, startPlatform } from '../stack/platform';

/**
 * `npm run bench:gateway`: the same GraphQL query sent through the gateway and straight to the owning
 * subgraph (with a signed context, as the gateway would send it). Prints req/s, p50, p99 and the ratio.
 * BENCH_DURATION (s, default 10) and BENCH_CONNECTIONS (default 10) tune the load.
 */
const DURATION = Number(process.env['BENCH_DURATION'] ?? 10);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10);
const BASE_PORT = 4200;
const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);

interface Measured {
  label: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(label: string, url: string, headers: Record<string, string>, query: string, variables: Record<string, unknown>): Promise<Measured> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    connections: CONNECTIONS,
    duration: DURATION,
  });
  return {
    label,
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

async function main() {
  const db = await resolveDatabaseServer(process.env, say);
  const kafkaDir = path.join(REPO_ROOT, '.data', 'kafka-bench');
  rmSync(kafkaDir, { recursive: true, force: true });
  const kafka = await resolveKafka(process.env, say, { port: 19096, dataDir: kafkaDir });
  const databaseUrl = await ensureDatabase(db, 'ekyc_bench', { fresh: true });
  await migratePlatform(databaseUrl, () => undefined);
  const boot = await bootstrapTenant(databaseUrl);
  const secrets = generateSecrets();
  const platform = await startPlatform({
    databaseUrl,
    kafkaBrokers: kafka.brokers,
    secrets,
    basePort: BASE_PORT,
    logLevel: 'warn',
    nodeEnv: 'production',
    logDir: path.join(REPO_ROOT, '.data', 'logs', 'bench'),
  });
  try {
    const gatewayAuth = { authorization: `Token ${boot.tokens.agent}` };
    const created = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...gatewayAuth },
      body: JSON.stringify({ query: 'mutation { createApplication(input: { mobileNumber: "01712345678" }) { application { id } } }' }),
    });
    const id = ((await created.json()) as { data: { createApplication: { application: { id: string } } } }).data.createApplication.application.id;
    const directAuth = {
      [INTERNAL_CONTEXT_HEADER]: signInternalContext(
        { tenantId: boot.demoTenantId, userId: randomUUID(), roles: ['agent'], authKind: 'api_token', credentialId: 'bench', requestId: 'bench' },
        secrets.INTERNAL_CONTEXT_SECRET,
        Date.now(),
        DURATION * 10 + 600,
      ),
    };
    const owner = 'query($id: ID!) { application(id: $id) { id status channel createdAt } }';
    const federated = 'query($id: ID!) { application(id: $id) { id status nidVerification { status } } }';
    say(`load: ${CONNECTIONS} connections for ${DURATION} s per run, on ${platform.gatewayUrl}`);
    const ownerUrl = platform.subgraphUrls['identity-document'];
    if (!ownerUrl) throw new Error('identity-document is not running');
    const direct = await load('identity-document directly', ownerUrl, directAuth, owner, { id });
    const viaGateway = await load('gateway, one subgraph fetch', platform.gatewayUrl, gatewayAuth, owner, { id });
    const twoFetches = await load('gateway, two subgraph fetches', platform.gatewayUrl, gatewayAuth, federated, { id });
    const rows = [direct, viaGateway, twoFetches];
    process.stdout.write(
      `\n${'run'.padEnd(32)}${'req/s'.padStart(10)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'errors'.padStart(8)}${'vs direct'.padStart(11)}\n`,
    );
    for (const r of rows) {
      const ratio = (r.reqPerSec / direct.reqPerSec).toFixed(2);
      process.stdout.write(
        `${r.label.padEnd(32)}${r.reqPerSec.toFixed(0).padStart(10)}${String(r.p50).padStart(9)}${String(r.p99).padStart(9)}${String(r.errors).padStart(8)}${`${ratio}x`.padStart(11)}\n`,
      );
    }
    process.stdout.write(
      `\ngateway/direct throughput ratio: ${(viaGateway.reqPerSec / direct.reqPerSec).toFixed(2)} (one fetch), ${(twoFetches.reqPerSec / direct.reqPerSec).toFixed(2)} (two fetches)\n`,
    );
    if (rows.some((r) => r.errors > 0)) process.exitCode = 1;
  } finally {
    await platform.stop();
    await kafka.stop();
    await db.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
