import { parseNidBarcodePayload } from './barcode-payload';

const SIGNED_TAIL = '<FP>8A3F09C2D1</FP><F>Right Index</F><TYPE>A</TYPE><V>2.0</V><ds>302c02140a1b</ds>';

describe('parseNidBarcodePayload', () => {
  it('reads the NID, English name and date of birth of an old card', () => {
    expect(parseNidBarcodePayload(`<pin>19785012345678901</pin><name>MD ABDUL KARIM</name><DOB>23 Mar 1978</DOB>${SIGNED_TAIL}`)).toEqual({
      ok: true,
      value: { nidNumber: '19785012345678901', nameEn: 'MD ABDUL KARIM', dateOfBirth: '1978-03-23' },
    });
  });

  it('keeps a legacy 13-digit number as printed and tolerates tag case and stray spaces', () => {
    expect(parseNidBarcodePayload(`<PIN> 5012345678901 </PIN><Name>Rahima  Khatun</Name><dob>5 dec 1985</dob>`)).toEqual({
      ok: true,
      value: { nidNumber: '5012345678901', nameEn: 'RAHIMA KHATUN', dateOfBirth: '1985-12-05' },
    });
  });

  it.each([
    ['no tags at all', 'just some text'],
    ['a missing name', '<pin>19785012345678901</pin><DOB>23 Mar 1978</DOB>'],
    ['a date that does not exist', '<pin>19785012345678901</pin><name>A</name><DOB>31 Feb 1978</DOB>'],
    ['a PIN of the wrong length', '<pin>197850123</pin><name>A</name><DOB>23 Mar 1978</DOB>'],
    ['letters in the PIN', '<pin>19785O1234567890l</pin><name>A B</name><DOB>23 Mar 1978</DOB>'],
    ['a 17-digit PIN that does not start with the birth year', '<pin>19795012345678901</pin><name>A B</name><DOB>23 Mar 1978</DOB>'],
    ['an empty name', '<pin>19785012345678901</pin><name> </name><DOB>23 Mar 1978</DOB>'],
  ])('rejects %s with BARCODE_PAYLOAD_INVALID', (_name, text) => {
    expect(parseNidBarcodePayload(text)).toMatchObject({ ok: false, code: 'BARCODE_PAYLOAD_INVALID' });
  });
});
