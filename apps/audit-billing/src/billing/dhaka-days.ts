import type { FieldProblem } from '@ekyc/subgraph-kit';

/** Billing days are Asia/Dhaka calendar days, as the vendor's report counts them; Postgres does the zone arithmetic. */
export const BILLING_TIME_ZONE = 'Asia/Dhaka';
export const MAX_RANGE_DAYS = 366;

export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Every day from start to end, both included. */
export function daysOf(startDate: string, endDate: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${startDate}T00:00:00Z`), end = Date.parse(`${endDate}T00:00:00Z`); t <= end; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

export function checkDateRange(range: { startDate: string; endDate: string }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isCalendarDate(range.startDate)) problems.push({ code: 'INVALID_DATE', message: 'use a calendar date as YYYY-MM-DD', field: 'startDate' });
  if (!isCalendarDate(range.endDate)) problems.push({ code: 'INVALID_DATE', message: 'use a calendar date as YYYY-MM-DD', field: 'endDate' });
  if (problems.length > 0) return problems;
  const days = (Date.parse(range.endDate) - Date.parse(range.startDate)) / 86_400_000 + 1;
  if (days < 1) problems.push({ code: 'INVALID_DATE_RANGE', message: 'endDate is before startDate', field: 'endDate' });
  else if (days > MAX_RANGE_DAYS) problems.push({ code: 'INVALID_DATE_RANGE', message: `ask for at most ${MAX_RANGE_DAYS} days`, field: 'endDate' });
  return problems;
}
