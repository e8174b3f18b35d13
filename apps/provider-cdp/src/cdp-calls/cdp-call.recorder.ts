import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { enqueueEvents } from '@ekyc/event-bus';
import { createEvent, type Actor } from '@ekyc/event-schemas';
import type { CdpCall } from '@ekyc/provider-contracts';
import { CdpCallRecord } from './cdp-call.entity';

export interface CallScope {
  tenantId: string;
  clientId: string;
  applicationId: string | null;
  actor: Actor;
}

/** Stores each upstream call and publishes it, in the caller's transaction, for audit and billing. */
export async function recordCdpCalls(manager: EntityManager, ds: DataSource, scope: CallScope, calls: readonly CdpCall[]): Promise<void> {
  if (calls.length === 0) return;
  const rows = calls.map((call) =>
    manager.create(CdpCallRecord, {
      id: randomUUID(),
      tenantId: scope.tenantId,
      applicationId: scope.applicationId,
      clientId: scope.clientId,
      operation: call.operation,
      outcome: call.outcome,
      httpStatus: call.httpStatus,
      responseCode: call.responseCode,
      latencyMs: call.latencyMs,
      startedAt: call.startedAt,
    }),
  );
  await manager.insert(CdpCallRecord, rows);
  await enqueueEvents(
    manager,
    ds,
    rows.map((row) =>
      createEvent(
        'cdp.call.recorded',
        { tenantId: scope.tenantId, correlationId: scope.applicationId ?? row.id, actor: scope.actor, occurredAt: row.startedAt },
        {
          callId: row.id,
          applicationId: row.applicationId,
          operation: row.operation,
          clientId: row.clientId,
          outcome: row.outcome,
          httpStatus: row.httpStatus,
          responseCode: row.responseCode,
          latencyMs: row.latencyMs,
          startedAt: row.startedAt.toISOString(),
        },
      ),
    ),
  );
}
