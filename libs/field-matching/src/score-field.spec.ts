import { DEFAULT_THRESHOLDS, MATCH_FIELDS, SWAPPED_DATE_SCORE, scoreField } from './index';

describe('scoreField: names', () => {
  it.each([
    ['Md. Abdus Salam', 'MOHAMMAD ABDUS SALAM'],
    ['Mohammed Rahim Uddin', 'Muhammad Rahim Uddin'],
    ['Mst. Rahima Khatun', 'Mosammat Rahima Khatoon'],
    ['আবদুস\u200D  সালাম', 'আবদুস সালাম'],
    ['মোঃ করিম', 'মোহাম্মদ করিম'],
    ['রা\u09AF\u09BCহান', 'রা\u09DFহান'],
  ])('scores %j vs %j 100', (candidate, reference) => {
    expect(scoreField('name', candidate, reference)).toBe(100);
  });

  it.each([
    ['a dropped Md. prefix', 'Abdus Salam', 'Md. Abdus Salam'],
    ['a dropped মোঃ prefix', 'আবদুস সালাম', 'মোঃ আবদুস সালাম'],
    ['a missing last name', 'Abdus Salam', 'Abdus Salam Osmani'],
    ['a missing Bengali last name', 'আবদুস সালাম', 'আবদুস সালাম ওসমানী'],
    ['a long word misread by OCR', 'Md. Asaduzzaman Miah', 'Md Asaduzaman Mia'],
    ['a Bengali word misread by OCR', 'মো. আসাদুজামান মিয়া', 'মোঃ আসাদুৰামান মিয়া'],
    ['long and short ই', 'উম্মে হাবিবা', 'উম্মে হাবীবা'],
    ['words in another order', 'Salam Abdus', 'Abdus Salam'],
    ['words run together', 'Abdussalam', 'Abdus Salam'],
  ])('matches a name with %s, below 100', (_label, candidate, reference) => {
    const score = scoreField('nameEn', candidate, reference);
    expect(score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.nameEn);
    expect(score).toBeLessThan(100);
  });

  it.each([
    ['Abdus Salam', 'Abdul Karim'],
    ['Abdur Rahman', 'Abdur Rahim'],
    ['Kamal Hossain', 'Jamal Hossain'],
    ['Nurul Islam', 'Nurul Amin'],
    ['Salam', 'Abdus Salam Osmani'],
    ['Karim', 'Rahim'],
    ['রহিম', 'করিম'],
    ['আবদুস সাত্তার', 'আবদুস সালাম'],
    ['কামাল হোসেন', 'জামাল হোসেন'],
    ['Mr.', 'Abdus Salam'],
  ])('does not match %j with %j', (candidate, reference) => {
    expect(scoreField('name', candidate, reference)).toBeLessThan(DEFAULT_THRESHOLDS.name);
  });

  it('scores a name that is not text 0', () => {
    expect(scoreField('father', 42, 'Abdus Sattar')).toBe(0);
  });
});

describe('scoreField: nid', () => {
  it.each([
    ['the same 10-digit number', '5090424675', '5090424675'],
    ['Bengali digits and dashes', '৫০৯০-৪২৪-৬৭৫', '5090424675'],
    ['a 13-digit candidate and the 17-digit reference', '2699501359687', '19722699501359687'],
    ['a 17-digit candidate and a 13-digit reference', '19722699501359687', '2699 5013 59687'],
    ['a JSON number', 5090424675, '5090424675'],
  ])('scores %s 100', (_label, candidate, reference) => {
    expect(scoreField('nid', candidate, reference)).toBe(100);
  });

  it.each([
    ['another 10-digit number', '5090424676', '5090424675'],
    ['a 13-digit number ending differently', '2699501359688', '19722699501359687'],
    ['a 10-digit number against a 17-digit one', '5090424675', '19722699501359687'],
    ['a malformed candidate', '50904246', '5090424675'],
    ['a 17-digit JSON number, which has lost precision', Number('19722699501359687'), '19722699501359687'],
  ])('scores %s 0', (_label, candidate, reference) => {
    expect(scoreField('nid', candidate, reference)).toBe(0);
  });
});

describe('scoreField: dateOfBirth', () => {
  it.each([
    [' 1978-03-23', '23/03/1978'],
    ['১৯৮০/১০/০১', '1 October 1980'],
    ['1980-10-01T00:00:00Z', '01 Oct 1980'],
  ])('scores %j vs %j 100', (candidate, reference) => {
    expect(scoreField('dateOfBirth', candidate, reference)).toBe(100);
  });

  it.each([
    ['day and month swapped', '10/01/1980', '1980-10-01', SWAPPED_DATE_SCORE],
    ['another day', '02/10/1980', '1980-10-01', 0],
    ['another year', '01/10/1981', '1980-10-01', 0],
    ['the same day and month in another year', '10/01/1981', '1980-10-01', 0],
    ['an unparseable candidate', '31/02/1980', '1980-10-01', 0],
  ])('scores %s %i', (_label, candidate, reference, expected) => {
    expect(scoreField('dateOfBirth', candidate, reference)).toBe(expected);
  });

  it('does not let a swapped date match at the default threshold', () => {
    expect(SWAPPED_DATE_SCORE).toBeLessThan(DEFAULT_THRESHOLDS.dateOfBirth);
  });
});

