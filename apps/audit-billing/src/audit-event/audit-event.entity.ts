import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One platform event as recorded for audit; event payloads carry no raw PII (only sealed values), so
 * `data` is stored as sent. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE, and each row
 * is a link of its tenant's hash chain (`seq`, `prev_hash`, `hash`).
 */
@Entity({ name: 'audit_events' })
export class AuditEventRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  /** 1, 2, 3, ... per tenant; bigint, so read as a string. */
  @Column('bigint')
  seq!: string;

  @Column('text', { name: 'prev_hash' })
  prevHash!: string;

  @Column('text')
  hash!: string;

  @Column('text', { name: 'event_type' })
  eventType!: string;

  @Column('integer', { name: 'event_version' })
  eventVersion!: number;

  @Column('text', { name: 'application_id' })
  applicationId!: string;

  @Column('text', { name: 'causation_id', nullable: true })
  causationId!: string | null;

  @Column('text', { name: 'actor_kind' })
  actorKind!: string;

  @Column('text', { name: 'actor_id' })
  actorId!: string;

  @Column('text', { name: 'source_topic' })
  sourceTopic!: string;

  @Column('integer', { name: 'source_partition' })
  sourcePartition!: number;

  @Column('bigint', { name: 'source_offset' })
  sourceOffset!: string;

  @Column('jsonb')
  data!: Record<string, unknown>;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt!: Date;
}
