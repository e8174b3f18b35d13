import type { DataSource } from 'typeorm';
import { tableIn } from '@ekyc/db';
import { scopeCondition, type TenantScope } from '../access/access-scope';
import { BILLING_TIME_ZONE } from './dhaka-days';
import type { PriceListService } from './price-list.service';
import { ITEM_OF_PROVIDER, priceCounts, reportTotals, type PricedCounts, type ReportTotals, type UsageProvider } from './pricing';

/** USERNAME: the account the provider knows (NID username; our user for verifications); AGENT: the user who submitted the application; TENANT: one line per tenant and provider. */
export type UsageGrouping = 'username' | 'agent' | 'tenant';

export interface UsageLine extends PricedCounts {
  tenantId: string;
  provider: UsageProvider;
  username: string | null;
}

export interface UsageReport extends ReportTotals {
  startDate: string;
  endDate: string;
  generatedAt: Date;
  lines: UsageLine[];
}

interface CountRow {
  tenant_id: string;
  provider: UsageProvider;
  username: string | null;
  success: number;
  failed: number;
  processing: number;
  unbilled: number;
}

const PROVIDER_ORDER: Record<UsageProvider, number> = { verification: 0, nid: 1, cdp: 2 };

/** Usage counted from the projections for Asia/Dhaka days, priced by each tenant's price list. */
export class UsageReportService {
  constructor(private readonly deps: { ds: DataSource; prices: PriceListService }) {}

  async report(scope: TenantScope, range: { startDate: string; endDate: string }, grouping: UsageGrouping): Promise<UsageReport> {
    const { ds } = this.deps;
    const params: unknown[] = [range.startDate, range.endDate];
    const from = `($1::date)::timestamp AT TIME ZONE '${BILLING_TIME_ZONE}'`;
    const to = `($2::date + 1)::timestamp AT TIME ZONE '${BILLING_TIME_ZONE}'`;
    const logScope = scopeCondition(scope, 'l', params);
    const callScope = scope.kind === 'all' ? 'TRUE' : `u.tenant_id = $${params.length}`;
    const verificationKey = grouping === 'tenant' ? 'NULL::text' : `COALESCE(l.agent_id, 'unknown')`;
    const callKey = grouping === 'tenant' ? 'NULL::text' : grouping === 'agent' ? 'COALESCE(l.agent_id, u.actor_id)' : 'u.username';
    const rows: CountRow[] = await ds.query(
      `SELECT l.tenant_id, 'verification' AS provider, ${verificationKey} AS username,
              count(*) FILTER (WHERE l.status = 'passed')::int AS success,
              count(*) FILTER (WHERE l.status IN ('failed', 'invalid'))::int AS failed,
              count(*) FILTER (WHERE l.status NOT IN ('passed', 'failed', 'invalid'))::int AS processing,
              0 AS unbilled
         FROM ${tableIn(ds, 'verification_log')} l
        WHERE ${logScope} AND l.sort_at >= ${from} AND l.sort_at < ${to}
        GROUP BY 1, 2, 3
       UNION ALL
       SELECT u.tenant_id, u.provider, ${callKey} AS username,
              count(*) FILTER (WHERE u.outcome = 'success')::int,
              count(*) FILTER (WHERE u.outcome = 'failed')::int,
              count(*) FILTER (WHERE u.outcome = 'processing')::int,
              count(*) FILTER (WHERE u.outcome = 'unbilled')::int
         FROM ${tableIn(ds, 'usage_calls')} u
         LEFT JOIN ${tableIn(ds, 'verification_log')} l ON l.tenant_id = u.tenant_id AND l.application_id = u.application_id
        WHERE ${callScope} AND u.occurred_at >= ${from} AND u.occurred_at < ${to}
        GROUP BY 1, 2, 3`,
      params,
    );
    const prices = await this.deps.prices.pricesOf([...new Set(rows.map((r) => r.tenant_id))]);
    const lines: UsageLine[] = rows
      .map((r) => {
        const unit = prices.get(r.tenant_id)?.[ITEM_OF_PROVIDER[r.provider]] ?? 0n;
        const counts = {
          successCount: Number(r.success),
          failedCount: Number(r.failed),
          processingCount: Number(r.processing),
          unbilledCount: Number(r.unbilled),
        };
        return { tenantId: r.tenant_id, provider: r.provider, username: r.username, ...priceCounts(counts, unit) };
      })
      .sort(
        (a, b) =>
          a.tenantId.localeCompare(b.tenantId) || PROVIDER_ORDER[a.provider] - PROVIDER_ORDER[b.provider] || (a.username ?? '').localeCompare(b.username ?? ''),
      );
    return { startDate: range.startDate, endDate: range.endDate, generatedAt: new Date(), lines, ...reportTotals(lines) };
  }
}
