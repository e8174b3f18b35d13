import { cdpOnboardingRequest } from '@ekyc/provider-contracts';
import { divisionCodeOf, ekycReport, toCdpOnboardingRequest, toMsisdn } from './onboarding-request';

const APPLICATION = '9b2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7b';
const applicant = {
  nid: '8178233186',
  nameEn: '  Mahmuda   Khatun ',
  name: 'মাহমুদা\u200c খাতুন',
  dateOfBirth: '1988-03-28',
  father: 'আবুল কালাম',
  mother: 'রাশিদা খাতুন',
  spouse: '   ',
  presentAddress: { division: 'সিলেট', district: 'সিলেট', upozila: ' গোলাপগঞ্জ ' },
  permanentAddress: { division: 'ময়মনসিংহ', district: 'নেত্রকোনা', upozila: 'কেন্দুয়া' },
};
const face = { documentType: 'FACE_IMAGE', mimeType: 'image/jpeg', content: '/9j/' };

describe('toCdpOnboardingRequest', () => {
  it('builds a request the designed contract accepts, keyed by the application id', () => {
    const request = toCdpOnboardingRequest({
      applicationId: APPLICATION,
      applicant,
      mobileNumber: '01712345678',
      verifiedAt: new Date('2025-06-01T10:00:00Z'),
      nidResult: {
        outcome: 'verified',
        fields: [
          { field: 'nameEn', matched: true },
          { field: 'spouse', matched: false },
        ],
      },
      documents: [face],
    });
    expect(cdpOnboardingRequest.parse(request)).toEqual(request);
    expect(request).toMatchObject({
      requestId: APPLICATION,
      channel: 'EKYC',
      customer: {
        idType: 'NID',
        idNumber: '8178233186',
        fullName: 'Mahmuda Khatun',
        mobileNumber: '8801712345678',
        presentAddress: { upazila: 'গোলাপগঞ্জ', district: 'সিলেট', divisionCode: '60', countryCode: 'BD' },
        permanentAddress: { divisionCode: '45' },
      },
      trustedSource: { source: 'EC_NID', verifiedAt: '2025-06-01T10:00:00.000Z', verifiedFields: ['nameEn'] },
      additionalInfo: { countryCode: 'BD', attributes: { NAME_BN: 'মাহমুদা খাতুন', FATHER_NAME: 'আবুল কালাম', MOTHER_NAME: 'রাশিদা খাতুন' } },
      documents: [face],
    });
    expect(request.additionalInfo.attributes).not.toHaveProperty('SPOUSE_NAME');
  });

  it("sends the address line (house, road) as the CDP's addressLine", () => {
    const withLine = { ...applicant, presentAddress: { division: 'সিলেট', district: 'সিলেট', upozila: 'গোলাপগঞ্জ', line: 'বাসা ১২, রোড ৩' } };
    const request = toCdpOnboardingRequest({
      applicationId: APPLICATION,
      applicant: withLine,
      mobileNumber: null,
      verifiedAt: new Date(),
      nidResult: null,
      documents: [],
    });
    expect(request.customer.presentAddress).toEqual({
      addressLine: 'বাসা ১২, রোড ৩',
      upazila: 'গোলাপগঞ্জ',
      district: 'সিলেট',
      divisionCode: '60',
      countryCode: 'BD',
    });
  });

  it('leaves out what the applicant did not declare, for the CDP to name', () => {
    const request = toCdpOnboardingRequest({
      applicationId: APPLICATION,
      applicant: { ...applicant, father: null, presentAddress: null, permanentAddress: null },
      mobileNumber: null,
      verifiedAt: new Date(),
      nidResult: null,
      documents: [],
    });
    expect(request.customer).not.toHaveProperty('presentAddress');
    expect(request.additionalInfo.attributes).not.toHaveProperty('FATHER_NAME');
  });
});

describe('helpers', () => {
  it('maps division names in either script to their geocode', () => {
    expect([divisionCodeOf('ঢাকা'), divisionCodeOf('chattogram'), divisionCodeOf('ময়মনসিংহ'), divisionCodeOf('Atlantis')]).toEqual([
      '30',
      '20',
      '45',
      'Atlantis',
    ]);
  });

  it('writes mobile numbers as MSISDNs', () => {
    expect([toMsisdn('01712345678'), toMsisdn('+8801712345678')]).toEqual(['8801712345678', '8801712345678']);
  });

  it('reports the decision without personal data', () => {
    const doc = ekycReport({
      applicationId: APPLICATION,
      documentType: 'nid_smart',
      applicationStatus: 'passed',
      decidedAt: new Date('2025-06-01T10:00:00Z'),
      nidResult: { outcome: 'verified', fields: [] },
      generatedAt: new Date('2025-06-01T10:00:01Z'),
    });
    expect(doc).toMatchObject({ documentType: 'EKYC_REPORT', mimeType: 'application/json' });
    expect(JSON.parse(Buffer.from(doc.content, 'base64').toString('utf8'))).toMatchObject({
      applicationId: APPLICATION,
      decision: 'passed',
      nidVerification: { outcome: 'verified' },
    });
  });
});
