import { addressParts, completeSubmissionInput, formFromSubmission, readingOf, reviewProblems } from './review-form';

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
    form.applicant = {
      ...form.applicant,
      nameEn: ' Farzana Yasmin ',
      nameBn: 'ফারজানা ইয়াসমিন',
      dateOfBirth: '1978-03-02',
      fatherName: 'আবুল কাশেম',
      motherName: '',
    };
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

  it("splits the card's address into upazila, district and division, leaving out what the card does not say", () => {
    expect(addressParts('মোহনগঞ্জ, নেত্রকোণা, ময়মনসিংহ')).toEqual({ upazila: 'মোহনগঞ্জ', district: 'নেত্রকোণা', division: 'ময়মনসিংহ' });
    expect(addressParts('বাসা/হোল্ডিং: ২৮, গ্রাম/রাস্তা: স্টেশন রোড, ডাকঘর: সিলেট সদর - ৩২২৬, সিলেট সদর, সিলেট')).toEqual({
      upazila: 'সিলেট সদর',
      district: 'সিলেট',
      division: 'সিলেট',
    });
    // A part that is a label and its value is no upazila.
    expect(addressParts('ডাকঘর: কালীগঞ্জ - ১৭২০, গাজীপুর')).toEqual({ upazila: '', district: 'গাজীপুর', division: '' });
    expect(addressParts('')).toEqual({ upazila: '', district: '', division: '' });
    const form = formFromSubmission({ reviewOcrData: [{ name: 'address', value: 'উত্তরা, ঢাকা, ঢাকা', confidence: 60, accepted: false, source: 'ocr' }] });
    expect(form.presentAddress).toEqual({ upazila: 'উত্তরা', district: 'ঢাকা', division: 'ঢাকা' });
    expect(form.permanentAddress).toEqual({ upazila: '', district: '', division: '' });
  });

  it('names every required field left empty, a mobile number that is not one, and a half-filled address, before the selfie', () => {
    const form = formFromSubmission(read);
    form.presentAddress = { division: 'ঢাকা', district: '', upazila: '' };
    form.mobileNumber = '1812345678';
    expect(reviewProblems(form).map((p) => `${p.code} ${p.field}`)).toEqual([
      'REQUIRED input.applicant.nameBn',
      'REQUIRED input.applicant.dateOfBirth',
      'REQUIRED input.gender',
      'REQUIRED input.profession',
      'REQUIRED input.nominee',
      'REQUIRED input.nomineeRelation',
      'INVALID_MOBILE_NUMBER input.mobileNumber',
      'REQUIRED input.applicant.presentAddress.district',
      'REQUIRED input.applicant.presentAddress.upazila',
    ]);
    Object.assign(form, { gender: 'female', profession: 'Teacher', nominee: 'Ambia Khatun', nomineeRelation: 'Mother', mobileNumber: '+880 1812-345678' });
    form.applicant = { ...form.applicant, nameBn: 'ফারজানা ইয়াসমিন', dateOfBirth: '1978-03-02' };
    form.presentAddress = { division: 'ঢাকা', district: 'গাজীপুর', upazila: 'কালীগঞ্জ' };
    expect(reviewProblems(form)).toEqual([]);
  });
});
