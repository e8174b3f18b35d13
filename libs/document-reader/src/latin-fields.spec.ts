import type { RowRead } from './line-ocr';
import { GENERIC_LABELS, ISO_LICENCE_LABELS, latinValues, matchLabel, PAN_LABELS, parseDocumentNumber, parseLatinDate, VEHICLE_LABELS } from './latin-fields';

const row = (...texts: string[]): RowRead => ({
  row: { box: { x: 0, y: 0, w: 1, h: 1 }, segments: [], textHeight: 10 },
  words: texts.map((text, i) => ({ text, confidence: 90, x0: i * 10, x1: i * 10 + 8 })),
});

describe('labelled fields of Latin-script documents', () => {
  it('finds labels with their AAMVA field numbers, tolerating one misread letter in long labels', () => {
    expect(matchLabel(['4d', 'DLN', 'D1234567'])).toEqual({ field: 'documentNumber', length: 2 });
    expect(matchLabel(['EXPIRES:', '08/31/2029'])).toEqual({ field: 'expiryDate', length: 1 });
    expect(matchLabel(['DATE', 'OF', 'BIRTN', '01.02.1980'])).toEqual({ field: 'dateOfBirth', length: 3 });
    // Short labels must be read exactly: DOS is not DOB.
    expect(matchLabel(['DOS', '01/02/1980'])).toBeNull();
  });

  it('takes the value after its label on the same row, several per row, or from the next row when the label stands alone', () => {
    const values = latinValues([row('4a', 'ISS', '05/12/2024', '15SEX', 'M'), row('LAST', 'NAME'), row('SHARMA'), row('DL', 'P4623547')]);
    expect(values.map((v) => [v.field, v.raw])).toEqual([
      ['issueDate', '05/12/2024'],
      ['sex', 'M'],
      ['surname', 'SHARMA'],
      ['documentNumber', 'P4623547'],
    ]);
  });

  it('reads dates in the order of the issuing country, and refuses dates that do not exist', () => {
    expect(parseLatinDate('08/31/2029', true)).toBe('2029-08-31');
    expect(parseLatinDate('31.08.2029', false)).toBe('2029-08-31');
    expect(parseLatinDate('2029-08-31', true)).toBe('2029-08-31');
    expect(parseLatinDate('31 AUG 2029', true)).toBe('2029-08-31');
    expect(parseLatinDate('O8/3I/2029', true)).toBe('2029-08-31');
    expect(parseLatinDate('02/30/2029', true)).toBeNull();
    expect(parseLatinDate('31/08/2029', true)).toBeNull();
  });

  it('reads a document number with a letter OCR took for a sign', () => {
    expect(parseDocumentNumber('$9737835')).toBe('S9737835');
    expect(parseDocumentNumber('CLASS C')).toBeNull();
  });
});

describe('labels of other document families', () => {
  it('finds a label whose words OCR glued together, in the family that has it', () => {
    expect(matchLabel(['RegistrationNo', 'MH', '46'], VEHICLE_LABELS)).toEqual({ field: 'documentNumber', length: 1 });
    expect(matchLabel(["Owner's", 'Name', 'SOFIA'], VEHICLE_LABELS)).toEqual({ field: 'fullName', length: 2 });
    // A licence's label means nothing on a registration certificate.
    expect(matchLabel(['DOB', '01.02.1980'], VEHICLE_LABELS)).toBeNull();
    expect(matchLabel(["FATHER'S", 'NAME', 'RAMESH'], PAN_LABELS)).toEqual({ field: 'fatherName', length: 2 });
    expect(matchLabel(['5.', 'D1234567'], ISO_LICENCE_LABELS)).toEqual({ field: 'documentNumber', length: 1 });
    expect(matchLabel(['Citizenship', 'NLD'], GENERIC_LABELS)).toEqual({ field: 'nationality', length: 1 });
  });

  it('reads a date whose separator OCR lost as a space', () => {
    expect(parseLatinDate('24 07.2029', false)).toBe('2029-07-24');
  });
});
