import { CONTRACT_NID17, CONTRACT_VERIFY } from '@ekyc/testing';
import { DEFAULT_THRESHOLDS, matchFields, resolveThresholds, type ApplicantFields, type Thresholds } from './index';

// The EC record from the contract's sample verification request.
const reference: ApplicantFields = { ...CONTRACT_VERIFY, nid: CONTRACT_NID17, nameEn: 'Abdus Salam Osmani' };

const applicant: ApplicantFields = {
  nid: '২৬৯৯৫০১৩৫৯৬৮৭',
  nameEn: 'ABDUS SALAM',
  name: 'আবদুস\u200D সালাম',
  dateOfBirth: '23/03/1978',
  father: 'মোঃ আবদুস সাত্তার',
  mother: 'উম্মে হাবিবা',
  spouse: 'রহিমা খাতুন',
  permanentAddress: { division: 'চট্টগ্রাম বিভাগ', district: 'চট্টগ্রাম', upozila: 'ববায়ালখালী' },
  presentAddress: null,
};

describe('matchFields', () => {
  it('scores the fields present on both sides, in field order', () => {
    const scores = matchFields(applicant, reference);
    expect(scores.map((s) => s.field)).toEqual(['nid', 'nameEn', 'name', 'father', 'mother', 'dateOfBirth', 'permanentAddress']);
    expect(scores.filter((s) => !s.matched)).toEqual([]);
    expect(scores.find((s) => s.field === 'nid')?.score).toBe(100);
    expect(scores.find((s) => s.field === 'nameEn')?.score).toBeLessThan(100);
  });

  it.each([
    ['another date', '24/03/1978'],
    ['a month-first date, which does not parse', '03/23/1978'],
  ])('reports a birth date that is %s as unmatched', (_label, dateOfBirth) => {
    const scores = matchFields({ ...applicant, dateOfBirth }, reference);
    expect(scores.find((s) => s.field === 'dateOfBirth')).toEqual({ field: 'dateOfBirth', score: 0, matched: false });
    expect(scores.filter((s) => !s.matched).map((s) => s.field)).toEqual(['dateOfBirth']);
  });

  it('merges tenant overrides over the defaults', () => {
    const byDefault = matchFields({ nameEn: 'Abdus Salam' }, { nameEn: 'Abdus Salam Osmani' });
    const strict = matchFields({ nameEn: 'Abdus Salam' }, { nameEn: 'Abdus Salam Osmani' }, { nameEn: 100 });
    expect(byDefault).toEqual([{ field: 'nameEn', score: byDefault[0].score, matched: true }]);
    expect(strict).toEqual([{ field: 'nameEn', score: byDefault[0].score, matched: false }]);
  });

  it('lets an override loosen a threshold, leaving the other fields at their defaults', () => {
    const candidate = { dateOfBirth: '10/01/1980', nameEn: 'Abdur Rahman' };
    const ref = { dateOfBirth: '1980-10-01', nameEn: 'Abdur Rahim' };
    expect(matchFields(candidate, ref).map((s) => s.matched)).toEqual([false, false]);
    expect(matchFields(candidate, ref, { dateOfBirth: 60 }).map((s) => [s.field, s.matched])).toEqual([
      ['nameEn', false],
      ['dateOfBirth', true],
    ]);
  });
});

describe('resolveThresholds', () => {
  it('returns the defaults without overrides, and ignores undefined overrides', () => {
    expect(resolveThresholds()).toEqual(DEFAULT_THRESHOLDS);
    expect(resolveThresholds({ name: undefined })).toEqual(DEFAULT_THRESHOLDS);
  });

  it('never changes DEFAULT_THRESHOLDS', () => {
    const before = { ...DEFAULT_THRESHOLDS };
    const resolved = resolveThresholds({ name: 95 });
    resolved.nid = 0;
    expect(DEFAULT_THRESHOLDS).toEqual(before);
    expect(Object.isFrozen(DEFAULT_THRESHOLDS)).toBe(true);
  });

  it.each([
    ['above 100', { name: 120 }, /name/],
    ['negative', { father: -1 }, /father/],
    ['not a number', { nid: Number.NaN }, /nid/],
    ['an unknown field', { gender: 50 } as Partial<Thresholds>, /gender/],
  ])('rejects a threshold %s, naming it', (_label, overrides, message) => {
    expect(() => resolveThresholds(overrides)).toThrow(RangeError);
    expect(() => resolveThresholds(overrides)).toThrow(message);
  });

  it('lists every invalid override at once', () => {
    expect(() => resolveThresholds({ name: 120, mother: -5 })).toThrow(/name.*mother/);
  });
});
