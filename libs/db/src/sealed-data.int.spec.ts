import { randomUUID } from 'node:crypto';
import { createPiiCipher } from '@ekyc/crypto';
import { integrationEnv, scratchSchema } from '@ekyc/testing';
import { refuseUnreadableSealedData, rekeySealedData, unreadableSealedData, type SealedColumn } from './sealed-data';

jest.setTimeout(60_000);

const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');
const [A, B, C] = [key(1), key(2), key(3)];
const COLUMNS: SealedColumn[] = [
  { table: 'people', column: 'name_enc', kind: 'text' },
  { table: 'people', column: 'photo_enc', kind: 'bytes' },
];

describe('sealed data across key rotations (real Postgres)', () => {
  const { databaseUrl } = integrationEnv();
  let scratch: Awaited<ReturnType<typeof scratchSchema>>;
  const tenant = randomUUID();

  beforeAll(async () => {
    scratch = await scratchSchema(databaseUrl, 'it_sealed');
    await scratch.ds.query(
      `CREATE TABLE "${scratch.schema}".people (id serial PRIMARY KEY, tenant_id uuid NOT NULL, name_enc text NULL, photo_enc bytea NULL)`,
    );
  });
  afterAll(() => scratch.drop());
  beforeEach(() => scratch.ds.query(`DELETE FROM "${scratch.schema}".people`));

  const insert = async (keys: string[], name: string) => {
    const cipher = createPiiCipher(keys[0] as string, keys.slice(1));
    await scratch.ds.query(`INSERT INTO "${scratch.schema}".people (tenant_id, name_enc, photo_enc) VALUES ($1, $2, $3)`, [
      tenant,
      cipher.encrypt(name, tenant),
      cipher.encryptBytes(Buffer.from(`photo of ${name}`), tenant),
    ]);
  };
  const readAll = async (keys: string[]) => {
    const cipher = createPiiCipher(keys[0] as string, keys.slice(1));
    const rows: Array<{ name_enc: string; photo_enc: Buffer }> = await scratch.ds.query(
      `SELECT name_enc, photo_enc FROM "${scratch.schema}".people ORDER BY id`,
    );
    return rows.map((r) => [cipher.decrypt(r.name_enc, tenant), cipher.decryptBytes(r.photo_enc, tenant).toString()]);
  };

  it('finds data a service cannot open and says what to do, then re-seals it once the old key is given', async () => {
    for (let i = 0; i < 3; i++) await insert([A], `Rahim ${i}`);
    await insert([B], 'Karim');

    const withoutA = createPiiCipher(B);
    expect(await unreadableSealedData(scratch.ds, withoutA, COLUMNS)).toEqual([
      { column: 'people.name_enc', keyId: createPiiCipher(A).keyId },
      { column: 'people.photo_enc', keyId: createPiiCipher(A).keyId },
    ]);
    await expect(refuseUnreadableSealedData('test-service', scratch.ds, withoutA, COLUMNS)).rejects.toThrow(/PII_PREVIOUS_KEYS[\s\S]*npm run pii:rekey/);

    const rotated = createPiiCipher(B, [A]);
    expect(await unreadableSealedData(scratch.ds, rotated, COLUMNS)).toEqual([]);
    const dry = await rekeySealedData(scratch.ds, rotated, COLUMNS, { dryRun: true });
    expect(dry.map((r) => [r.column, r.resealed])).toEqual([
      ['people.name_enc', 3],
      ['people.photo_enc', 3],
    ]);
    const done = await rekeySealedData(scratch.ds, rotated, COLUMNS, { batchSize: 2 });
    expect(done).toEqual([
      { column: 'people.name_enc', resealed: 3, unreadable: 0 },
      { column: 'people.photo_enc', resealed: 3, unreadable: 0 },
    ]);
    // Everything is under B now: A can be retired.
    expect(await readAll([B])).toEqual([...[0, 1, 2].map((i) => [`Rahim ${i}`, `photo of Rahim ${i}`]), ['Karim', 'photo of Karim']]);
    expect((await rekeySealedData(scratch.ds, rotated, COLUMNS)).map((r) => r.resealed)).toEqual([0, 0]);
  });

  it('leaves values no given key opens as they are, and counts them', async () => {
    await insert([C], 'Unknown');
    await insert([A], 'Known');
    const results = await rekeySealedData(scratch.ds, createPiiCipher(B, [A]), COLUMNS);
    expect(results).toEqual([
      { column: 'people.name_enc', resealed: 1, unreadable: 1 },
      { column: 'people.photo_enc', resealed: 1, unreadable: 1 },
    ]);
    expect((await readAll([C, B]))[0]).toEqual(['Unknown', 'photo of Unknown']);
  });
});
