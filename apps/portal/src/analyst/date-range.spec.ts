import { dhakaDay, duration, lastDays, percent, rangeProblem } from './date-range';

describe('dashboard dates and numbers', () => {
  it('counts days in Asia/Dhaka (UTC+6)', () => {
    expect(dhakaDay(new Date('2026-03-01T17:59:59Z'))).toBe('2026-03-01');
    expect(dhakaDay(new Date('2026-03-01T18:00:00Z'))).toBe('2026-03-02');
    expect(lastDays(7, new Date('2026-03-01T20:00:00Z'))).toEqual({ startDate: '2026-02-24', endDate: '2026-03-02' });
  });

  it('keeps the Dhaka day on both sides of its midnight, whatever the browser time zone', () => {
    // 23:59:59 and 00:00:00 in Dhaka are 17:59:59 and 18:00:00 UTC.
    expect(lastDays(3, new Date('2026-12-06T17:59:59Z'))).toEqual({ startDate: '2026-12-04', endDate: '2026-12-06' });
    expect(lastDays(3, new Date('2026-12-06T18:00:00Z'))).toEqual({ startDate: '2026-12-05', endDate: '2026-12-07' });
    expect(lastDays(1, new Date('2026-12-31T18:00:00Z'))).toEqual({ startDate: '2027-01-01', endDate: '2027-01-01' });
  });

  it('checks a range before asking for it', () => {
    expect(rangeProblem({ startDate: '2026-03-01', endDate: '2026-03-01' })).toBeNull();
    expect(rangeProblem({ startDate: '2026-03-02', endDate: '2026-03-01' })).toBe('the end date is before the start date');
    expect(rangeProblem({ startDate: '', endDate: '2026-03-01' })).toBe('the start date is not a YYYY-MM-DD day');
    expect(rangeProblem({ startDate: '2024-01-01', endDate: '2026-03-01' })).toBe('choose at most 366 days');
  });

  it('formats rates and durations', () => {
    expect([percent(0.5), percent(1), percent(2 / 3), percent(null)]).toEqual(['50%', '100%', '66.7%', '—']);
    expect([duration(2.4), duration(185), duration(7440), duration(null)]).toEqual(['2 s', '3 min 5 s', '2 h 4 min', '—']);
  });
});
