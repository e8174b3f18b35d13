import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { NidCall, NidOperation } from '@ekyc/provider-contracts';

/** Every HTTP exchange with the NID service: who, when, what, how it ended and how long it took. */
@Entity({ name: 'nid_calls' })
export class NidCallRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'application_id', nullable: true })
  applicationId!: string | null;

  @Column('text')
  username!: string;

  @Column('text')
  operation!: NidOperation;

  @Column('text')
  outcome!: NidCall['outcome'];

  @Column('integer', { name: 'http_status', nullable: true })
  httpStatus!: number | null;

  @Column('integer', { name: 'latency_ms' })
  latencyMs!: number;

  @Column('timestamptz', { name: 'started_at' })
  startedAt!: Date;
}
