import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { UsageOutcome } from './usage-outcome';

/** One call to an upstream provider, keyed by the producer's id so a replay adds nothing. */
@Entity({ name: 'usage_calls' })
export class UsageCallRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('text')
  provider!: 'nid' | 'cdp';

  @Column('text')
  operation!: string;

  /** The account the provider knows the caller by: the NID username, the tenant's CDP client id. */
  @Column('text')
  username!: string;

  @Column('uuid', { name: 'application_id', nullable: true })
  applicationId!: string | null;

  @Column('text', { name: 'actor_id' })
  actorId!: string;

  @Column('text')
  outcome!: UsageOutcome;

  @Column('text', { name: 'provider_outcome' })
  providerOutcome!: string;

  @Column('integer', { name: 'http_status', nullable: true })
  httpStatus!: number | null;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;
}
