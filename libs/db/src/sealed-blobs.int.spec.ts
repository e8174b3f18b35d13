import { randomUUID } from 'node:crypto';
import { createPiiCipher } from '@ekyc/crypto';
import { integrationEnv, scratchSchema } from '@ekyc/testing';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { loadSealedBlob, storeSealedBlob, type SealedBlobRow } from './sealed-blobs';

jest.setTimeout(60_000);

@Entity({ name: 'images' })
class ImageRow implements SealedBlobRow {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId!: string;
  @PrimaryColumn('text') sha256!: string;
  @Column('text', { name: 'content_type' }) contentType!: string;
  @Column('int', { name: 'size_bytes' }) sizeBytes!: number;
  @Column('bytea', { name: 'content_enc' }) contentEnc!: Buffer;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}

describe('content-addressed sealed blobs (real Postgres)', () => {
  const { databaseUrl } = integrationEnv();
  let scratch: Awaited<ReturnType<typeof scratchSchema>>;
  let ds: DataSource;

  beforeAll(async () => {
    scratch = await scratchSchema(databaseUrl, 'it_blobs');
    await scratch.ds.query(
      `CREATE TABLE "${scratch.schema}".images (tenant_id uuid, sha256 text, content_type text, size_bytes int, content_enc bytea, created_at timestamptz, PRIMARY KEY (tenant_id, sha256))`,
    );
    ds = new DataSource({ type: 'postgres', url: databaseUrl, schema: scratch.schema, entities: [ImageRow] });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await scratch.drop();
  });

  it('stores an image once, and re-seals it when it is uploaded again under a key the earlier copy was not sealed with', async () => {
    const tenant = randomUUID();
    const image = { bytes: Buffer.from('a card photo'), contentType: 'image/jpeg' };
    const before = createPiiCipher(Buffer.alloc(32, 1).toString('base64'));
    const after = createPiiCipher(Buffer.alloc(32, 2).toString('base64'));
    const sha = await storeSealedBlob(ds.manager, ImageRow, before, tenant, image);
    const sealedFirst = (await ds.manager.findOneByOrFail(ImageRow, { tenantId: tenant, sha256: sha })).contentEnc;
    // Again under the same key: nothing changes.
    await storeSealedBlob(ds.manager, ImageRow, before, tenant, image);
    expect((await ds.manager.findOneByOrFail(ImageRow, { tenantId: tenant, sha256: sha })).contentEnc.equals(sealedFirst)).toBe(true);
    // The earlier copy is unreadable with the new key alone, until the same content comes again.
    await expect(loadSealedBlob(ds.manager, ImageRow, after, tenant, sha)).rejects.toMatchObject({ code: 'PII_KEY_UNKNOWN' });
    await storeSealedBlob(ds.manager, ImageRow, after, tenant, image);
    expect((await loadSealedBlob(ds.manager, ImageRow, after, tenant, sha))?.bytes.toString()).toBe('a card photo');
  });
});
