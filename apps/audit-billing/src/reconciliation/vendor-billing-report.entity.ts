import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface VendorReportRowJson {
  partnerId: number;
  partnerName: string;
  username: string;
  callCount: number;
  successCount: number;
  failedCount: number;
  processingCount: number;
  /** Poisha, converted once from the vendor's decimal number. */
  billMinor: string;
}

/** A vendor bill as provider-nid fetched it (`nid.billing.report.fetched`), amounts in poisha. */
@Entity({ name: 'vendor_billing_reports' })
export class VendorBillingReportRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('text')
  username!: string;

  @Column('date', { name: 'start_date' })
  startDate!: string;

  @Column('date', { name: 'end_date' })
  endDate!: string;

  @Column('timestamptz', { name: 'fetched_at' })
  fetchedAt!: Date;

  @Column('text', { name: 'generated_time' })
  generatedTime!: string;

  @Column('double precision', { name: 'partner_id' })
  partnerId!: number;

  @Column('integer', { name: 'total_call_count' })
  totalCallCount!: number;

  @Column('bigint', { name: 'total_bill_minor' })
  totalBillMinor!: string;

  @Column('jsonb')
  rows!: VendorReportRowJson[];
}
