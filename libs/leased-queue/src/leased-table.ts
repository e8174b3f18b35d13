import { In, type DataSource, type EntityManager, type EntityTarget, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** What every leased work item carries: its id and, while a worker holds it, the token of that claim. */
export interface LeasedItem extends ObjectLiteral {
  id: string;
  leaseToken: string | null;
}

/**
 * A Postgres table used as a work queue. Rows need `id`, `tenant_id`, a state column, `next_attempt_at`,
 * `lease_until`, `lease_token` and `updated_at`.
 */
export interface LeasedTableSpec<E extends LeasedItem> {
  ds: DataSource;
  entity: EntityTarget<E>;
  /** Schema-qualified table name. */
  table: string;
  /** The state column; `status` when not given. */
  stateColumn?: string;
  /** States whose rows are due once `next_attempt_at` has passed. The first one is where resumed work starts. */
  ready: readonly [string, ...string[]];
  /** The state of a claimed row; without one, a live `lease_until` alone marks the claim. */
  leased?: string;
  /** The state of work that waits for an operator (e.g. credentials to be fixed) until `resumeWaiting`. */
  waiting?: string;
  /** Rows of one tenant sharing this column's value are never held at once (e.g. one person onboarded at a time). */
  exclusiveKey?: string;
  /** How long a claim holds a row before another worker may take it over (a crash, a stall). */
  leaseMs: number;
}

export interface LeasedTable<E extends LeasedItem> {
  /**
   * Claims up to `limit` due rows, and rows whose lease lapsed, skipping rows other workers are claiming
   * (FOR UPDATE SKIP LOCKED); each claim gets a fresh lease token. Oldest due first.
   */
  claimDue(limit: number): Promise<E[]>;
  /**
   * Writes the outcome of an attempt and ends the lease, only if `claimed` still holds it; returns whether it did.
   * A worker that stalled past its lease and was overtaken must not overwrite the newer holder's result.
   */
  settle(manager: EntityManager, claimed: Pick<E, 'id' | 'leaseToken'>, changes: QueryDeepPartialEntity<E>): Promise<boolean>;
  /** Writes progress within an attempt (e.g. "request sent") and keeps the lease, only if `claimed` still holds it. */
  saveHeld(manager: EntityManager, claimed: Pick<E, 'id' | 'leaseToken'>, changes: QueryDeepPartialEntity<E>): Promise<boolean>;
  /** Puts a tenant's work that waited for an operator back in the queue, due now; returns how many rows. */
  resumeWaiting(tenantId: string): Promise<number>;
}

const COLUMN = /^[a-z_][a-z0-9_]*$/;
/** `table`, `schema.table`, each part plain or double-quoted (as `tableIn` writes them). */
const TABLE = /^("[^"]+"|[a-z_][a-z0-9_]*)(\.("[^"]+"|[a-z_][a-z0-9_]*))?$/;

/** The shared lifecycle of the platform's work queues (claim under lease, take over lapsed leases, save only while holding). */
export function createLeasedTable<E extends LeasedItem>(spec: LeasedTableSpec<E>): LeasedTable<E> {
  const { ds, entity, table } = spec;
  const state = spec.stateColumn ?? 'status';
  for (const [name, pattern] of [
    [table, TABLE],
    [state, COLUMN],
    [spec.exclusiveKey ?? 'id', COLUMN],
  ] as const) {
    if (!pattern.test(name)) throw new Error(`leased table: ${name} is not a plain SQL identifier`);
  }
  const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;
  const ready = spec.ready.map(quote).join(', ');
  const leased = spec.leased === undefined ? null : quote(spec.leased);

  const due = (d: string) =>
    `((${d}.${state} IN (${ready}) AND ${d}.next_attempt_at <= now() AND (${d}.lease_until IS NULL OR ${d}.lease_until < now()))` +
    (leased ? ` OR (${d}.${state} = ${leased} AND ${d}.lease_until < now()))` : ')');
  const claim = `${leased ? `${state} = ${leased}, ` : ''}lease_until = now() + ($2 || ' milliseconds')::interval, lease_token = gen_random_uuid(), updated_at = now()`;

  const simpleClaim = `
    UPDATE ${table} q SET ${claim}
      FROM (SELECT id FROM ${table} d WHERE ${due('d')} ORDER BY next_attempt_at NULLS FIRST LIMIT $1 FOR UPDATE SKIP LOCKED) picked
     WHERE q.id = picked.id
     RETURNING q.id`;
  const key = spec.exclusiveKey;
  // Skips rows whose key another live claim holds, then takes one row per key from the batch.
  const exclusiveClaim = `
    WITH due AS (
      SELECT id, tenant_id, COALESCE(${key}::text, id::text) AS k, next_attempt_at FROM ${table} d
       WHERE ${due('d')}
         AND NOT EXISTS (SELECT 1 FROM ${table} busy
                          WHERE busy.tenant_id = d.tenant_id AND busy.${key} = d.${key} AND busy.id <> d.id
                            AND busy.lease_until >= now()${leased ? ` AND busy.${state} = ${leased}` : ''})
       ORDER BY next_attempt_at NULLS FIRST
       LIMIT $1 * 4
       FOR UPDATE SKIP LOCKED
    ), one_each AS (
      SELECT DISTINCT ON (tenant_id, k) id, next_attempt_at FROM due ORDER BY tenant_id, k, next_attempt_at NULLS FIRST
    ), picked AS (
      SELECT id FROM one_each ORDER BY next_attempt_at NULLS FIRST LIMIT $1
    )
    UPDATE ${table} q SET ${claim} FROM picked WHERE q.id = picked.id RETURNING q.id`;

  async function writeHeld(manager: EntityManager, claimed: Pick<E, 'id' | 'leaseToken'>, changes: object): Promise<boolean> {
    if (!claimed.leaseToken) return false;
    const res = await manager
      .createQueryBuilder()
      .update(entity)
      .set({ ...changes, updatedAt: new Date() } as unknown as QueryDeepPartialEntity<E>)
      .where(`id = :id AND lease_token = :token${leased ? ` AND ${state} = ${leased}` : ''}`, { id: claimed.id, token: claimed.leaseToken })
      .execute();
    return (res.affected ?? 0) > 0;
  }

  return {
    async claimDue(limit) {
      const [rows] = (await ds.query(key ? exclusiveClaim : simpleClaim, [limit, String(spec.leaseMs)])) as [Array<{ id: string }>, number];
      if (rows.length === 0) return [];
      return ds.manager.findBy(entity, { id: In(rows.map((r) => r.id)) } as FindOptionsWhere<E>);
    },

    settle(manager, claimed, changes) {
      return writeHeld(manager, claimed, { ...changes, leaseUntil: null, leaseToken: null });
    },

    saveHeld(manager, claimed, changes) {
      return writeHeld(manager, claimed, changes);
    },

    async resumeWaiting(tenantId) {
      if (spec.waiting === undefined) return 0;
      const [, count] = (await ds.query(
        `UPDATE ${table} SET ${state} = ${quote(spec.ready[0])}, next_attempt_at = now(), updated_at = now() WHERE tenant_id = $1 AND ${state} = ${quote(spec.waiting)}`,
        [tenantId],
      )) as [unknown[], number];
      return count;
    },
  };
}
