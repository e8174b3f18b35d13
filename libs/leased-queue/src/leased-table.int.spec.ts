import { integrationEnv, scratchSchema } from '@ekyc/testing';
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { createLeasedTable, type LeasedTable, type LeasedTableSpec } from './leased-table';

jest.setTimeout(60_000);

@Entity({ name: 'jobs' })
class Job {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'tenant_id', type: 'text' }) tenantId!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'person', type: 'text', nullable: true }) person!: string | null;
  @Column({ type: 'text', nullable: true }) result!: string | null;
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true }) nextAttemptAt!: Date | null;
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true }) leaseUntil!: Date | null;
  @Column({ name: 'lease_token', type: 'uuid', nullable: true }) leaseToken!: string | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

describe('createLeasedTable (real Postgres)', () => {
  const { databaseUrl } = integrationEnv();
  let scratch: Awaited<ReturnType<typeof scratchSchema>>;
  let ds: DataSource;

  const queue = (spec: Partial<LeasedTableSpec<Job>> = {}): LeasedTable<Job> =>
    createLeasedTable<Job>({
      ds,
      entity: Job,
      table: `${scratch.schema}.jobs`,
      ready: ['queued', 'unavailable'],
      leased: 'in_progress',
      waiting: 'awaiting_credentials',
      leaseMs: 60_000,
      ...spec,
    });

  /** Inserts jobs due `ageSeconds` ago (older first), with the given states and persons. */
  const add = async (...jobs: Array<{ status?: string; ageSeconds?: number; person?: string; tenantId?: string; leaseUntilSeconds?: number }>) => {
    const ids: string[] = [];
    for (const job of jobs) {
      const [row] = (await ds.query(
        `INSERT INTO ${scratch.schema}.jobs (tenant_id, status, person, next_attempt_at, lease_until, lease_token, updated_at)
         VALUES ($1, $2, $3, now() - make_interval(secs => $4), CASE WHEN $5::float IS NULL THEN NULL ELSE now() + make_interval(secs => $5::float) END,
                 CASE WHEN $5::float IS NULL THEN NULL ELSE gen_random_uuid() END, now()) RETURNING id`,
        [job.tenantId ?? 't1', job.status ?? 'queued', job.person ?? null, job.ageSeconds ?? 1, job.leaseUntilSeconds ?? null],
      )) as Array<{ id: string }>;
      ids.push((row as { id: string }).id);
    }
    return ids;
  };
  const status = async (id: string) => ((await ds.manager.findOneByOrFail(Job, { id })) as Job).status;

  beforeAll(async () => {
    scratch = await scratchSchema(databaseUrl, 'it_leased');
    await scratch.ds.query(`CREATE TABLE "${scratch.schema}".jobs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id text NOT NULL, status text NOT NULL, person text NULL, result text NULL,
      next_attempt_at timestamptz NULL, lease_until timestamptz NULL, lease_token uuid NULL, updated_at timestamptz NOT NULL)`);
    ds = new DataSource({ type: 'postgres', url: databaseUrl, schema: scratch.schema, entities: [Job], extra: { max: 6 } });
    await ds.initialize();
  });
  afterEach(() => ds.query(`DELETE FROM ${scratch.schema}.jobs`));
  afterAll(async () => {
    await ds.destroy();
    await scratch.drop();
  });

  it('claims due work oldest first under a fresh lease, and leaves work that is not due, held or finished', async () => {
    const [older, newer] = await add({ ageSeconds: 50 }, { status: 'unavailable', ageSeconds: 10 });
    await add({ ageSeconds: -600 }, { status: 'done' }, { status: 'awaiting_credentials' });
    const claimed = await queue().claimDue(10);
    expect(claimed.map((j) => j.id).sort()).toEqual([older, newer].sort());
    expect(claimed.every((j) => j.status === 'in_progress' && j.leaseToken && j.leaseUntil && j.leaseUntil > new Date())).toBe(true);
    expect(await queue().claimDue(10)).toEqual([]);

    await add({ ageSeconds: 5 }, { ageSeconds: 99 });
    const [first] = await queue().claimDue(1);
    expect(first?.nextAttemptAt?.getTime()).toBeLessThan(Date.now() - 90_000);
  });

  it('two workers claiming at once never get the same row', async () => {
    await add(...Array.from({ length: 30 }, (_, i) => ({ ageSeconds: i + 1 })));
    const [a, b] = await Promise.all([queue().claimDue(20), queue().claimDue(20)]);
    const ids = [...a, ...b].map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(30);
  });

  it('a lapsed lease is taken over, and then only the new holder may save', async () => {
    const [id] = await add({});
    const [stalled] = await queue({ leaseMs: 1 }).claimDue(1);
    await new Promise((r) => setTimeout(r, 20));
    const [taker] = await queue().claimDue(1);
    expect(taker?.id).toBe(id);
    expect(taker?.leaseToken).not.toBe(stalled?.leaseToken);

    expect(await queue().settle(ds.manager, stalled as Job, { status: 'done', result: 'stale' })).toBe(false);
    expect(await queue().settle(ds.manager, taker as Job, { status: 'done', result: 'fresh' })).toBe(true);
    const saved = await ds.manager.findOneByOrFail(Job, { id: id as string });
    expect(saved).toMatchObject({ status: 'done', result: 'fresh', leaseUntil: null, leaseToken: null });
    // Saving twice with the same claim is refused: the lease ended with the first save.
    expect(await queue().settle(ds.manager, taker as Job, { status: 'queued' })).toBe(false);
  });

  it('a retry saved with a later next attempt is not claimed before it is due', async () => {
    await add({});
    const [claimed] = await queue().claimDue(1);
    await queue().settle(ds.manager, claimed as Job, { status: 'unavailable', nextAttemptAt: new Date(Date.now() + 60_000) });
    expect(await queue().claimDue(1)).toEqual([]);
  });

  it('without a leased state, a held row is skipped and a lapsed one taken over', async () => {
    const stateless = { ready: ['queued'] as ['queued'], leased: undefined };
    const [held] = await add({ leaseUntilSeconds: 60 });
    const [lapsed] = await add({ leaseUntilSeconds: -1 });
    const claimed = await queue(stateless).claimDue(10);
    expect(claimed.map((j) => j.id)).toEqual([lapsed]);
    expect(await status(held as string)).toBe('queued');
  });

  it('with an exclusive key, never holds two rows of one person of a tenant at once', async () => {
    const exclusive = queue({ exclusiveKey: 'person' });
    const [a1, a2] = await add({ person: 'a', ageSeconds: 30 }, { person: 'a', ageSeconds: 20 });
    const [b1, otherTenant] = await add({ person: 'b', ageSeconds: 10 }, { person: 'a', tenantId: 't2', ageSeconds: 5 });
    const [loose1, loose2] = await add({ ageSeconds: 3 }, { ageSeconds: 2 });
    const first = await exclusive.claimDue(10);
    expect(first.map((j) => j.id).sort()).toEqual([a1, b1, otherTenant, loose1, loose2].sort());
    expect(await exclusive.claimDue(10)).toEqual([]);
    await exclusive.settle(ds.manager, first.find((j) => j.id === a1) as Job, { status: 'done' });
    expect((await exclusive.claimDue(10)).map((j) => j.id)).toEqual([a2]);
  });

  it('puts work that waited for an operator back in the queue, for that tenant only', async () => {
    const [mine] = await add({ status: 'awaiting_credentials', ageSeconds: -3_600 });
    const [theirs] = await add({ status: 'awaiting_credentials', tenantId: 't2' });
    expect(await queue().resumeWaiting('t1')).toBe(1);
    expect(await status(mine as string)).toBe('queued');
    expect(await status(theirs as string)).toBe('awaiting_credentials');
    expect((await queue().claimDue(10)).map((j) => j.id)).toEqual([mine]);
    expect(await queue({ waiting: undefined }).resumeWaiting('t2')).toBe(0);
  });

  it('refuses a table or column name that is not a plain identifier', () => {
    expect(() => queue({ table: 'jobs; DROP TABLE jobs' })).toThrow(/plain SQL identifier/);
    expect(() => queue({ table: '"a"";DROP".jobs' })).toThrow(/plain SQL identifier/);
    expect(() => queue({ exclusiveKey: 'person)--' })).toThrow(/plain SQL identifier/);
  });
});
