/** The part of a decision reason before the colon: `NID_MISMATCH: father` counts as NID_MISMATCH. */
export function reasonCode(reason: string | null): string {
  const code = reason?.split(':')[0]?.trim();
  return code ? code : 'UNSPECIFIED';
}

export interface StatusCounts {
  passed: number;
  failed: number;
  pending: number;
  invalid: number;
}

export const emptyCounts = (): StatusCounts => ({ passed: 0, failed: 0, pending: 0, invalid: 0 });

export const totalOf = (c: StatusCounts): number => c.passed + c.failed + c.pending + c.invalid;

/** Passed over decided (passed, failed, invalid); pending ones have no verdict yet. Null when nothing was decided. */
export function passRate(c: StatusCounts): number | null {
  const decided = c.passed + c.failed + c.invalid;
  return decided === 0 ? null : c.passed / decided;
}

/** Adds one grouped count to a tally; a status outside the four (none today) is counted as pending. */
export function addCount(counts: StatusCounts, status: string, n: number): void {
  if (status === 'passed' || status === 'failed' || status === 'invalid') counts[status] += n;
  else counts.pending += n;
}

/** One entry per day of the range, days without verifications included as zeros. */
export function perDay(
  days: readonly string[],
  rows: ReadonlyArray<{ day: string; status: string; count: number }>,
): Array<StatusCounts & { date: string; total: number }> {
  const byDay = new Map(days.map((day) => [day, emptyCounts()]));
  for (const row of rows) {
    const counts = byDay.get(row.day);
    if (counts) addCount(counts, row.status, row.count);
  }
  return days.map((date) => {
    const counts = byDay.get(date) ?? emptyCounts();
    return { date, ...counts, total: totalOf(counts) };
  });
}

/** Reasons of failed and invalid verifications grouped by code, most frequent first, ties by code. */
export function topReasons(rows: ReadonlyArray<{ reason: string | null; count: number }>, limit: number): Array<{ code: string; count: number }> {
  const byCode = new Map<string, number>();
  for (const row of rows) byCode.set(reasonCode(row.reason), (byCode.get(reasonCode(row.reason)) ?? 0) + row.count);
  return [...byCode]
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
    .slice(0, limit);
}
