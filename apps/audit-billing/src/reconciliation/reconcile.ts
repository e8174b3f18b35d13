import { daysOf } from '../billing/dhaka-days';
import { timesCount } from '../billing/money';

export interface VendorReportRow {
  username: string;
  callCount: number;
  successCount: number;
  failedCount: number;
  processingCount: number;
  billMinor: bigint;
}

export interface StoredVendorReport {
  id: string;
  startDate: string;
  endDate: string;
  fetchedAt: Date;
  rows: VendorReportRow[];
}

/** Our billable NID calls of one username on one Asia/Dhaka day. */
export interface OurDayCount {
  username: string;
  day: string;
  successCount: number;
  failedCount: number;
  processingCount: number;
}

export interface ChosenReport {
  report: StoredVendorReport;
  days: string[];
}

/**
 * The vendor bill has no per-day lines: it speaks for the whole range it was asked for. Reports inside
 * the requested range are chosen so each day is judged by one report: single-day reports first (they
 * give per-day answers), then longer ones whose days are all still open; the latest fetch wins among
 * equals. Days no chosen report covers are reported as such.
 */
export function chooseReports(startDate: string, endDate: string, reports: readonly StoredVendorReport[]): { chosen: ChosenReport[]; uncovered: string[] } {
  const open = new Set(daysOf(startDate, endDate));
  const candidates = reports
    .filter((r) => r.startDate >= startDate && r.endDate <= endDate && r.startDate <= r.endDate)
    .map((report) => ({ report, days: daysOf(report.startDate, report.endDate) }))
    .sort((a, b) => a.days.length - b.days.length || b.report.fetchedAt.getTime() - a.report.fetchedAt.getTime() || a.report.id.localeCompare(b.report.id));
  const chosen: ChosenReport[] = [];
  for (const candidate of candidates) {
    if (!candidate.days.every((day) => open.has(day))) continue;
    for (const day of candidate.days) open.delete(day);
    chosen.push(candidate);
  }
  chosen.sort((a, b) => a.report.startDate.localeCompare(b.report.startDate));
  return { chosen, uncovered: [...open].sort() };
}

export type ReconciliationProblem =
  'CALL_COUNT' | 'SUCCESS_COUNT' | 'FAILED_COUNT' | 'PROCESSING_COUNT' | 'BILL' | 'NOT_BILLED_BY_VENDOR' | 'NOT_RECORDED_BY_US';

export interface ReconciliationRow {
  username: string;
  startDate: string;
  endDate: string;
  vendorReportId: string;
  ourCallCount: number;
  ourSuccessCount: number;
  ourFailedCount: number;
  ourProcessingCount: number;
  vendorCallCount: number;
  vendorSuccessCount: number;
  vendorFailedCount: number;
  vendorProcessingCount: number;
  /** What the vendor should have charged for the calls we recorded, at its unit price. */
  expectedVendorBillMinor: bigint;
  vendorBillMinor: bigint;
  problems: ReconciliationProblem[];
}

/** One row per username and chosen report period: our counts beside the vendor's, with what differs. */
export function reconcile(args: { chosen: readonly ChosenReport[]; ours: readonly OurDayCount[]; vendorUnitPriceMinor: bigint }): ReconciliationRow[] {
  const rows: ReconciliationRow[] = [];
  for (const { report, days } of args.chosen) {
    const inPeriod = new Set(days);
    const ours = new Map<string, { success: number; failed: number; processing: number }>();
    for (const count of args.ours) {
      if (!inPeriod.has(count.day)) continue;
      const sum = ours.get(count.username) ?? { success: 0, failed: 0, processing: 0 };
      sum.success += count.successCount;
      sum.failed += count.failedCount;
      sum.processing += count.processingCount;
      ours.set(count.username, sum);
    }
    const vendor = new Map(report.rows.map((r) => [r.username, r]));
    const usernames = [...new Set([...ours.keys(), ...vendor.keys()])].sort();
    for (const username of usernames) {
      const our = ours.get(username) ?? { success: 0, failed: 0, processing: 0 };
      const their = vendor.get(username);
      const ourCallCount = our.success + our.failed + our.processing;
      const row: ReconciliationRow = {
        username,
        startDate: report.startDate,
        endDate: report.endDate,
        vendorReportId: report.id,
        ourCallCount,
        ourSuccessCount: our.success,
        ourFailedCount: our.failed,
        ourProcessingCount: our.processing,
        vendorCallCount: their?.callCount ?? 0,
        vendorSuccessCount: their?.successCount ?? 0,
        vendorFailedCount: their?.failedCount ?? 0,
        vendorProcessingCount: their?.processingCount ?? 0,
        expectedVendorBillMinor: timesCount(ourCallCount, args.vendorUnitPriceMinor),
        vendorBillMinor: their?.billMinor ?? 0n,
        problems: [],
      };
      if (!their && ourCallCount > 0) row.problems.push('NOT_BILLED_BY_VENDOR');
      if (their && ourCallCount === 0 && their.callCount > 0) row.problems.push('NOT_RECORDED_BY_US');
      if (row.ourCallCount !== row.vendorCallCount) row.problems.push('CALL_COUNT');
      if (row.ourSuccessCount !== row.vendorSuccessCount) row.problems.push('SUCCESS_COUNT');
      if (row.ourFailedCount !== row.vendorFailedCount) row.problems.push('FAILED_COUNT');
      if (row.ourProcessingCount !== row.vendorProcessingCount) row.problems.push('PROCESSING_COUNT');
      if (row.expectedVendorBillMinor !== row.vendorBillMinor) row.problems.push('BILL');
      rows.push(row);
    }
  }
  return rows;
}
