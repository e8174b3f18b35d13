import { completeSubmissionInput, formFromSubmission, readingOf } from './review-form';

const read = {
  reviewOcrData: [
    { name: 'nidNumber', value: '9931097297', confidence: 96, accepted: true, source: 'ocr' },
    { name: 'nameEn', value: 'FARZANA YASMIN', confidence: 91, accepted: true, source: 'ocr' },
    { name: 'fatherName', value: 'মো?', confidence: 31, accepted: false, source: 'ocr' },
  ],
  missingFields: ['motherName'],
};

describe('the review form', () => {
  it('is filled with the accepted readings only', () => {
    const form = formFromSubmission(read);
    expect(form.applicant).toEqual({ nidNumber: '9931097297', nameEn: 'FARZANA YASMIN', nameBn: '', dateOfBirth: '', fatherName: '', motherName: '' });
    expect(readingOf(read, 'fatherName')).toEqual({ value: 'মো?', confidence: 31, accepted: false, source: 'ocr' });
    expect(readingOf(read, 'motherName')).toBe('missing');
    expect(readingOf(read, 'bloodGroup')).toBeNull();
  });

  it("becomes step 2's input with the agent's corrections, trimmed, and addresses only when given", () => {
    const form = formFromSubmission(read);
    form.applicant = { ...form.applicant, nameEn: ' Farzana Yasmin ', nameBn: 'ফারজানা ইয়াসমিন', dateOfBirth: '1978-03-02', fatherName: 'আবুল কাশেম', motherName: '' };
    form.presentAddress = { division: 'ঢাকা', district: 'গাজীপুর', upazila: 'কালীগঞ্জ' };
    Object.assign(form, { gender: 'female', profession: 'Teacher', nominee: 'Ambia Khatun', nomineeRelation: 'Mother', mobileNumber: '01812345678' });
    expect(completeSubmissionInput('s-1', form, 'SELFIE')).toEqual({
      submissionId: 's-1',
      applicant: {
        nidNumber: '9931097297',
        nameEn: 'Farzana Yasmin',
        nameBn: 'ফারজানা ইয়াসমিন',
        dateOfBirth: '1978-03-02',
        fatherName: 'আবুল কাশেম',
        motherName: null,
        presentAddress: { division: 'ঢাকা', district: 'গাজীপুর', upazila: 'কালীগঞ্জ' },
        permanentAddress: null,
      },
      gender: 'female',
      profession: 'Teacher',
      nominee: 'Ambia Khatun',
      nomineeRelation: 'Mother',
      mobileNumber: '01812345678',
      applicantPhoto: 'SELFIE',
    });
  });
});
