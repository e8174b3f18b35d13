import type { DataSource, EntityManager } from 'typeorm';
import { tableIn } from '@ekyc/db';
import type { KycEvent } from '@ekyc/event-schemas';
import { vendorAmountToMinor } from '../billing/money';
import type { VendorReportRowJson } from './vendor-billing-report.entity';

/** Keeps each vendor bill provider-nid fetched, keyed by its report id. */
export class VendorReportProjector {
  constructor(private readonly deps: { ds: DataSource }) {}

  async onReportFetched(manager: EntityManager, event: KycEvent<'nid.billing.report.fetched'>): Promise<void> {
    const { data } = event;
    const rows: VendorReportRowJson[] = data.rows.map((r) => ({
      partnerId: r.partnerId,
      partnerName: r.partnerName,
      username: r.username,
      callCount: r.callCount,
      successCount: r.successCount,
      failedCount: r.failedCount,
      processingCount: r.processingCount,
      billMinor: vendorAmountToMinor(r.bill).toString(),
    }));
    await manager.query(
      `INSERT INTO ${tableIn(this.deps.ds, 'vendor_billing_reports')}
         (id, tenant_id, username, start_date, end_date, fetched_at, generated_time, partner_id, total_call_count, total_bill_minor, rows)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb) ON CONFLICT (id) DO NOTHING`,
      [
        data.reportId,
        event.tenantId,
        data.username,
        data.startDate,
        data.endDate,
        new Date(data.fetchedAt),
        data.generatedTime,
        data.partnerId,
        data.totalCallCount,
        vendorAmountToMinor(data.totalBill).toString(),
        JSON.stringify(rows),
      ],
    );
  }
}
