import { checkDateRange, daysOf, isCalendarDate } from './dhaka-days';

describe('dates of a billing range', () => {
  it('accepts real calendar dates only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('31/03/2023')).toBe(false);
  });

  it('lists every day of an inclusive range, across month ends', () => {
    expect(daysOf('2024-02-28', '2024-03-01')).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(daysOf('2024-03-01', '2024-03-01')).toEqual(['2024-03-01']);
  });

  it('reports every problem of a range with its field', () => {
    expect(checkDateRange({ startDate: '2024-03-01', endDate: '2024-03-31' })).toEqual([]);
    expect(checkDateRange({ startDate: '2024-02-30', endDate: 'x' }).map((p) => [p.code, p.field])).toEqual([
      ['INVALID_DATE', 'startDate'],
      ['INVALID_DATE', 'endDate'],
    ]);
    expect(checkDateRange({ startDate: '2024-03-02', endDate: '2024-03-01' })).toMatchObject([{ code: 'INVALID_DATE_RANGE', field: 'endDate' }]);
    expect(checkDateRange({ startDate: '2023-01-01', endDate: '2024-01-01' })).toEqual([]);
    expect(checkDateRange({ startDate: '2023-01-01', endDate: '2024-01-02' })).toMatchObject([{ code: 'INVALID_DATE_RANGE' }]);
  });
});
