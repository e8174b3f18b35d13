import type { DataSource } from 'typeorm';
import { tableIn } from '@ekyc/db';
import type { TenantScope } from '../access/access-scope';
import { BILLING_TIME_ZONE } from '../billing/dhaka-days';
import { DEFAULT_PRICES_MINOR } from '../billing/pricing';
import { chooseReports, reconcile, type OurDayCount, type ReconciliationRow, type StoredVendorReport } from './reconcile';
import type { VendorReportRowJson } from './vendor-billing-report.entity';

export interface TenantReconciliationRow extends ReconciliationRow {
  tenantId: string;
}

export interface NidReconciliationResult {
  startDate: string;
  endDate: string;
  matched: boolean;
  rows: TenantReconciliationRow[];
  uncoveredDays: Array<{ tenantId: string; date: string; ourCallCount: number }>;
}

/** Our billable NID calls per username and Asia/Dhaka day against the vendor bills provider-nid fetched. */
export class ReconciliationService {
  constructor(private readonly deps: { ds: DataSource }) {}

  async reconcile(scope: TenantScope, range: { startDate: string; endDate: string }): Promise<NidReconciliationResult> {
    const { ds } = this.deps;
    const from = `($2::date)::timestamp AT TIME ZONE '${BILLING_TIME_ZONE}'`;
    const to = `($3::date + 1)::timestamp AT TIME ZONE '${BILLING_TIME_ZONE}'`;
    const tenantIds =
      scope.kind === 'tenant'
        ? [scope.tenantId]
        : (
            (await ds.query(
              `SELECT tenant_id FROM ${tableIn(ds, 'vendor_billing_reports')} WHERE start_date >= $1::date AND end_date <= $2::date
               UNION SELECT DISTINCT tenant_id FROM ${tableIn(ds, 'usage_calls')}
                WHERE provider = 'nid' AND outcome <> 'unbilled' AND occurred_at >= ($1::date)::timestamp AT TIME ZONE '${BILLING_TIME_ZONE}'
                  AND occurred_at < ($2::date + 1)::timestamp AT TIME ZONE '${BILLING_TIME_ZONE}'
               ORDER BY 1`,
              [range.startDate, range.endDate],
            )) as Array<{ tenant_id: string }>
          ).map((r) => r.tenant_id);

    const rows: TenantReconciliationRow[] = [];
    const uncoveredDays: NidReconciliationResult['uncoveredDays'] = [];
    for (const tenantId of tenantIds) {
      const reports: Array<{ id: string; start_date: string; end_date: string; fetched_at: Date; rows: VendorReportRowJson[] }> = await ds.query(
        `SELECT id, start_date::text AS start_date, end_date::text AS end_date, fetched_at, rows FROM ${tableIn(ds, 'vendor_billing_reports')}
          WHERE tenant_id = $1 AND start_date >= $2::date AND end_date <= $3::date`,
        [tenantId, range.startDate, range.endDate],
      );
      const ours: Array<{ username: string; day: string; success: number; failed: number; processing: number }> = await ds.query(
        `SELECT username, (occurred_at AT TIME ZONE '${BILLING_TIME_ZONE}')::date::text AS day,
                count(*) FILTER (WHERE outcome = 'success')::int AS success,
                count(*) FILTER (WHERE outcome = 'failed')::int AS failed,
                count(*) FILTER (WHERE outcome = 'processing')::int AS processing
           FROM ${tableIn(ds, 'usage_calls')}
          WHERE tenant_id = $1 AND provider = 'nid' AND outcome <> 'unbilled' AND occurred_at >= ${from} AND occurred_at < ${to}
          GROUP BY 1, 2`,
        [tenantId, range.startDate, range.endDate],
      );
      const stored: StoredVendorReport[] = reports.map((r) => ({
        id: r.id,
        startDate: r.start_date,
        endDate: r.end_date,
        fetchedAt: r.fetched_at,
        rows: r.rows.map((row) => ({ ...row, billMinor: BigInt(row.billMinor) })),
      }));
      const ourCounts: OurDayCount[] = ours.map((o) => ({
        username: o.username,
        day: o.day,
        successCount: o.success,
        failedCount: o.failed,
        processingCount: o.processing,
      }));
      const { chosen, uncovered } = chooseReports(range.startDate, range.endDate, stored);
      for (const row of reconcile({ chosen, ours: ourCounts, vendorUnitPriceMinor: DEFAULT_PRICES_MINOR.nid_call })) rows.push({ tenantId, ...row });
      for (const date of uncovered) {
        const ourCallCount = ourCounts.filter((c) => c.day === date).reduce((sum, c) => sum + c.successCount + c.failedCount + c.processingCount, 0);
        uncoveredDays.push({ tenantId, date, ourCallCount });
      }
    }
    const matched = tenantIds.length > 0 && uncoveredDays.length === 0 && rows.every((r) => r.problems.length === 0);
    return { startDate: range.startDate, endDate: range.endDate, matched, rows, uncoveredDays };
  }
}
