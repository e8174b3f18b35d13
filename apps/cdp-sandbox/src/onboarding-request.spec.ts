import { checkOnboardingRequest } from './onboarding-request';

const NOW = Date.parse('2025-06-01T00:00:00Z');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]).toString('base64');

const valid = () => ({
  requestId: '3f0b6b1e-2f7a-4c53-9d1e-6a2b8c4d5e6f',
  channel: 'EKYC',
  customer: {
    idType: 'NID',
    idNumber: '8178233186',
    fullName: 'Mahmuda Khatun',
    dateOfBirth: '1988-03-28',
    nationality: 'BD',
    mobileNumber: '8801712345678',
    presentAddress: { upazila: 'গোলাপগঞ্জ', district: 'সিলেট', divisionCode: '60', countryCode: 'BD' },
  },
  trustedSource: { source: 'EC_NID', verifiedAt: '2025-05-31T10:00:00.000Z' },
  additionalInfo: { countryCode: 'BD', attributes: { NAME_BN: 'মাহমুদা খাতুন', FATHER_NAME: 'আবুল কালাম', MOTHER_NAME: 'রাশিদা খাতুন' } },
  documents: [{ documentType: 'FACE_IMAGE', mimeType: 'image/jpeg', content: JPEG }],
});
type Body = ReturnType<typeof valid> & Record<string, unknown>;
const check = (mutate: (b: Body) => void) => {
  const body = valid() as Body;
  mutate(body);
  return checkOnboardingRequest(body, NOW);
};
const fields = (result: ReturnType<typeof checkOnboardingRequest>) => (result.ok ? [] : result.problems.map((p) => [p.field, p.code]));

describe('checkOnboardingRequest', () => {
  it('accepts a complete request and returns what identifies it', () => {
    expect(check(() => undefined)).toEqual({
      ok: true,
      request: { requestId: valid().requestId, idType: 'NID', idNumber: '8178233186', fullName: 'Mahmuda Khatun' },
    });
  });

  it('reports every missing mandatory field at once, CDP-4001 first', () => {
    const result = check((b) => {
      delete (b.customer as Partial<Body['customer']>).mobileNumber;
      b.additionalInfo.attributes = { NAME_BN: 'x' } as Body['additionalInfo']['attributes'];
      b.documents = [];
      b.channel = 'FAX';
    });
    expect(result.ok || result.responseCode).toBe('CDP-4001');
    expect(fields(result)).toEqual(
      expect.arrayContaining([
        ['customer.mobileNumber', 'MANDATORY_FIELD_MISSING'],
        ['additionalInfo.attributes.FATHER_NAME', 'MANDATORY_FIELD_MISSING'],
        ['additionalInfo.attributes.MOTHER_NAME', 'MANDATORY_FIELD_MISSING'],
        ['documents[FACE_IMAGE]', 'MANDATORY_FIELD_MISSING'],
        ['channel', 'INVALID_MASTER_DATA'],
      ]),
    );
  });

  it('answers CDP-4002 for coded values outside the master data', () => {
    const result = check((b) => {
      b.customer.presentAddress.divisionCode = '99';
      b.customer.idType = 'DRIVING_LICENCE';
      (b.additionalInfo.attributes as Record<string, string>)['RELIGION'] = 'x';
      b.documents[0]!.mimeType = 'image/gif';
    });
    expect(result.ok || result.responseCode).toBe('CDP-4002');
    expect(fields(result)).toEqual([
      ['customer.idType', 'INVALID_MASTER_DATA'],
      ['customer.presentAddress.divisionCode', 'INVALID_MASTER_DATA'],
      ['additionalInfo.attributes.RELIGION', 'INVALID_MASTER_DATA'],
      ['documents[0].mimeType', 'INVALID_MASTER_DATA'],
    ]);
  });

  it('answers CDP-4003 for values in the wrong format', () => {
    const result = check((b) => {
      b.customer.idNumber = '12345';
      b.customer.dateOfBirth = '1988-02-30';
      b.customer.mobileNumber = '01712345678';
      b.trustedSource.verifiedAt = '2030-01-01T00:00:00Z';
      b.documents.push({ documentType: 'FACE_IMAGE', mimeType: 'image/png', content: 'not base64!' });
      b.documents.push({ documentType: 'ID_FRONT', mimeType: 'image/png', content: JPEG });
    });
    expect(result.ok || result.responseCode).toBe('CDP-4003');
    expect(fields(result)).toEqual([
      ['customer.idNumber', 'INVALID_FIELD_VALUE'],
      ['customer.dateOfBirth', 'INVALID_FIELD_VALUE'],
      ['customer.mobileNumber', 'INVALID_FIELD_VALUE'],
      ['trustedSource.verifiedAt', 'INVALID_FIELD_VALUE'],
      ['documents[1].documentType', 'INVALID_FIELD_VALUE'],
      ['documents[1].content', 'INVALID_FIELD_VALUE'],
      ['documents[2].content', 'INVALID_FIELD_VALUE'],
    ]);
  });
});
