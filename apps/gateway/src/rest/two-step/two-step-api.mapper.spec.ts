import { twoStepStep1Response, type TwoStepStep2Form } from '@ekyc/partner-api';
import type { OcrFieldView, SubmissionRead } from '../operations';
import {
  contractFieldName,
  maskIdentityNumber,
  toTwoStepStep1Response,
  twoStepStep1FieldOf,
  twoStepStep2FieldOf,
  twoStepStep2Input,
  twoStepStep2Problems,
} from './two-step-api.mapper';

const ID = '0b6c8f5e-8f3a-4c1e-9d2b-5a7e6f1c2d3b';
const url = (side: 'front' | 'back') => `http://gw/v3/submission/${ID}/images/${side}`;

describe('maskIdentityNumber', () => {
  it('keeps the first digit and hides the rest, the last four above all', () => {
    expect(maskIdentityNumber('5090424675')).toBe('5*********');
    expect(maskIdentityNumber('19805558274157487')).toBe('1****************');
    expect(maskIdentityNumber('900101-1234567')).toBe('9*****-*******');
    expect(maskIdentityNumber('')).toBe('');
  });
});

const nidRead = (over: Partial<SubmissionRead> = {}): SubmissionRead => ({
  id: ID,
  kycStatus: 'pending',
  retryCount: 1,
  retry: null,
  reviewOcrData: [
    { name: 'nidNumber', value: '5090424675', accepted: true },
    { name: 'nameEn', value: 'ABDUS SALAM', accepted: true },
    { name: 'nameBn', value: 'আবদুস সালাম', accepted: true },
    { name: 'dateOfBirth', value: '1978-03-23', accepted: true },
    { name: 'issueDate', value: '2017-05-12', accepted: false },
    { name: 'address', value: 'কুমারখালী, কুষ্টিয়া, খুলনা', accepted: true },
  ],
  documentFields: [
    { name: 'nidNumber', present: true },
    { name: 'nameEn', present: true },
    { name: 'dateOfBirth', present: true },
    { name: 'issueDate', present: true },
    { name: 'sex', present: false },
    { name: 'expiryDate', present: false },
  ],
  missingFields: ['issueDate'],
  fileUpload: true,
  fileBackUpload: true,
  ...over,
});

describe('toTwoStepStep1Response', () => {
  it("answers a NID read in the contract's keys, the number masked", () => {
    const body = toTwoStepStep1Response(nidRead(), url);
    expect(body).toEqual({
      document_fields: {
        identityNumber: true,
        name: true,
        birthDate: true,
        issueDate: true,
        gender: false,
        expireDate: false,
        idNumber: false,
        nationality: false,
        number: false,
        serialNumber: false,
        documentNumber: false,
      },
      missing_fields: ['issueDate'],
      reviewOCRData: {
        ocr_identityNumber: '5*********',
        accepted_ocr_identityNumber: true,
        ocr_name: 'ABDUS SALAM',
        accepted_ocr_name: true,
        ocr_nameBn: 'আবদুস সালাম',
        accepted_ocr_nameBn: true,
        ocr_birthDate: '1978-03-23',
        accepted_ocr_birthDate: true,
        ocr_issueDate: '2017-05-12',
        accepted_ocr_issueDate: false,
        ocr_address: 'কুমারখালী, কুষ্টিয়া, খুলনা',
        accepted_ocr_address: true,
      },
      submissionId: ID,
      idImage: url('front'),
      idBackImage: url('back'),
      file_upload: true,
      file_back_upload: true,
      kycStatus: 'pending',
      retryCount: 1,
    });
    expect(twoStepStep1Response.parse(body)).toEqual(body);
  });

  it('says why a try is incomplete, and leaves reviewOCRData out when nothing was read', () => {
    const body = toTwoStepStep1Response(
      nidRead({ kycStatus: 'incomplete', retry: { code: 'CARD_NOT_FOUND', message: 'no card in the photo' }, reviewOcrData: [], fileBackUpload: false }),
      url,
    );
    expect(body).toMatchObject({ kycStatus: 'incomplete', retry: 'CARD_NOT_FOUND: no card in the photo', idBackImage: null, file_back_upload: false });
    expect(body).not.toHaveProperty('reviewOCRData');
  });

  it('leaves out what an incomplete try read, however much: the contract returns reviewOCRData only on success', () => {
    const read = nidRead({
      kycStatus: 'incomplete',
      retry: { code: 'FIELDS_UNREADABLE', message: 'could not read nidNumber' },
      reviewOcrData: [{ name: 'nameEn', value: 'RN8 %% JUNK', accepted: false }],
    });
    expect(toTwoStepStep1Response(read, url)).not.toHaveProperty('reviewOCRData');
  });

  it("gives a passport the contract's name, gender and expireDate", () => {
    const passport = nidRead({
      reviewOcrData: [
        { name: 'documentNumber', value: 'A01234567', accepted: true },
        { name: 'surname', value: 'SALAM', accepted: true },
        { name: 'givenNames', value: 'ABDUS', accepted: true },
        { name: 'sex', value: 'M', accepted: true },
        { name: 'nationality', value: 'BGD', accepted: true },
        { name: 'expiryDate', value: '2030-01-01', accepted: true },
        { name: 'personalNumber', value: '5090424675', accepted: true },
      ],
      // As the service lists them: every field the reader knows, those the document does not carry as false.
      documentFields: [
        { name: 'nameEn', present: false },
        { name: 'surname', present: true },
        { name: 'givenNames', present: true },
        { name: 'sex', present: true },
        { name: 'documentNumber', present: true },
      ],
      fileBackUpload: false,
    });
    const body = toTwoStepStep1Response(passport, url);
    // Every key of the contract's table, `number` as `documentNumber` (the Step 1 Sample's name for it).
    expect(body.document_fields).toEqual({
      lastName: true,
      firstName: true,
      gender: true,
      name: true,
      documentNumber: true,
      number: true,
      serialNumber: false,
      expireDate: false,
      idNumber: false,
      identityNumber: false,
      issueDate: false,
      nationality: false,
      birthDate: false,
    });
    expect(body.reviewOCRData).toMatchObject({
      ocr_documentNumber: 'A01234567',
      ocr_lastName: 'SALAM',
      ocr_firstName: 'ABDUS',
      ocr_name: 'ABDUS SALAM',
      accepted_ocr_name: true,
      ocr_gender: 'male',
      ocr_nationality: 'BGD',
      ocr_expireDate: '2030-01-01',
      ocr_idNumber: '5*********',
    });
  });

  it('names fields as the contract does, and graph fields as the form does', () => {
    expect(contractFieldName('dateOfBirth')).toBe('birthDate');
    expect(contractFieldName('fatherName')).toBe('fatherName');
    expect(twoStepStep1FieldOf('input.customOptions.ageLimit')).toBe('customOptions');
    expect(twoStepStep1FieldOf('input.idType')).toBe('idType');
    expect(twoStepStep2FieldOf('input.applicant.permanentAddress.upazila')).toBe('permanentAddress');
    expect(twoStepStep2FieldOf('input.applicant.nameBn')).toBe('nameBn');
    expect(twoStepStep2FieldOf('input.mobileNumber')).toBe('mobileNumber');
  });
});

