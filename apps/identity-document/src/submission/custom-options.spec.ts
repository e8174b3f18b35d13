import { parseCustomOptions } from './custom-options';

const FIELD = 'input.customOptions';

describe('parseCustomOptions', () => {
  it.each([
    [undefined, {}],
    ['', {}],
    ['{}', {}],
    ['{"blacklistCountries":false,"approvePeriod":false,"rejectPeriod":false}', { blacklistCountries: false, approvePeriod: false, rejectPeriod: false }],
    ['{"ageLimit":false}', { ageLimit: false }],
    ['{"rejectDuplicateUser":true}', { rejectDuplicateUser: true }],
    ['{"rejectDuplicateUser":false}', { rejectDuplicateUser: false }],
  ])('accepts %s', (raw, expected) => {
    expect(parseCustomOptions(raw, FIELD)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['{"ageLimit":true}', 'ageLimit: can only be false'],
    ['{"blacklistCountries":"false"}', 'blacklistCountries: can only be false'],
    ['{"approvePeriod":true}', 'approvePeriod'],
    ['{"rejectPeriod":1}', 'rejectPeriod'],
    ['{"rejectDuplicateUser":"yes"}', 'rejectDuplicateUser'],
    ['{"unknownOption":false}', 'unknownOption'],
    ['[false]', 'expected object'],
    ['not json', 'must be a JSON object'],
    [`{"ageLimit":false${' '.repeat(1000)}}`, 'longer than 1000'],
  ])('refuses %s with a code and the field', (raw, message) => {
    const result = parseCustomOptions(raw, FIELD);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([expect.objectContaining({ code: 'INVALID_CUSTOM_OPTIONS', field: FIELD })]);
    expect(result.errors[0]?.message).toContain(message);
  });
});
