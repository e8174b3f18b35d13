import { parseDate } from './index';

describe('parseDate', () => {
  it.each([
    ['1980/10/1', '1980-10-01'],
    ['1/10/1980', '1980-10-01'],
    ['12/12/1980', '1980-12-12'],
    [' 1978-03-23', '1978-03-23'],
    ['01 Oct 1980', '1980-10-01'],
    ['1 October 1980', '1980-10-01'],
    ['1 OCT 1980', '1980-10-01'],
    ['1-Oct-1980', '1980-10-01'],
    ['Oct 1, 1980', '1980-10-01'],
    ['1st September 1980', '1980-09-01'],
    ['১৯৮০/১০/০১', '1980-10-01'],
    ['২৩-০৩-১৯৭৮', '1978-03-23'],
    ['1980-10-01T00:00:00Z', '1980-10-01'],
    ['1980-10-01T00:00:00.000+06:00', '1980-10-01'],
    ['23-03-1978', '1978-03-23'],
    ['23.03.1978', '1978-03-23'],
    ['23 / 03 / 1978', '1978-03-23'],
    ['29/02/1980', '1980-02-29'],
    ['29/02/2000', '2000-02-29'],
  ])('reads %j as %s', (raw, iso) => {
    expect(parseDate(raw)).toEqual({ ok: true, value: iso });
  });

  it.each([
    ['31 February', '31/02/1980', /day 31 does not exist in 1980-02/],
    ['29 February in a common year', '29/02/1981', /day 29/],
    ['29 February 1900 (not a leap year)', '1900-02-29', /day 29/],
    ['month 13', '1980/13/01', /month 13/],
    ['month-first (US) order', '10/23/1980', /month 23/],
    ['day 0', '0/10/1980', /day 0/],
    ['an empty string', '  ', /empty/],
    ['words', 'yesterday', /unrecognised/],
    ['an unknown month name', '01 Foo 1980', /unknown month/],
    ['a name inherited from Object.prototype', '1 constructor 1980', /unknown month/],
    ['mixed separators', '1980/10-01', /unrecognised/],
    ['a two-digit year', '01/10/80', /unrecognised/],
  ])('rejects %s', (_label, raw, message) => {
    const result = parseDate(raw);
    expect(result).toMatchObject({ ok: false, code: 'INVALID_DATE' });
    expect(result.ok ? '' : result.message).toMatch(message);
  });
});
