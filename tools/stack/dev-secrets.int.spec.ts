import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { integrationEnv, uniqueName } from '@ekyc/testing';
import { generateSecrets, loadDevSecrets } from './infra';

jest.setTimeout(60_000);

/** Two checkouts of the platform on one machine share the `ekyc` dev database; each has its own .data/. */
describe('dev secrets shared through the dev database', () => {
  const { databaseUrl } = integrationEnv();
  const database = uniqueName('devsecrets');
  const dirs: string[] = [];
  let url: string;

  beforeAll(async () => {
    const admin = new Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    const parsed = new URL(databaseUrl);
    parsed.pathname = `/${database}`;
    url = parsed.toString();
  });
  afterAll(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    const admin = new Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  });

  const checkout = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'checkout-'));
    dirs.push(dir);
    return dir;
  };

  it('gives a second checkout, with or without secrets of its own, the secrets the database was filled with', async () => {
    const first = checkout();
    const firstSecrets = await loadDevSecrets({}, url, () => undefined, first);
    expect(await loadDevSecrets({}, url, () => undefined, first)).toEqual(firstSecrets);

    const fresh = checkout();
    expect(await loadDevSecrets({}, url, () => undefined, fresh)).toEqual(firstSecrets);

    const stale = checkout();
    writeFileSync(path.join(stale, 'dev-secrets.json'), JSON.stringify(generateSecrets()));
    const said: string[] = [];
    expect(await loadDevSecrets({}, url, (line) => said.push(line), stale)).toEqual(firstSecrets);
    expect(said.join()).toContain('using the database');
    expect(JSON.parse(readFileSync(path.join(stale, 'dev-secrets.json'), 'utf8'))).toEqual(firstSecrets);

    // The environment still wins.
    expect((await loadDevSecrets({ PII_ENCRYPTION_KEY: 'from-env' }, url, () => undefined, fresh)).PII_ENCRYPTION_KEY).toBe('from-env');
  });
});
