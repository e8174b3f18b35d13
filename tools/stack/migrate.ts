import { ensureDatabase, resolveDatabaseServer } from './infra';
import { migratePlatform } from './platform';

/** `npm run migrate`: applies every service's pending migrations to the platform database. */
async function main() {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const db = await resolveDatabaseServer(process.env, say);
  try {
    await migratePlatform(db.givenUrl ?? (await ensureDatabase(db, 'ekyc')), say);
  } finally {
    await db.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
