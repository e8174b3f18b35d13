import type { DataSource, EntityManager } from 'typeorm';
import { encodeCursor, keysetPage, tableIn } from '@ekyc/db';
import type { HandlerContext } from '@ekyc/event-bus';
import type { KycEvent } from '@ekyc/event-schemas';
import type { TenantScope } from '../access/access-scope';
import { createChainVerifier, entryHash, GENESIS_HASH, type ChainVerdict } from './audit-chain';
import { AUDIT_ROW_COLUMNS, contentOfRow, storedEntryOf, type AuditRow } from './audit-entry';
import { AuditEventRecord } from './audit-event.entity';
import { AuditEvent } from './audit-event.type';

export const AUDIT_TRAIL_LIMIT = 500;
const VERIFY_BATCH = 1_000;

export interface AuditEventFilter {
  first: number;
  after?: string | null;
  applicationId?: string | null;
  actorId?: string | null;
  type?: string | null;
  occurredFrom?: Date | null;
  occurredTo?: Date | null;
}

export interface TenantChainVerdict extends ChainVerdict {
  tenantId: string;
}

export class AuditEventService {
  constructor(private readonly deps: { ds: DataSource }) {}

  /**
   * Appends the event to its tenant's chain. The head row is locked first, so appends of one tenant
   * are numbered one at a time whatever the number of consumers; a redelivered event is found under
   * that lock and leaves the chain as it was.
   */
  async record(event: KycEvent, { manager, message }: Pick<HandlerContext, 'manager' | 'message'>): Promise<void> {
    const events = tableIn(this.deps.ds, 'audit_events');
    const head = await this.lockHead(manager, event.tenantId);
    const known: unknown[] = await manager.query(`SELECT 1 FROM ${events} WHERE id = $1`, [event.id]);
    if (known.length > 0) return;
    const seq = head.seq + 1;
    const row: Omit<AuditRow, 'seq' | 'prev_hash' | 'hash'> = {
      id: event.id,
      tenant_id: event.tenantId,
      event_type: event.type,
      event_version: event.version,
      application_id: event.correlationId,
      causation_id: event.causationId,
      actor_kind: event.actor.kind,
      actor_id: event.actor.id,
      source_topic: message.topic,
      source_partition: message.partition,
      source_offset: message.offset,
      data: event.data as Record<string, unknown>,
      occurred_at: new Date(event.occurredAt),
      recorded_at: new Date(),
    };
    const hash = entryHash(head.hash, contentOfRow(row, seq));
    await manager.query(
      `INSERT INTO ${events}
         (id, tenant_id, seq, prev_hash, hash, event_type, event_version, application_id, causation_id, actor_kind, actor_id,
          source_topic, source_partition, source_offset, data, occurred_at, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb, $16, $17)`,
      [
        row.id,
        row.tenant_id,
        seq,
        head.hash,
        hash,
        row.event_type,
        row.event_version,
        row.application_id,
        row.causation_id,
        row.actor_kind,
        row.actor_id,
        row.source_topic,
        row.source_partition,
        row.source_offset,
        JSON.stringify(row.data),
        row.occurred_at,
        row.recorded_at,
      ],
    );
    await manager.query(`UPDATE ${tableIn(this.deps.ds, 'audit_chain_heads')} SET seq = $2, hash = $3, updated_at = $4 WHERE tenant_id = $1`, [
      event.tenantId,
      seq,
      hash,
      row.recorded_at,
    ]);
  }

  private async lockHead(manager: EntityManager, tenantId: string): Promise<{ seq: number; hash: string }> {
    const heads = tableIn(this.deps.ds, 'audit_chain_heads');
    const select = () =>
      manager.query(`SELECT seq::text AS seq, hash FROM ${heads} WHERE tenant_id = $1 FOR UPDATE`, [tenantId]) as Promise<Array<{ seq: string; hash: string }>>;
    let [head] = await select();
    if (!head) {
      // Two first events of a tenant race here; the loser waits on the key, then locks the winner's row.
      await manager.query(`INSERT INTO ${heads} (tenant_id, seq, hash, updated_at) VALUES ($1, 0, $2, now()) ON CONFLICT (tenant_id) DO NOTHING`, [
        tenantId,
        GENESIS_HASH,
      ]);
      [head] = await select();
    }
    if (!head) throw new Error(`audit chain head of tenant ${tenantId} vanished`);
    return { seq: Number(head.seq), hash: head.hash };
  }

  async trail(tenantId: string, applicationId: string): Promise<AuditEvent[]> {
    const records = await this.deps.ds.manager.find(AuditEventRecord, {
      where: { tenantId, applicationId },
      order: { occurredAt: 'ASC', seq: 'ASC' },
      take: AUDIT_TRAIL_LIMIT,
    });
    return records.map(toAuditEvent);
  }

