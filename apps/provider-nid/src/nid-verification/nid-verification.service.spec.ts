import { nidVerificationRequest } from '@ekyc/provider-contracts';
import { toNidRequest } from './nid-verification.service';

const applicant = {
  nid: '5090424675',
  nameEn: '  Abdus   Salam ',
  name: 'আবদুস\u200c সালাম',
  dateOfBirth: '1978-03-23',
  father: 'আবদুস সাত্তার',
  mother: null,
  spouse: '   ',
  presentAddress: { division: 'ঢাকা', district: 'ঢাকা', upozila: ' উত্তরা ' },
  permanentAddress: null,
};

describe('toNidRequest', () => {
  it('identifies by the 10-digit number and sends canonical text, leaving out what the applicant did not declare', () => {
    const request = toNidRequest(applicant);
    expect(nidVerificationRequest.parse(request)).toEqual(request);
    expect(request.identify).toEqual({ nid10Digit: '5090424675', nid17Digit: null });
    expect(request.verify).toEqual({
      nameEn: 'Abdus Salam',
      name: 'আবদুস সালাম',
      dateOfBirth: '1978-03-23',
      father: 'আবদুস সাত্তার',
      mother: undefined,
      spouse: undefined,
      presentAddress: { division: 'ঢাকা', district: 'ঢাকা', upozila: 'উত্তরা' },
      permanentAddress: undefined,
    });
  });

  it('identifies by the 17-digit number when that is what was declared', () => {
    expect(toNidRequest({ ...applicant, nid: '19782699501359687' }).identify).toEqual({ nid10Digit: null, nid17Digit: '19782699501359687' });
  });
});
