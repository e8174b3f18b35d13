import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { tableIn } from '@ekyc/db';
import { startEventConsumer, type EventBus, type Subscription } from '@ekyc/event-bus';
import type { Logger } from '@ekyc/logger';
import type { FieldProblem } from '@ekyc/subgraph-kit';
import { ProjectionRebuildRecord } from './projection-rebuild.entity';
import { handleEveryEvent, PROJECTION_TABLES, type Projections } from './projections';

/** A running rebuild whose process stopped reporting for this long is abandoned; another may start. */
const ABANDONED_AFTER_MS = 60_000;

export interface ProjectionRebuildOptions {
  ds: DataSource;
  bus: EventBus;
  log: Logger;
  projections: Projections;
  topics: readonly string[];
  deadLetterTopic: string;
  pollMs?: number;
}

/**
 * Empties the projections (of one tenant, or all) and replays every topic from offset zero under a
 * new consumer group. The live group keeps running: projection writes are idempotent, so the two
 * overlap harmlessly. The rebuild is done when every event audited before it started has been
 * processed by its group; then the group stops and its bookkeeping is dropped.
 */
export class ProjectionRebuildService {
  private readonly active = new Map<string, { subscription: Subscription; timer: NodeJS.Timeout | null }>();

  constructor(private readonly options: ProjectionRebuildOptions) {}

  async start(requestedBy: string, tenantId: string | null): Promise<{ ok: true; rebuild: ProjectionRebuildRecord } | { ok: false; errors: FieldProblem[] }> {
    const { ds } = this.options;
    const id = randomUUID();
    const rebuilds = tableIn(ds, 'projection_rebuilds');
    const record = await ds.transaction(async (m): Promise<ProjectionRebuildRecord | null> => {
      // One rebuild at a time across replicas: they would empty each other's progress.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [rebuilds]);
      const busy: unknown[] = await m.query(`SELECT 1 FROM ${rebuilds} WHERE status = 'running' AND heartbeat_at > now() - make_interval(secs => $1)`, [
        ABANDONED_AFTER_MS / 1000,
      ]);
      if (busy.length > 0) return null;
      await m.query(
        `UPDATE ${rebuilds} SET status = 'failed', finished_at = now(), error = 'abandoned: its process stopped reporting' WHERE status = 'running'`,
      );
      if (tenantId) for (const table of PROJECTION_TABLES) await m.query(`DELETE FROM ${tableIn(ds, table)} WHERE tenant_id = $1`, [tenantId]);
      else await m.query(`TRUNCATE ${PROJECTION_TABLES.map((t) => tableIn(ds, t)).join(', ')}`);
      const startedAt = new Date();
      const [{ n }] = (await m.query(
        `SELECT count(*)::int AS n FROM ${tableIn(ds, 'audit_events')} WHERE recorded_at <= $1 AND ($2::uuid IS NULL OR tenant_id = $2::uuid)`,
        [startedAt, tenantId],
      )) as [{ n: number }];
      const created = m.create(ProjectionRebuildRecord, {
        id,
        tenantId,
        consumerGroup: `audit-billing.rebuild.${id}`,
        status: 'running',
        requestedBy,
        startedAt,
        heartbeatAt: startedAt,
        finishedAt: null,
        expectedEvents: n,
        remainingEvents: n,
        error: null,
      });
      await m.insert(ProjectionRebuildRecord, created);
      return created;
    });
    if (!record) return { ok: false, errors: [{ code: 'REBUILD_RUNNING', message: 'a rebuild is already running; wait for it to finish', field: null }] };
    try {
      await this.launch(record);
    } catch (err) {
      await this.fail(record, (err as Error).message);
      throw err;
    }
    return { ok: true, rebuild: (await this.get(record.id)) ?? record };
  }

  get(id: string): Promise<ProjectionRebuildRecord | null> {
    return this.options.ds.manager.findOneBy(ProjectionRebuildRecord, { id });
  }

  async latest(): Promise<ProjectionRebuildRecord | null> {
    const [latest] = await this.options.ds.manager.find(ProjectionRebuildRecord, { order: { startedAt: 'DESC' }, take: 1 });
    return latest ?? null;
  }

