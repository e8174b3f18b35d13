import type { DataSource } from 'typeorm';
import { encodeCursor, keysetPage, tableIn } from '@ekyc/db';
import type { HandlerContext } from '@ekyc/event-bus';
import type { KycEvent } from '@ekyc/event-schemas';
import { AuditEventRecord } from './audit-event.entity';
import { AuditEvent } from './audit-event.type';

export const AUDIT_TRAIL_LIMIT = 500;

export class AuditEventService {
  constructor(private readonly deps: { ds: DataSource }) {}

  async record(event: KycEvent, { manager, message }: Pick<HandlerContext, 'manager' | 'message'>): Promise<void> {
    // The same event may come again from a replayed partition; its id being recorded already is not an error.
    await manager.query(
      `INSERT INTO ${tableIn(this.deps.ds, 'audit_events')}
         (id, tenant_id, event_type, event_version, application_id, causation_id, actor_kind, actor_id,
          source_topic, source_partition, source_offset, data, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13)
       ON CONFLICT (id) DO NOTHING`,
      [
        event.id,
        event.tenantId,
        event.type,
        event.version,
        event.correlationId,
        event.causationId,
        event.actor.kind,
        event.actor.id,
        message.topic,
        message.partition,
        message.offset,
        JSON.stringify(event.data),
        event.occurredAt,
      ],
    );
  }

  async trail(tenantId: string, applicationId: string): Promise<AuditEvent[]> {
    const records = await this.deps.ds.manager.find(AuditEventRecord, {
      where: { tenantId, applicationId },
      order: { occurredAt: 'ASC', id: 'ASC' },
      take: AUDIT_TRAIL_LIMIT,
    });
    return records.map(toAuditEvent);
  }

  async page(
    tenantId: string,
    args: { first: number; after?: string | null; applicationId?: string | null; type?: string | null },
  ): Promise<{ events: Array<{ cursor: string; node: AuditEvent }>; hasNextPage: boolean } | { invalidCursor: true }> {
    const qb = this.deps.ds.manager.createQueryBuilder(AuditEventRecord, 'e').where('e.tenant_id = :tenantId', { tenantId });
    if (args.applicationId) qb.andWhere('e.application_id = :applicationId', { applicationId: args.applicationId });
    if (args.type) qb.andWhere('e.event_type = :type', { type: args.type });
    const page = await keysetPage(qb, { alias: 'e', timeColumn: 'recorded_at', first: args.first, after: args.after });
    if (!page.ok) return { invalidCursor: true };
    return {
      events: page.rows.map((r) => ({ cursor: encodeCursor({ createdAt: r.recordedAt.toISOString(), id: r.id }), node: toAuditEvent(r) })),
      hasNextPage: page.hasNextPage,
    };
  }
}

function toAuditEvent(r: AuditEventRecord): AuditEvent {
  return Object.assign(new AuditEvent(), {
    id: r.id,
    type: r.eventType,
    applicationId: r.applicationId,
    actorKind: r.actorKind,
    actorId: r.actorId,
    topic: r.sourceTopic,
    data: r.data,
    occurredAt: r.occurredAt,
    recordedAt: r.recordedAt,
  });
}
