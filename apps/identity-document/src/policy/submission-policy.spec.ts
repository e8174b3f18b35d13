import { ageOn, checkApplicant, checkIssuingCountry, DEFAULT_POLICY, type PriorApplication, type SubmissionPolicy } from './submission-policy';

const NOW = new Date('2026-11-21T10:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const policy = (overrides: Partial<SubmissionPolicy> = {}): SubmissionPolicy => ({ ...DEFAULT_POLICY, ...overrides });
const adult = (prior: PriorApplication[] = []) => ({ dateOfBirth: '1980-10-01', prior });

describe('ageOn', () => {
  it.each([
    ['2008-11-21', 18],
    ['2008-11-22', 17],
    ['2008-12-01', 17],
    ['1980-02-29', 46],
  ])('%s is %i on 2026-11-21', (dob, age) => expect(ageOn(dob, NOW)).toBe(age));
});

describe('checkIssuingCountry', () => {
  const blacklisting = policy({ blacklistedCountries: ['PRK', 'IRN'] });
  it('refuses a blacklisted country', () => expect(checkIssuingCountry(blacklisting, {}, 'PRK')?.code).toBe('BLACKLISTED_COUNTRY'));
  it('accepts others', () => expect(checkIssuingCountry(blacklisting, {}, 'BGD')).toBeNull());
  it('customOptions.blacklistCountries=false turns the check off', () =>
    expect(checkIssuingCountry(blacklisting, { blacklistCountries: false }, 'PRK')).toBeNull());
});

describe('checkApplicant', () => {
  it('refuses an applicant under the minimum age, and ageLimit=false lifts it', () => {
    const minor = { dateOfBirth: '2010-01-01', prior: [] };
    expect(checkApplicant(policy(), {}, minor, NOW)).toEqual({ code: 'AGE_LIMIT', message: 'the applicant is 16; the minimum age is 18' });
    expect(checkApplicant(policy(), { ageLimit: false }, minor, NOW)).toBeNull();
    expect(checkApplicant(policy({ minimumAge: null }), {}, minor, NOW)).toBeNull();
  });

  it('duplicate users: the tenant setting, turned on or off per submission', () => {
    const prior: PriorApplication[] = [{ status: 'passed', at: daysAgo(400) }];
    expect(checkApplicant(policy(), {}, adult(prior), NOW)).toBeNull();
    expect(checkApplicant(policy(), { rejectDuplicateUser: true }, adult(prior), NOW)?.code).toBe('DUPLICATE_USER');
    expect(checkApplicant(policy({ rejectDuplicateUser: true }), {}, adult(prior), NOW)?.code).toBe('DUPLICATE_USER');
    expect(checkApplicant(policy({ rejectDuplicateUser: true }), { rejectDuplicateUser: false }, adult(prior), NOW)).toBeNull();
    expect(checkApplicant(policy({ rejectDuplicateUser: true }), {}, adult([{ status: 'pending', at: daysAgo(1) }]), NOW)?.code).toBe('DUPLICATE_USER');
    expect(checkApplicant(policy({ rejectDuplicateUser: true }), {}, adult([{ status: 'failed', at: daysAgo(1) }]), NOW)).toBeNull();
  });

  it('approve period: a NID approved inside the window is refused; approvePeriod=false lifts it', () => {
    const p = policy({ approvePeriodDays: 30 });
    expect(checkApplicant(p, {}, adult([{ status: 'passed', at: daysAgo(29) }]), NOW)?.code).toBe('DUPLICATE_APPROVED');
    expect(checkApplicant(p, {}, adult([{ status: 'passed', at: daysAgo(31) }]), NOW)).toBeNull();
    expect(checkApplicant(p, { approvePeriod: false }, adult([{ status: 'passed', at: daysAgo(1) }]), NOW)).toBeNull();
    expect(checkApplicant(p, {}, adult([{ status: 'failed', at: daysAgo(1) }]), NOW)).toBeNull();
  });

  it('reject period: a NID rejected inside the window must wait; rejectPeriod=false lifts it', () => {
    const p = policy({ rejectPeriodDays: 7 });
    expect(checkApplicant(p, {}, adult([{ status: 'failed', at: daysAgo(6) }]), NOW)?.code).toBe('DUPLICATE_REJECTED');
    expect(checkApplicant(p, {}, adult([{ status: 'invalid', at: daysAgo(2) }]), NOW)?.code).toBe('DUPLICATE_REJECTED');
    expect(checkApplicant(p, {}, adult([{ status: 'failed', at: daysAgo(8) }]), NOW)).toBeNull();
    expect(checkApplicant(p, { rejectPeriod: false }, adult([{ status: 'failed', at: daysAgo(1) }]), NOW)).toBeNull();
  });

  it('reports the age before duplicates', () => {
    const p = policy({ rejectDuplicateUser: true });
    expect(checkApplicant(p, {}, { dateOfBirth: '2015-01-01', prior: [{ status: 'passed', at: daysAgo(1) }] }, NOW)?.code).toBe('AGE_LIMIT');
  });
});
