import type { DataSource } from 'typeorm';
import { tableIn } from '@ekyc/db';
import { scopeCondition, type TenantScope } from '../access/access-scope';
import { BILLING_TIME_ZONE, daysOf } from '../billing/dhaka-days';
import { addCount, emptyCounts, passRate, perDay, topReasons, totalOf, type StatusCounts } from './aggregates';

export interface VerificationStats extends StatusCounts {
  startDate: string;
  endDate: string;
  tenantId: string | null;
  total: number;
  decided: number;
  passRate: number | null;
  medianSecondsToDecision: number | null;
  perDay: Array<StatusCounts & { date: string; total: number }>;
  topFailureReasons: Array<{ code: string; count: number }>;
  tenants: Array<StatusCounts & { tenantId: string; total: number; passRate: number | null }>;
  reviews: ReviewStats;
}

/** Review cases, from the audited review.* events: what opened and was resolved in the range, and what is open now. */
export interface ReviewStats {
  opened: number;
  approved: number;
  rejected: number;
  resubmissionsRequested: number;
  escalated: number;
  /** Open now, whatever the range: the queue depth. */
  open: number;
  /** Median seconds from a case opening to a reviewer's decision (or request for items again), for cases resolved in the range. */
  medianSecondsToReview: number | null;
}

/** Dashboard aggregates over the verification log, by Asia/Dhaka day of submission. */
export class VerificationStatsService {
  constructor(private readonly deps: { ds: DataSource }) {}

  async stats(scope: TenantScope, range: { startDate: string; endDate: string }, reasonLimit: number): Promise<VerificationStats> {
    const { ds } = this.deps;
    const params: unknown[] = [range.startDate, range.endDate];
    const where = `${scopeCondition(scope, 'l', params)}
      AND l.sort_at >= ($1::date)::timestamp AT TIME ZONE '${BILLING_TIME_ZONE}' AND l.sort_at < ($2::date + 1)::timestamp AT TIME ZONE '${BILLING_TIME_ZONE}'`;
    const table = `${tableIn(ds, 'verification_log')} l`;
    const [byDay, reasons, [timing], byTenant] = (await Promise.all([
      ds.query(
        `SELECT (l.sort_at AT TIME ZONE '${BILLING_TIME_ZONE}')::date::text AS day, l.status, count(*)::int AS count FROM ${table} WHERE ${where} GROUP BY 1, 2`,
        params,
      ),
      ds.query(`SELECT l.reason, count(*)::int AS count FROM ${table} WHERE ${where} AND l.status IN ('failed', 'invalid') GROUP BY 1`, params),
      ds.query(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM l.decided_at - l.submitted_at)) AS median
           FROM ${table} WHERE ${where} AND l.submitted_at IS NOT NULL AND l.decided_at IS NOT NULL AND l.status IN ('passed', 'failed', 'invalid')`,
        params,
      ),
      ds.query(`SELECT l.tenant_id, l.status, count(*)::int AS count FROM ${table} WHERE ${where} GROUP BY 1, 2 ORDER BY 1`, params),
    ])) as [
      Array<{ day: string; status: string; count: number }>,
      Array<{ reason: string | null; count: number }>,
      [{ median: number | string | null }],
      Array<{ tenant_id: string; status: string; count: number }>,
    ];

    const reviews = await this.reviewStats(scope, range);
    const totals = emptyCounts();
    for (const row of byDay) addCount(totals, row.status, row.count);
    const tenants = new Map<string, StatusCounts>();
    for (const row of byTenant) {
      const counts = tenants.get(row.tenant_id) ?? emptyCounts();
      addCount(counts, row.status, row.count);
      tenants.set(row.tenant_id, counts);
    }
    return {
      startDate: range.startDate,
      endDate: range.endDate,
      tenantId: scope.kind === 'tenant' ? scope.tenantId : null,
      ...totals,
      total: totalOf(totals),
      decided: totals.passed + totals.failed + totals.invalid,
      passRate: passRate(totals),
      medianSecondsToDecision: timing.median === null ? null : Number(timing.median),
      perDay: perDay(daysOf(range.startDate, range.endDate), byDay),
      topFailureReasons: topReasons(reasons, reasonLimit),
      tenants: [...tenants].map(([tenantId, counts]) => ({ tenantId, ...counts, total: totalOf(counts), passRate: passRate(counts) })),
      reviews,
    };
  }

  private async reviewStats(scope: TenantScope, range: { startDate: string; endDate: string }): Promise<ReviewStats> {
    const { ds } = this.deps;
    const params: unknown[] = [range.startDate, range.endDate];
    const tenant = scopeCondition(scope, 'a', params);
    const inRange = `a.occurred_at >= ($1::date)::timestamp AT TIME ZONE '${BILLING_TIME_ZONE}' AND a.occurred_at < ($2::date + 1)::timestamp AT TIME ZONE '${BILLING_TIME_ZONE}'`;
    const table = tableIn(ds, 'audit_events');
    const nowParams = scope.kind === 'all' ? [] : [scope.tenantId];
    const [counts, [depth], [timing]] = (await Promise.all([
      ds.query(
        `SELECT a.event_type AS type, a.data->>'outcome' AS outcome, count(*)::int AS count FROM ${table} a
          WHERE ${tenant} AND ${inRange} AND a.event_type IN ('review.opened', 'review.resolved', 'review.escalated') GROUP BY 1, 2`,
        params,
      ),
      ds.query(
        `SELECT (count(*) FILTER (WHERE a.event_type = 'review.opened') - count(*) FILTER (WHERE a.event_type = 'review.resolved'))::int AS open
           FROM ${table} a WHERE ${scope.kind === 'all' ? 'TRUE' : 'a.tenant_id = $1'} AND a.event_type IN ('review.opened', 'review.resolved')`,
        nowParams,
      ),
      ds.query(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.occurred_at - o.occurred_at)) AS median
           FROM ${table} a JOIN ${table} o ON o.tenant_id = a.tenant_id AND o.event_type = 'review.opened' AND o.data->>'caseId' = a.data->>'caseId'
          WHERE ${tenant} AND ${inRange} AND a.event_type = 'review.resolved' AND a.data->>'outcome' IN ('approved', 'rejected', 'resubmission_requested')`,
        params,
      ),
    ])) as [Array<{ type: string; outcome: string | null; count: number }>, [{ open: number }], [{ median: number | string | null }]];
    const count = (type: string, outcome: string | null = null) =>
      counts.filter((c) => c.type === type && (outcome === null || c.outcome === outcome)).reduce((n, c) => n + c.count, 0);
    return {
      opened: count('review.opened'),
      approved: count('review.resolved', 'approved'),
      rejected: count('review.resolved', 'rejected'),
      resubmissionsRequested: count('review.resolved', 'resubmission_requested'),
      escalated: count('review.escalated'),
      open: Math.max(0, depth.open),
      medianSecondsToReview: timing.median === null ? null : Number(timing.median),
    };
  }
}
