import type { DataSource, EntityManager } from 'typeorm';
import { tableIn } from '@ekyc/db';
import type { KycEvent } from '@ekyc/event-schemas';
import { classifyCdpCall, classifyNidCall, type UsageOutcome } from './usage-outcome';

interface UsageCall {
  id: string;
  tenantId: string;
  provider: 'nid' | 'cdp';
  operation: string;
  username: string;
  applicationId: string | null;
  actorId: string;
  outcome: UsageOutcome;
  providerOutcome: string;
  httpStatus: number | null;
  occurredAt: Date;
}

/** Upstream calls as usage rows, one per call id: a replay inserts nothing new. */
export class UsageProjector {
  constructor(private readonly deps: { ds: DataSource }) {}

  onNidCall(manager: EntityManager, event: KycEvent<'nid.call.recorded'>): Promise<void> {
    const { data } = event;
    return this.insert(manager, {
      id: data.callId,
      tenantId: event.tenantId,
      provider: 'nid',
      operation: data.operation,
      username: data.username,
      applicationId: data.applicationId,
      actorId: event.actor.id,
      outcome: classifyNidCall(data),
      providerOutcome: data.outcome,
      httpStatus: data.httpStatus,
      // The vendor dates a call by when it was made, not when we heard of it.
      occurredAt: new Date(data.startedAt),
    });
  }

  /** The tenant's CDP client id plays the NID username's part. */
  onCdpCall(manager: EntityManager, event: KycEvent<'cdp.call.recorded'>): Promise<void> {
    const { data } = event;
    return this.insert(manager, {
      id: data.callId,
      tenantId: event.tenantId,
      provider: 'cdp',
      operation: data.operation,
      username: data.clientId,
      applicationId: data.applicationId,
      actorId: event.actor.id,
      outcome: classifyCdpCall(data),
      providerOutcome: data.outcome,
      httpStatus: data.httpStatus,
      occurredAt: new Date(data.startedAt),
    });
  }

  private async insert(manager: EntityManager, c: UsageCall): Promise<void> {
    await manager.query(
      `INSERT INTO ${tableIn(this.deps.ds, 'usage_calls')}
         (id, tenant_id, provider, operation, username, application_id, actor_id, outcome, provider_outcome, http_status, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING`,
      [c.id, c.tenantId, c.provider, c.operation, c.username, c.applicationId, c.actorId, c.outcome, c.providerOutcome, c.httpStatus, c.occurredAt],
    );
  }
}
