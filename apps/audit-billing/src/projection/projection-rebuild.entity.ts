import { Column, Entity, PrimaryColumn } from 'typeorm';

export type RebuildStatus = 'running' | 'completed' | 'failed';

/** One replay of the topics into the projections, from offset zero under its own consumer group. */
@Entity({ name: 'projection_rebuilds' })
export class ProjectionRebuildRecord {
  @PrimaryColumn('uuid')
  id!: string;

  /** Null: every tenant. */
  @Column('uuid', { name: 'tenant_id', nullable: true })
  tenantId!: string | null;

  @Column('text', { name: 'consumer_group' })
  consumerGroup!: string;

  @Column('text')
  status!: RebuildStatus;

  @Column('text', { name: 'requested_by' })
  requestedBy!: string;

  @Column('timestamptz', { name: 'started_at' })
  startedAt!: Date;

  /** Refreshed by the process running it; a stale one marks the rebuild abandoned. */
  @Column('timestamptz', { name: 'heartbeat_at' })
  heartbeatAt!: Date;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  /** Audited events recorded before the start, which the replay must have applied to be done. */
  @Column('integer', { name: 'expected_events' })
  expectedEvents!: number;

  @Column('integer', { name: 'remaining_events' })
  remainingEvents!: number;

  @Column('text', { nullable: true })
  error!: string | null;
}
