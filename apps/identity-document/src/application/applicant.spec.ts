import { CONTRACT_APPLICANT } from '@ekyc/testing';
import { validateApplicant, type ApplicantInput } from './applicant';

const valid: ApplicantInput = {
  ...CONTRACT_APPLICANT,
  spouseName: '',
  presentAddress: { division: 'ঢাকা', district: 'ঢাকা', upazila: 'উত্তরা' },
  permanentAddress: null,
};
const TODAY = new Date('2026-11-21T00:00:00Z');

const codes = (input: Partial<ApplicantInput>) => {
  const result = validateApplicant({ ...valid, ...input }, TODAY);
  return result.ok ? [] : result.errors.map((e) => `${e.field}:${e.code}`);
};

describe('validateApplicant', () => {
  it('normalises a valid applicant: canonical text, ISO date, empty optional names dropped', () => {
    const result = validateApplicant({ ...valid, nameEn: ' Abdus  Salam ', dateOfBirth: '23/03/1978', nidNumber: '৫০৯০৪২৪৬৭৫' }, TODAY);
    expect(result).toEqual({
      ok: true,
      value: {
        nid: '5090424675',
        nameEn: 'Abdus Salam',
        name: 'আবদুস সালাম',
        dateOfBirth: '1978-03-23',
        father: 'আবদুস সাত্তার',
        mother: 'উম্মে হাবীবা',
        spouse: null,
        presentAddress: { division: 'ঢাকা', district: 'ঢাকা', upozila: 'উত্তরা' },
        permanentAddress: null,
      },
    });
  });

  it('keeps the address line (house, road) as written, spaces collapsed', () => {
    const result = validateApplicant({ ...valid, presentAddress: { division: 'ঢাকা', district: 'ঢাকা', upazila: 'উত্তরা', line: ' বাসা ১২,   রোড ৩ ' } }, TODAY);
    expect(result.ok && result.value.presentAddress).toEqual({ division: 'ঢাকা', district: 'ঢাকা', upozila: 'উত্তরা', line: 'বাসা ১২, রোড ৩' });
  });

  it('turns a 13-digit old number into 17 digits with the birth year', () => {
    const result = validateApplicant({ ...valid, nidNumber: '2699501359687' }, TODAY);
    expect(result.ok && result.value.nid).toBe('19782699501359687');
  });

  it.each<[string, Partial<ApplicantInput>, string[]]>([
    ['a short NID', { nidNumber: '12345' }, ['input.applicant.nidNumber:INVALID_NID']],
    ['letters in the NID', { nidNumber: '50904246AB' }, ['input.applicant.nidNumber:INVALID_NID']],
    ['a 17-digit NID of another birth year', { nidNumber: '19902699501359687' }, ['input.applicant.nidNumber:NID_BIRTH_YEAR_MISMATCH']],
    ['an impossible date', { dateOfBirth: '31/02/1990' }, ['input.applicant.dateOfBirth:INVALID_DATE_OF_BIRTH']],
    ['a future date of birth', { dateOfBirth: '2030-01-01' }, ['input.applicant.dateOfBirth:INVALID_DATE_OF_BIRTH']],
    ['a Bengali English name', { nameEn: 'আবদুস' }, ['input.applicant.nameEn:WRONG_SCRIPT']],
    ['an English Bengali name', { nameBn: 'Abdus Salam' }, ['input.applicant.nameBn:WRONG_SCRIPT']],
    ['a control character', { nameBn: 'আবদুস\u0007' }, ['input.applicant.nameBn:INVALID_CHARACTERS']],
    ['a bidi override', { nameEn: 'Abdus\u202eSalam' }, ['input.applicant.nameEn:INVALID_CHARACTERS']],
    ['an emoji', { nameEn: 'Abdus 😀' }, ['input.applicant.nameEn:INVALID_CHARACTERS']],
    ['digits in a name', { fatherName: 'Abdus 2' }, ['input.applicant.fatherName:INVALID_CHARACTERS']],
    ['an over-long name', { motherName: 'ক'.repeat(201) }, ['input.applicant.motherName:TOO_LONG']],
    ['a missing name', { nameEn: '  ' }, ['input.applicant.nameEn:REQUIRED']],
    [
      'an address without upazila',
      { presentAddress: { division: 'ঢাকা', district: 'ঢাকা', upazila: '' } },
      ['input.applicant.presentAddress.upazila:REQUIRED'],
    ],
    [
      'an over-long address line',
      { presentAddress: { division: 'ঢাকা', district: 'ঢাকা', upazila: 'উত্তরা', line: 'ক'.repeat(201) } },
      ['input.applicant.presentAddress.line:INVALID_ADDRESS'],
    ],
  ])('refuses %s with a code and the field', (_label, input, expected) => {
    expect(codes(input)).toEqual(expected);
  });

  it('accepts zero-width joiners inside Bengali names, which real keyboards produce', () => {
    expect(codes({ nameBn: 'আবদুস\u200c সালাম', fatherName: 'র\u200d্যাব' })).toEqual([]);
  });

  it('reports every problem at once', () => {
    expect(codes({ nidNumber: 'x', dateOfBirth: 'never', nameEn: '', nameBn: 'Abdus' })).toHaveLength(4);
  });
});
