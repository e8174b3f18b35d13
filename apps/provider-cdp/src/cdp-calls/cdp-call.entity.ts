import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CdpCall, CdpOperation } from '@ekyc/provider-contracts';

/** Every HTTP exchange with the CDP: who, when, what, how it ended and how long it took; never the id number. */
@Entity({ name: 'cdp_calls' })
export class CdpCallRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'application_id', nullable: true })
  applicationId!: string | null;

  @Column('text', { name: 'client_id' })
  clientId!: string;

  @Column('text')
  operation!: CdpOperation;

  @Column('text')
  outcome!: CdpCall['outcome'];

  @Column('integer', { name: 'http_status', nullable: true })
  httpStatus!: number | null;

  @Column('text', { name: 'response_code', nullable: true })
  responseCode!: string | null;

  @Column('integer', { name: 'latency_ms' })
  latencyMs!: number;

  @Column('timestamptz', { name: 'started_at' })
  startedAt!: Date;
}