  /** Whether this user opened or submitted the application: what an agent needs to read its trail. */
  async actedOn(tenantId: string, applicationId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.deps.ds.query(
      `SELECT 1 FROM ${tableIn(this.deps.ds, 'audit_events')}
        WHERE tenant_id = $1 AND application_id = $2 AND actor_id = $3 AND event_type IN ('application.created', 'application.submitted') LIMIT 1`,
      [tenantId, applicationId, userId],
    );
    return rows.length > 0;
  }

  async page(
    scope: TenantScope,
    args: AuditEventFilter,
  ): Promise<{ events: Array<{ cursor: string; node: AuditEvent }>; hasNextPage: boolean } | { invalidCursor: true }> {
    const qb = this.deps.ds.manager.createQueryBuilder(AuditEventRecord, 'e').where('TRUE');
    if (scope.kind === 'tenant') qb.andWhere('e.tenant_id = :tenantId', { tenantId: scope.tenantId });
    if (args.applicationId) qb.andWhere('e.application_id = :applicationId', { applicationId: args.applicationId });
    if (args.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: args.actorId });
    if (args.type) qb.andWhere('e.event_type = :type', { type: args.type });
    if (args.occurredFrom) qb.andWhere('e.occurred_at >= :occurredFrom', { occurredFrom: args.occurredFrom });
    if (args.occurredTo) qb.andWhere('e.occurred_at < :occurredTo', { occurredTo: args.occurredTo });
    const page = await keysetPage(qb, { alias: 'e', timeColumn: 'recorded_at', first: args.first, after: args.after });
    if (!page.ok) return { invalidCursor: true };
    return {
      events: page.rows.map((r) => ({ cursor: encodeCursor({ createdAt: r.recordedAt.toISOString(), id: r.id }), node: toAuditEvent(r) })),
      hasNextPage: page.hasNextPage,
    };
  }

  /** Recomputes each chain in the scope from one snapshot, so entries appended meanwhile are judged next time. */
  async verify(scope: TenantScope): Promise<TenantChainVerdict[]> {
    const { ds } = this.deps;
    return ds.transaction('REPEATABLE READ', async (m) => {
      const tenantIds =
        scope.kind === 'tenant'
          ? [scope.tenantId]
          : (
              (await m.query(
                `SELECT tenant_id FROM ${tableIn(ds, 'audit_chain_heads')} UNION SELECT DISTINCT tenant_id FROM ${tableIn(ds, 'audit_events')} ORDER BY 1`,
              )) as Array<{ tenant_id: string }>
            ).map((r) => r.tenant_id);
      const verdicts: TenantChainVerdict[] = [];
      for (const tenantId of tenantIds) verdicts.push({ tenantId, ...(await this.verifyTenant(m, tenantId)) });
      return verdicts;
    });
  }

  private async verifyTenant(m: EntityManager, tenantId: string): Promise<ChainVerdict> {
    const { ds } = this.deps;
    const [head] = (await m.query(`SELECT seq::text AS seq, hash FROM ${tableIn(ds, 'audit_chain_heads')} WHERE tenant_id = $1`, [tenantId])) as Array<{
      seq: string;
      hash: string;
    }>;
    const verifier = createChainVerifier();
    let after = 0;
    for (;;) {
      const rows: AuditRow[] = await m.query(
        `SELECT ${AUDIT_ROW_COLUMNS} FROM ${tableIn(ds, 'audit_events')} e WHERE e.tenant_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT ${VERIFY_BATCH}`,
        [tenantId, after],
      );
      let intact = true;
      for (const row of rows) {
        intact = verifier.add(storedEntryOf(row));
        if (!intact) break;
      }
      const last = rows.at(-1);
      if (!intact || !last || rows.length < VERIFY_BATCH) break;
      after = Number(last.seq);
    }
    return verifier.finish(head ? { seq: Number(head.seq), hash: head.hash } : null);
  }
}

/** Sealed values (`applicantSealed`, `mobileNumberSealed`) are ciphertext of PII: the graph shows that they were there, not what. */
function redactSealed(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => {
      if (key.endsWith('Sealed') && typeof value === 'string') return [key, '[sealed]'];
      // Nested objects too: a refusal carries its applicant in `refused`.
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return [key, redactSealed(value as Record<string, unknown>)];
      return [key, value];
    }),
  );
}

function toAuditEvent(r: AuditEventRecord): AuditEvent {
  return Object.assign(new AuditEvent(), {
    id: r.id,
    tenantId: r.tenantId,
    sequence: Number(r.seq),
    hash: r.hash,
    previousHash: r.prevHash,
    type: r.eventType,
    applicationId: r.applicationId,
    actorKind: r.actorKind,
    actorId: r.actorId,
    topic: r.sourceTopic,
    data: redactSealed(r.data),
    occurredAt: r.occurredAt,
    recordedAt: r.recordedAt,
  });
}
