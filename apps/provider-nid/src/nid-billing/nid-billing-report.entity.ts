import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { NidBillingData } from '@ekyc/provider-contracts';

/** Vendor billing reports as the NID service returned them, kept for reconciliation. */
@Entity({ name: 'nid_billing_reports' })
export class NidBillingReportRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('date', { name: 'start_date' })
  startDate!: string;

  @Column('date', { name: 'end_date' })
  endDate!: string;

  @Column('timestamptz', { name: 'fetched_at' })
  fetchedAt!: Date;

  @Column('text', { name: 'fetched_by' })
  fetchedBy!: string;

  @Column('jsonb')
  report!: NidBillingData;
}
