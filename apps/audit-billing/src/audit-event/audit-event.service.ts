import type { DataSource, EntityManager } from 'typeorm';
import { decodeCursor, encodeCursor } from '@ekyc/db';
import type { HandlerContext } from '@ekyc/event-bus';
import type { KycEvent } from '@ekyc/event-schemas';
import { AuditEventRecord } from './audit-event.entity';
import { AuditEvent } from './audit-event.type';

export const AUDIT_TRAIL_LIMIT = 500;

export class AuditEventService {
  constructor(private readonly deps: { ds: DataSource }) {}

  async record(event: KycEvent, { manager, message }: Pick<HandlerContext, 'manager' | 'message'>): Promise<void> {
    await insertIgnoringDuplicates(manager, {
      id: event.id,
      tenantId: event.tenantId,
      eventType: event.type,
      eventVersion: event.version,
      applicationId: event.correlationId,
      causationId: event.causationId,
      actorKind: event.actor.kind,
      actorId: event.actor.id,
      sourceTopic: message.topic,
      sourcePartition: message.partition,
      sourceOffset: message.offset,
      data: event.data as Record<string, unknown>,
      occurredAt: new Date(event.occurredAt),
      recordedAt: new Date(),
    });
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
    const cursor = args.after ? decodeCursor(args.after) : null;
    if (args.after && !cursor) return { invalidCursor: true };
    const qb = this.deps.ds.manager
      .createQueryBuilder(AuditEventRecord, 'e')
      .where('e.tenant_id = :tenantId', { tenantId })
      .orderBy('e.recorded_at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(args.first + 1);
    if (args.applicationId) qb.andWhere('e.application_id = :applicationId', { applicationId: args.applicationId });
    if (args.type) qb.andWhere('e.event_type = :type', { type: args.type });
    if (cursor) qb.andWhere('(e.recorded_at, e.id) < (:createdAt, :id)', cursor);
    const rows = await qb.getMany();
    return {
      events: rows.slice(0, args.first).map((r) => ({ cursor: encodeCursor({ createdAt: r.recordedAt.toISOString(), id: r.id }), node: toAuditEvent(r) })),
      hasNextPage: rows.length > args.first,
    };
  }
}

/** The same event may arrive from a replayed partition; its id already being recorded is not an error. */
async function insertIgnoringDuplicates(manager: EntityManager, values: AuditEventRecord): Promise<void> {
  await manager.createQueryBuilder().insert().into(AuditEventRecord).values(values).orIgnore().execute();
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