  /** Resolves once the rebuild has finished, with its final record. */
  async waitFor(id: string, pollMs = 500): Promise<ProjectionRebuildRecord> {
    for (;;) {
      const record = await this.get(id);
      if (!record) throw new Error(`no rebuild ${id}`);
      if (record.status !== 'running') return record;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  /** At shutdown: a rebuild cut short is marked failed, so it can be started again at once. */
  async stop(): Promise<void> {
    for (const [id, run] of [...this.active]) {
      if (run.timer) clearTimeout(run.timer);
      this.active.delete(id);
      await run.subscription.stop().catch(() => undefined);
      const record = await this.get(id);
      if (record?.status === 'running') await this.fail(record, 'interrupted by shutdown');
    }
  }

  private async launch(record: ProjectionRebuildRecord): Promise<void> {
    const { ds, bus, log, projections, topics, deadLetterTopic, pollMs = 1_000 } = this.options;
    const only = record.tenantId;
    const subscription = await startEventConsumer({
      ds,
      bus,
      log,
      groupId: record.consumerGroup,
      topics,
      deadLetterTopic,
      handlers: handleEveryEvent(async (event, { manager }) => {
        if (only === null || event.tenantId === only) await projections.apply(manager, event);
      }),
    });
    const run: { subscription: Subscription; timer: NodeJS.Timeout | null } = { subscription, timer: null };
    this.active.set(record.id, run);
    log.info({ rebuildId: record.id, tenantId: only, expected: record.expectedEvents }, 'projection rebuild started');
    const tick = async () => {
      run.timer = null;
      if (!this.active.has(record.id)) return;
      try {
        const remaining = await this.remaining(record);
        await ds.query(`UPDATE ${tableIn(ds, 'projection_rebuilds')} SET remaining_events = $2, heartbeat_at = now() WHERE id = $1`, [record.id, remaining]);
        if (remaining === 0) {
          await this.complete(record);
          return;
        }
      } catch (err) {
        log.warn({ rebuildId: record.id, err: (err as Error).message }, 'rebuild progress check failed; trying again');
      }
      if (this.active.has(record.id)) run.timer = setTimeout(() => void tick(), pollMs);
    };
    run.timer = setTimeout(() => void tick(), pollMs);
  }

  private async remaining(record: ProjectionRebuildRecord): Promise<number> {
    const { ds } = this.options;
    const [{ n }] = (await ds.query(
      `SELECT count(*)::int AS n FROM ${tableIn(ds, 'audit_events')} a
        WHERE a.recorded_at <= $1 AND ($2::uuid IS NULL OR a.tenant_id = $2::uuid)
          AND NOT EXISTS (SELECT 1 FROM ${tableIn(ds, 'processed_events')} p WHERE p.consumer_group = $3 AND p.event_id = a.id)`,
      [record.startedAt, record.tenantId, record.consumerGroup],
    )) as [{ n: number }];
    return n;
  }

  private async complete(record: ProjectionRebuildRecord): Promise<void> {
    const { ds, log } = this.options;
    const run = this.active.get(record.id);
    this.active.delete(record.id);
    await run?.subscription.stop().catch((err: Error) => log.warn({ rebuildId: record.id, err: err.message }, 'rebuild consumer stop failed'));
    await ds.query(`DELETE FROM ${tableIn(ds, 'processed_events')} WHERE consumer_group = $1`, [record.consumerGroup]);
    await ds.query(
      `UPDATE ${tableIn(ds, 'projection_rebuilds')} SET status = 'completed', remaining_events = 0, finished_at = now(), heartbeat_at = now() WHERE id = $1`,
      [record.id],
    );
    log.info({ rebuildId: record.id, tenantId: record.tenantId }, 'projection rebuild completed');
  }

  private async fail(record: ProjectionRebuildRecord, error: string): Promise<void> {
    const { ds } = this.options;
    await ds.query(`UPDATE ${tableIn(ds, 'projection_rebuilds')} SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1`, [
      record.id,
      error.slice(0, 1_000),
    ]);
  }
}
