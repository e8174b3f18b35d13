import { NID_DESIGNED_MESSAGES, NID_MESSAGES } from '@ekyc/provider-contracts';
import { checkVerificationRequest } from './verification-request';

const verify = { nameEn: 'Abdus Salam' };
const error = (body: Record<string, unknown>) => {
  const check = checkVerificationRequest(body);
  if (check.ok) throw new Error('expected a refusal');
  return { status: check.answer.status, error: (check.answer.body as { error: unknown }).error };
};

describe('checkVerificationRequest', () => {
  it('accepts a 10-digit or 17-digit lookup, trimming and ignoring nulls', () => {
    expect(checkVerificationRequest({ identify: { nid10Digit: ' 5090424675 ', nid17Digit: null }, verify })).toEqual({
      ok: true,
      lookup: { field: 'nid10Digit', nid10: '5090424675' },
      verify,
    });
    expect(checkVerificationRequest({ identify: { nid17Digit: '19722699501359687', nid10Digit: null }, verify: { ...verify, spouse: null } })).toMatchObject({
      ok: true,
      lookup: { field: 'nid17Digit', nid17: '19722699501359687' },
    });
  });

  it('refuses a request without either national id', () => {
    for (const identify of [undefined, {}, { nid10Digit: null, nid17Digit: '' }]) {
      expect(error({ identify, verify })).toEqual({ status: 400, error: { field: 'nid10Digit/nid17Digit', message: NID_MESSAGES.missingIdentifier } });
    }
  });

  it('names every field it does not search or verify by', () => {
    expect(error({ identify: { nid10Digit: '5090424675', blood: 'B+' }, verify: { ...verify, gender: 'male' } })).toEqual({
      status: 400,
      error: { field: 'blood/gender', message: NID_MESSAGES.fieldNotAllowed },
    });
    expect(error({ identify: { nid10Digit: '5090424675' }, verify: { presentAddress: { village: 'x' } } }).error).toMatchObject({
      field: 'presentAddress.village',
    });
  });

  it('refuses a missing or empty verify block', () => {
    for (const block of [undefined, null, {}, { spouse: '', presentAddress: { division: ' ' } }]) {
      expect(error({ identify: { nid10Digit: '5090424675' }, verify: block })).toEqual({
        status: 400,
        error: { field: 'verify', message: NID_MESSAGES.missingVerify },
      });
    }
  });

  it('refuses a national id that is not 10 or 17 digits (designed)', () => {
    expect(error({ identify: { nid10Digit: '12345' }, verify })).toEqual({
      status: 400,
      error: { field: 'nid10Digit', message: NID_DESIGNED_MESSAGES.invalidNationalId },
    });
    expect(error({ identify: { nid17Digit: '1972269950135968X' }, verify }).error).toMatchObject({ field: 'nid17Digit' });
  });

  it('treats a verify field of the wrong type as an unreadable body', () => {
    expect(error({ identify: { nid10Digit: '5090424675' }, verify: { nameEn: 42 } })).toEqual({ status: 400, error: { message: NID_MESSAGES.unreadable } });
  });
});
