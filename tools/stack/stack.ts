import { buildPortal, PORTAL_DIST } from '../portal/build';
import { ensureDatabase, loadDevSecrets, resolveDatabaseServer, resolveKafka } from './infra';
import { bootstrapTenant, configureCdpSettings, configureNidCredentials, migratePlatform, startPlatform } from './platform';

/**
 * `npm start`: Postgres (DATABASE_URL, the local server, or embedded), Kafka (KAFKA_BROKERS or a local
 * broker), migrations, bootstrap, the five subgraphs and the gateway. Ctrl-C stops all of it.
 */
async function main() {
  const say = (line: string) => process.stdout.write(`[stack] ${line}\n`);
  const cleanups: Array<() => Promise<void>> = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: Error) => say(`cleanup failed: ${err.message}`));
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  try {
    const db = await resolveDatabaseServer(process.env, say);
    cleanups.push(db.stop);
    const databaseUrl = db.givenUrl ?? (await ensureDatabase(db, 'ekyc'));
    say(`Postgres: ${db.source}`);
    const kafka = await resolveKafka(process.env, say);
    cleanups.push(kafka.stop);
    say(`Kafka: ${kafka.source} (${kafka.brokers})`);
    await migratePlatform(databaseUrl, say);
    // The gateway serves the agent portal from its Vite build (about a second); PORTAL_DIR points it elsewhere.
    const portalDir = process.env['PORTAL_DIR'] ?? (await buildPortal(PORTAL_DIST));
    say(`portal built into ${portalDir}`);
    const boot = await bootstrapTenant(databaseUrl);
    const platform = await startPlatform({
      databaseUrl,
      kafkaBrokers: kafka.brokers,
      secrets: await loadDevSecrets(process.env, databaseUrl, say),
      basePort: Number(process.env['GATEWAY_PORT'] ?? 4000),
      logLevel: process.env['LOG_LEVEL'] ?? 'info',
      nodeEnv: 'development',
      serviceEnv: { PORTAL_DIR: portalDir },
    });
    cleanups.push(platform.stop);
    const gatewayUrl = platform.gatewayUrl;
    // The demo tenant uses a seeded account of the NID sandbox (apps/nid-sandbox/fixtures/partner-users.json).
    await configureNidCredentials(gatewayUrl, boot.tokens.partnerAdmin, { username: 'demo_user', password: 'demo_password' });
    // And a seeded client of the CDP sandbox (apps/cdp-sandbox/fixtures/realm.json): passed applications are onboarded.
    await configureCdpSettings(gatewayUrl, boot.tokens.partnerAdmin, { clientId: 'ekyc-demo-bank', clientSecret: 'demo-bank-secret' });
    process.stdout.write(`
  eKYC platform is up.

  GraphQL endpoint    ${gatewayUrl}   (open it in a browser for the explorer)
  Portal              ${gatewayUrl.replace(/\/graphql$/, '/portal/')}   (sign in with the bank's account, or with a token below)
  Identity provider   ${platform.idpUrl}   (the bank's OIDC stand-in: sign in as agent@demo-bank.local, analyst@…, reviewer@…, admin@…; any password)
  NID sandbox         ${platform.sandboxUrls['nid-sandbox']}   (the EC NID partner service stand-in; demo_user / demo_password)
  CDP sandbox         ${platform.sandboxUrls['cdp-sandbox']}   (the Customer Data Platform stand-in; client ekyc-demo-bank)
  Mail (SMTP sink)    ${platform.smtpSinkUrl}/messages   (OTP mails of eKYC requests; ?to=<address>)
  Platform admin      Authorization: Token ${boot.tokens.platformAdmin}
  Demo partner admin  Authorization: Token ${boot.tokens.partnerAdmin}
  Demo agent          Authorization: Token ${boot.tokens.agent}
  Demo analyst        Authorization: Token ${boot.tokens.analyst}
  Demo reviewer       Authorization: Token ${boot.tokens.reviewer}   (review cases: reviewCases, claimReviewCase, approve/reject)

  Try:
    curl -s ${gatewayUrl} -H 'content-type: application/json' \\
      -H 'Authorization: Token ${boot.tokens.agent}' \\
      -d '{"query":"mutation { createApplication(input: {mobileNumber: \\"01712345678\\"}) { application { id status } errors { code field message } } }"}'

  Tokens are rotated at every start. Press Ctrl-C to stop everything.

`);
  } catch (err) {
    say(`failed: ${(err as Error).message}`);
    await stopAll(1);
  }
}

void main();
