import type { AuditEntryContent, StoredAuditEntry } from './audit-chain';

/** An `audit_events` row as raw SQL returns it (bigints as text). */
export interface AuditRow {
  id: string;
  tenant_id: string;
  seq: string;
  prev_hash: string;
  hash: string;
  event_type: string;
  event_version: number;
  application_id: string;
  causation_id: string | null;
  actor_kind: string;
  actor_id: string;
  source_topic: string;
  source_partition: number;
  source_offset: string;
  data: Record<string, unknown>;
  occurred_at: Date;
  recorded_at: Date;
}

export const AUDIT_ROW_COLUMNS = `id, tenant_id, seq::text AS seq, prev_hash, hash, event_type, event_version, application_id, causation_id,
  actor_kind, actor_id, source_topic, source_partition, source_offset::text AS source_offset, data, occurred_at, recorded_at`;

/** The hashed content of a row: every stored column but the chain's own. */
export function contentOfRow(row: Omit<AuditRow, 'seq' | 'prev_hash' | 'hash'>, seq: number): AuditEntryContent {
  return {
    tenantId: row.tenant_id,
    seq,
    eventId: row.id,
    type: row.event_type,
    version: row.event_version,
    applicationId: row.application_id,
    causationId: row.causation_id,
    actor: { kind: row.actor_kind, id: row.actor_id },
    source: { topic: row.source_topic, partition: row.source_partition, offset: row.source_offset },
    data: row.data,
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
  };
}

export const storedEntryOf = (row: AuditRow): StoredAuditEntry => ({ content: contentOfRow(row, Number(row.seq)), prevHash: row.prev_hash, hash: row.hash });
