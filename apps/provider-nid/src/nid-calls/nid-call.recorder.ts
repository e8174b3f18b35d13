import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { enqueueEvents } from '@ekyc/event-bus';
import { createEvent, type Actor } from '@ekyc/event-schemas';
import type { NidCall } from '@ekyc/provider-contracts';
import { NidCallRecord } from './nid-call.entity';

export interface CallScope {
  tenantId: string;
  username: string;
  applicationId: string | null;
  actor: Actor;
}

/** Stores each upstream call and publishes it, in the caller's transaction, for audit and billing. */
export async function recordNidCalls(manager: EntityManager, ds: DataSource, scope: CallScope, calls: readonly NidCall[]): Promise<void> {
  if (calls.length === 0) return;
  const rows = calls.map((call) =>
    manager.create(NidCallRecord, {
      id: randomUUID(),
      tenantId: scope.tenantId,
      applicationId: scope.applicationId,
      username: scope.username,
      operation: call.operation,
      outcome: call.outcome,
      httpStatus: call.httpStatus,
      latencyMs: call.latencyMs,
      startedAt: call.startedAt,
    }),
  );
  await manager.insert(NidCallRecord, rows);
  await enqueueEvents(
    manager,
    ds,
    rows.map((row) =>
      createEvent(
        'nid.call.recorded',
        { tenantId: scope.tenantId, correlationId: scope.applicationId ?? row.id, actor: scope.actor, occurredAt: row.startedAt },
        {
          callId: row.id,
          applicationId: row.applicationId,
          operation: row.operation,
          username: row.username,
          outcome: row.outcome,
          httpStatus: row.httpStatus,
          latencyMs: row.latencyMs,
          startedAt: row.startedAt.toISOString(),
        },
      ),
    ),
  );
}