describe('scoreField: addresses', () => {
  const reference = { division: 'চট্টগ্রাম', district: 'চট্টগ্রাম', upozila: 'ববায়ালখালী' };

  it.each([
    ['a leading space', { division: 'চট্টগ্রাম', district: 'চট্টগ্রাম', upozila: ' ববায়ালখালী' }, reference],
    ['Bengali kind words', { division: 'চট্টগ্রাম বিভাগ', district: 'চট্টগ্রাম জেলা', upozila: 'ববায়ালখালী উপজেলা' }, reference],
    [
      'English kind words',
      { division: 'Dhaka Division', district: 'Dhaka', upozila: 'Uttara Thana' },
      { division: 'Dhaka', district: 'Dhaka District', upozila: 'Uttara' },
    ],
    ['an old place name', { division: 'Chittagong' }, { division: 'Chattogram' }],
    ['every part found in a free-text line', 'বাড়ী ৩, মোহাম্মদপুর, ঢাকা', { division: 'ঢাকা', district: 'ঢাকা', upozila: 'মোহাম্মদপুর' }],
  ])('scores %s 100', (_label, candidate, ref) => {
    expect(scoreField('permanentAddress', candidate, ref)).toBe(100);
  });

  it.each([
    [
      'another upazila in the same district',
      { division: 'ঢাকা', district: 'ঢাকা', upozila: 'মিরপুর' },
      { division: 'ঢাকা', district: 'ঢাকা', upozila: 'উত্তরা' },
    ],
    ['another district', { division: 'চট্টগ্রাম', district: 'কক্সবাজার', upozila: 'টেকনাফ' }, reference],
    ['a missing upazila', { division: 'চট্টগ্রাম', district: 'চট্টগ্রাম' }, reference],
    ['a line naming another place', 'বাড়ী ৩, মিরপুর, খুলনা', { division: 'ঢাকা', district: 'ঢাকা', upozila: 'মোহাম্মদপুর' }],
    // No transliteration: the same place in two scripts does not match.
    ['the other script', { division: 'Dhaka' }, { division: 'ঢাকা' }],
  ])('does not match %s', (_label, candidate, ref) => {
    expect(scoreField('presentAddress', candidate, ref)).toBeLessThan(DEFAULT_THRESHOLDS.presentAddress);
  });

  it('averages over the parts the reference has, ignoring extra candidate parts', () => {
    expect(scoreField('presentAddress', { division: 'ঢাকা', district: 'ঢাকা', upozila: 'উত্তরা' }, { district: 'ঢাকা' })).toBe(100);
    expect(scoreField('presentAddress', { division: 'ঢাকা' }, { division: 'ঢাকা', district: 'ঢাকা' })).toBe(50);
  });

  it('scores a value that is not an address 0', () => {
    expect(scoreField('presentAddress', { division: 7 }, reference)).toBe(0);
  });
});

describe('scoreField: nothing to compare', () => {
  const samples: Record<(typeof MATCH_FIELDS)[number], unknown> = {
    nid: '5090424675',
    nameEn: 'Abdus Salam',
    name: 'আবদুস সালাম',
    father: 'আবদুস সাত্তার',
    mother: 'উম্মে হাবীবা',
    spouse: 'রহিমা খাতুন',
    dateOfBirth: '1978-03-23',
    presentAddress: { division: 'ঢাকা' },
    permanentAddress: { division: 'চট্টগ্রাম' },
  };
  const blanks: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['an empty string', ''],
    ['spaces', '   '],
    ['a zero-width space', '\u200B'],
  ];
  const cases = MATCH_FIELDS.flatMap((field) => blanks.map(([label, blank]) => [field, label, blank] as const));

  it.each(cases)('%s: returns null when the candidate is %s', (field, _label, blank) => {
    expect(scoreField(field, blank, samples[field])).toBeNull();
  });

  it.each(cases)('%s: returns null when the reference is %s', (field, _label, blank) => {
    expect(scoreField(field, samples[field], blank)).toBeNull();
  });

  it.each(MATCH_FIELDS)('%s: scores a sample against itself 100', (field) => {
    expect(scoreField(field, samples[field], samples[field])).toBe(100);
  });

  it('returns null for an address whose parts are all empty', () => {
    expect(scoreField('presentAddress', { division: ' ', district: null }, { division: 'ঢাকা' })).toBeNull();
  });
});