const read: OcrFieldView[] = nidRead().reviewOcrData;
const form = (over: Partial<TwoStepStep2Form> = {}): TwoStepStep2Form => ({
  submissionId: ID,
  gender: 'Male',
  profession: 'Engineer',
  nominee: 'Ambia Khatun',
  nomineeRelation: 'Mother',
  mobileNumber: '01785478964',
  ...over,
});

describe('twoStepStep2Input', () => {
  it('takes the applicant step 1 read and accepted where the form leaves it out', () => {
    expect(twoStepStep2Input(form({ fatherName: 'আবদুস সাত্তার' }), read)).toEqual({
      ok: true,
      input: {
        submissionId: ID,
        applicant: {
          nidNumber: '5090424675',
          nameEn: 'ABDUS SALAM',
          nameBn: 'আবদুস সালাম',
          dateOfBirth: '1978-03-23',
          fatherName: 'আবদুস সাত্তার',
          motherName: null,
          permanentAddress: { upazila: 'কুমারখালী', district: 'কুষ্টিয়া', division: 'খুলনা' },
        },
        gender: 'male',
        profession: 'Engineer',
        nominee: 'Ambia Khatun',
        nomineeRelation: 'Mother',
        mobileNumber: '01785478964',
      },
    });
  });

  it('prefers what the form sends, addresses parsed', () => {
    const mapped = twoStepStep2Input(form({ nameEn: 'Abdus Salam', presentAddress: 'বাড়ি ৩, মোহাম্মদপুর, ঢাকা, ঢাকা' }), read);
    expect(mapped).toMatchObject({
      ok: true,
      input: { applicant: { nameEn: 'Abdus Salam', presentAddress: { upazila: 'মোহাম্মদপুর', district: 'ঢাকা', division: 'ঢাকা' } } },
    });
  });

  it('reports a required field neither sent nor read, a bad address and a bad gender on their fields, all at once', () => {
    const unread = read.filter((f) => f.name !== 'nameBn' && f.name !== 'dateOfBirth');
    expect(twoStepStep2Input(form(), unread)).toMatchObject({
      ok: false,
      problems: [
        { code: 'REQUIRED', field: 'nameBn' },
        { code: 'REQUIRED', field: 'dateOfBirth' },
      ],
    });
    expect(twoStepStep2Input(form({ presentAddress: 'ঢাকা' }), read)).toMatchObject({
      ok: false,
      problems: [{ code: 'INVALID_ADDRESS', field: 'presentAddress' }],
    });
    expect(twoStepStep2Input(form({ gender: 'unknown', permanentAddress: 'ঢাকা' }), unread)).toMatchObject({
      ok: false,
      problems: [
        { field: 'nameBn' },
        { field: 'dateOfBirth' },
        { code: 'INVALID_ADDRESS', field: 'permanentAddress' },
        { code: 'INVALID_GENDER', field: 'gender' },
      ],
    });
  });

  it('checks a partly filled form as far as it goes, the applicant only once the read is known', () => {
    expect(twoStepStep2Problems({ gender: 'unknown' }, null).map((p) => p.field)).toEqual(['gender']);
    expect(
      twoStepStep2Problems(
        { gender: 'male' },
        read.filter((f) => f.name !== 'nameEn'),
      ).map((p) => [p.code, p.field]),
    ).toEqual([['REQUIRED', 'nameEn']]);
  });
});
