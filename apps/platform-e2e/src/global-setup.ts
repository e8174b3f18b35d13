import path from 'node:path';
// Path aliases work here because the e2e project's swc transform rewrites them (jest.config.js): Jest loads globalSetup
// without moduleNameMapper.
import { REPO_ROOT } from '@ekyc/tools/lib/run-app-script';
import { buildPortal } from '@ekyc/tools/portal/build';
import { DEMO_ROLE_MAP } from '@ekyc/tools/idp-sandbox/idp-sandbox';
import { generateSecrets } from '@ekyc/tools/stack/infra';
import {
  bootstrapTenant,
  configureNidCredentials,
  migratePlatform,
  startPlatform,
  updateSubmissionPolicy,
  type RunningPlatform,
} from '@ekyc/tools/stack/platform';

declare global {
  var __E2E_PLATFORM__: RunningPlatform | undefined;
}

/** E2E_BASE_PORT moves the whole platform (gateway, subgraphs, sandboxes, SMTP sink), so two suites can run side by side. */
export const E2E_BASE_PORT = Number(process.env['E2E_BASE_PORT'] ?? 4100);

/** Boots the whole platform once for the e2e suite: fresh database, real Kafka, six processes. */
export default async function globalSetup(): Promise<void> {
  const databaseUrl = process.env['E2E_DATABASE_URL'];
  const kafkaBrokers = process.env['KAFKA_BROKERS'];
  if (!databaseUrl || !kafkaBrokers) throw new Error('e2e tests need E2E_DATABASE_URL and KAFKA_BROKERS: run them with `npm test` or `npm run test:e2e`');
  const log = (line: string) => process.stdout.write(`[e2e] ${line}\n`);
  await migratePlatform(databaseUrl, log);
  const demo = await bootstrapTenant(databaseUrl);
  const other = await bootstrapTenant(databaseUrl, { slug: 'other-bank', name: 'Other Bank' });
  // Its own tenant for the audit-billing spec: its counts and bills must not see other specs' applications.
  const audit = await bootstrapTenant(databaseUrl, { slug: 'audit-bank', name: 'Audit Bank' });
  // Its own tenant for tests that break the NID account (password expiry), so they cannot disturb the others.
  const ops = await bootstrapTenant(databaseUrl, { slug: 'ops-bank', name: 'Ops Bank' });
  // Its own tenant for the CDP spec, which turns automatic onboarding on: other specs' applications stay out of the CDP.
  const cdp = await bootstrapTenant(databaseUrl, { slug: 'cdp-bank', name: 'CDP Bank' });
  // Its own tenant for the portal spec, whose dashboard counts only what the browser submitted.
  const portal = await bootstrapTenant(databaseUrl, { slug: 'portal-bank', name: 'Portal Bank' });
  // Its own tenant for the webhook spec, so its receiver sees only the events of its own applications.
  const hooks = await bootstrapTenant(databaseUrl, { slug: 'hooks-bank', name: 'Hooks Bank' });
  // Its own tenant for the decision gates, under the platform's default policy (NID, faces and liveness required).
  const gates = await bootstrapTenant(databaseUrl, { slug: 'gates-bank', name: 'Gates Bank' });
  // Its own tenant for the fuzz suite, whose generated settings mutations must not reach anyone else.
  const fuzz = await bootstrapTenant(databaseUrl, { slug: 'fuzz-bank', name: 'Fuzz Bank' });
  const secrets = generateSecrets();
  const logDir = path.join(REPO_ROOT, '.data', 'logs', 'e2e');
  // The gateway serves the portal from this build (one per base port, so two suites never rebuild each other's).
  const portalDir = await buildPortal(path.join(REPO_ROOT, '.data', 'portal', `e2e-${E2E_BASE_PORT}`));
  log(
    `starting the platform on ports ${E2E_BASE_PORT}-${E2E_BASE_PORT + 5} (sandboxes from ${E2E_BASE_PORT + 10}); service logs in ${path.relative(REPO_ROOT, logDir)}/`,
  );
  // Small limits so the suite can show them refusing operations that the schema makes possible.
  Object.assign(process.env, { MAX_QUERY_DEPTH: '3', MAX_QUERY_COST: '400' });
  // Every test client is 127.0.0.1: the hardening spec sends X-Forwarded-For to get an address of its own, and the
  // per-user limit is out of the way of polling tests (request-auth.int.spec.ts measures it).
  const rateLimits = { TRUST_PROXY: 'loopback', AUTH_FAILURES_PER_MINUTE: '30', REQUESTS_PER_USER_PER_MINUTE: '100000' };
  process.env['E2E_AUTH_FAILURES_PER_MINUTE'] = rateLimits.AUTH_FAILURES_PER_MINUTE;
  const platform = await startPlatform({
    databaseUrl,
    kafkaBrokers,
    secrets,
    basePort: E2E_BASE_PORT,
    logLevel: 'info',
    nodeEnv: 'test',
    logDir,
    // Quick NID, CDP and webhook retries, so outage tests finish in seconds.
    // People's roles follow the sandbox identity provider's groups (tools/idp-sandbox DEMO_GROUPS) at each sign-in.
    serviceEnv: {
      ...rateLimits,
      PORTAL_DIR: portalDir,
      OIDC_ROLES_CLAIM: 'groups',
      OIDC_ROLE_MAP: DEMO_ROLE_MAP,
      WEBHOOK_WORKER_POLL_MS: '200',
      WEBHOOK_RETRY_BASE_MS: '300',
      WEBHOOK_RETRY_MAX_MS: '1000',
      WEBHOOK_MAX_ATTEMPTS: '4',
      NID_WORKER_POLL_MS: '200',
      NID_REQUEUE_BASE_MS: '200',
      NID_REQUEUE_MAX_MS: '1000',
      NID_RETRY_INITIAL_DELAY_MS: '50',
      NID_RETRY_MAX_DELAY_MS: '200',
      NID_BREAKER_HALF_OPEN_MS: '1000',
      CDP_WORKER_POLL_MS: '200',
      CDP_REQUEUE_BASE_MS: '200',
      CDP_REQUEUE_MAX_MS: '1000',
      CDP_RETRY_INITIAL_DELAY_MS: '50',
      CDP_RETRY_MAX_DELAY_MS: '200',
      CDP_BREAKER_HALF_OPEN_MS: '1000',
    },
  });
  globalThis.__E2E_PLATFORM__ = platform;
  // Seeded sandbox accounts (apps/nid-sandbox/fixtures/partner-users.json), one per tenant.
  await configureNidCredentials(platform.gatewayUrl, demo.tokens.partnerAdmin, { username: 'demo_user', password: 'demo_password' });
  await configureNidCredentials(platform.gatewayUrl, other.tokens.partnerAdmin, { username: 'xyz', password: 'xyz_password' });
  // Policies, set as a partner would. The specs of the NID check, audit and billing, the CDP and webhooks verify
  // demographics alone; those of documents and faces compare faces; only the portal's and the gates' run liveness.
  for (const tenant of [ops, audit, cdp, hooks])
    await updateSubmissionPolicy(platform.gatewayUrl, tenant.tokens.partnerAdmin, { requireFaceMatch: false, requireLiveness: false });
  for (const tenant of [demo, other]) await updateSubmissionPolicy(platform.gatewayUrl, tenant.tokens.partnerAdmin, { requireLiveness: false });
  Object.assign(process.env, {
    E2E_GATEWAY_URL: platform.gatewayUrl,
    E2E_SUBGRAPH_URLS: JSON.stringify(platform.subgraphUrls),
    E2E_INTERNAL_CONTEXT_SECRET: secrets.INTERNAL_CONTEXT_SECRET,
    E2E_TENANTS: JSON.stringify({ demo, other, ops, audit, cdp, portal, hooks, gates, fuzz }),
    E2E_SANDBOX_URLS: JSON.stringify(platform.sandboxUrls),
    E2E_SMTP_SINK_URL: platform.smtpSinkUrl,
    // For test-only fixtures written straight to the database in the services' encrypted form.
    E2E_PII_ENCRYPTION_KEY: secrets.PII_ENCRYPTION_KEY,
  });
}
