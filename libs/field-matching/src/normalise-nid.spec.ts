import { normaliseNid } from './index';

describe('normaliseNid', () => {
  it.each([
    ['a 10-digit smart card number', '5090424675', undefined, '5090424675', 'nid10'],
    ['a 10-digit number with spaces', ' 509 042 4675 ', undefined, '5090424675', 'nid10'],
    ['a 10-digit number with dashes', '509-042-4675', undefined, '5090424675', 'nid10'],
    ['a 10-digit number in Bengali digits', '৫০৯০৪২৪৬৭৫', undefined, '5090424675', 'nid10'],
    ['a 10-digit number, ignoring the birth year', '5090424675', 1972, '5090424675', 'nid10'],
    ['a 17-digit number', '19722699501359687', undefined, '19722699501359687', 'nid17'],
    ['a 17-digit number agreeing with the birth year', '1972 2699 5013 59687', 1972, '19722699501359687', 'nid17'],
    ['a 13-digit number, prefixed with the birth year', '2699501359687', 1972, '19722699501359687', 'nid17'],
    ['a 13-digit number in Bengali digits', '২৬৯৯৫০১৩৫৯৬৮৭', 1972, '19722699501359687', 'nid17'],
  ] as const)('accepts %s', (_label, raw, birthYear, value, kind) => {
    expect(normaliseNid(raw, birthYear)).toEqual({ ok: true, value: { value, kind } });
  });

  it.each([
    ['empty', '', undefined, 'INVALID_NID', /empty/],
    ['only spaces', '   ', undefined, 'INVALID_NID', /empty/],
    ['9 digits', '509042467', undefined, 'INVALID_NID', /10, 13 or 17 digits, not 9/],
    ['18 digits', '197226995013596871', undefined, 'INVALID_NID', /not 18/],
    ['letters', '50904X4675', undefined, 'INVALID_NID', /only digits/],
    ['a 17-digit number starting with 1850', '18502699501359687', undefined, 'INVALID_NID', /birth year .* not 1850/],
    ['a 17-digit number starting with a future year', '29992699501359687', undefined, 'INVALID_NID', /not 2999/],
    ['a 13-digit number without a birth year', '2699501359687', undefined, 'NID_NEEDS_BIRTH_YEAR', /birth year/],
    ['a 13-digit number with an implausible birth year', '2699501359687', 1850, 'INVALID_BIRTH_YEAR', /1850/],
    ['a 13-digit number with a fractional birth year', '2699501359687', 1972.5, 'INVALID_BIRTH_YEAR', /1972.5/],
    ['a 17-digit number from another birth year', '19722699501359687', 1980, 'NID_BIRTH_YEAR_MISMATCH', /1972 .* 1980/],
  ] as const)('rejects %s', (_label, raw, birthYear, code, message) => {
    const result = normaliseNid(raw, birthYear);
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok ? '' : result.message).toMatch(message);
  });
});
