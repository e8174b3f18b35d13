import { parseArgs } from 'node:util';
import { runAppScript } from '../lib/run-app-script';
import { ensureDatabase, loadDevSecrets, resolveDatabaseServer } from '../stack/infra';
import { SUBGRAPHS } from '../schema/subgraphs';

/**
 * `npm run pii:rekey [-- --dry-run]`: after PII_ENCRYPTION_KEY was rotated (the old key moved to PII_PREVIOUS_KEYS),
 * re-seals every service's stored personal data with the new key, service by service. DATABASE_URL and the keys come
 * from the environment; without them, the dev stack's database and keys. Events keep their keys (see the README).
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean' } } });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const db = await resolveDatabaseServer(process.env, say);
  try {
    const databaseUrl = db.givenUrl ?? (await ensureDatabase(db, 'ekyc'));
    const secrets = process.env['PII_ENCRYPTION_KEY'] ? null : await loadDevSecrets(process.env, databaseUrl);
    const env = { ...process.env, DATABASE_URL: databaseUrl, ...(secrets ? { PII_ENCRYPTION_KEY: secrets.PII_ENCRYPTION_KEY } : {}) };
    let failed = false;
    for (const { name } of SUBGRAPHS) {
      try {
        process.stdout.write(await runAppScript(name, 'rekey', env, values['dry-run'] ? ['--dry-run'] : []));
      } catch (err) {
        failed = true;
        say((err as Error).message);
      }
    }
    return failed ? 1 : 0;
  } finally {
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  },
);
