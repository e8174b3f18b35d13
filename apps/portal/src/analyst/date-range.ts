/** The platform counts verifications per Asia/Dhaka day (UTC+6, no daylight saving). */
const DHAKA_OFFSET_MS = 6 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface DateRange {
  startDate: string;
  endDate: string;
}

/** The Asia/Dhaka calendar day of an instant, YYYY-MM-DD. */
export const dhakaDay = (at: Date): string => new Date(at.getTime() + DHAKA_OFFSET_MS).toISOString().slice(0, 10);

/** The last `days` Dhaka days up to today, inclusive. */
export function lastDays(days: number, now = new Date()): DateRange {
  return { startDate: dhakaDay(new Date(now.getTime() - (days - 1) * DAY_MS)), endDate: dhakaDay(now) };
}

/** A problem with the range, worded for the form, or null; the server checks it again. */
export function rangeProblem(range: DateRange, maxDays = 366): string | null {
  if (!ISO_DAY.test(range.startDate) || Number.isNaN(Date.parse(range.startDate))) return 'the start date is not a YYYY-MM-DD day';
  if (!ISO_DAY.test(range.endDate) || Number.isNaN(Date.parse(range.endDate))) return 'the end date is not a YYYY-MM-DD day';
  const span = (Date.parse(range.endDate) - Date.parse(range.startDate)) / DAY_MS;
  if (span < 0) return 'the end date is before the start date';
  if (span + 1 > maxDays) return `choose at most ${maxDays} days`;
  return null;
}

/** "85.3%", or an em dash when nothing was decided. */
export const percent = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${(Math.round(rate * 1000) / 10).toString()}%`);

/** Seconds as "42 s", "3 min 5 s" or "2 h 4 min". */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
