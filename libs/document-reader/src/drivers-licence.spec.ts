import { interpretFront, readAamva } from './drivers-licence-reader';

/** AAMVA DL/ID 2016 (version 10) record as a Washington licence carries it: header, one DL subfile. */
const subfile =
  [
    'DLDAQS9737835',
    'DCSMARTINEZ',
    'DDEN',
    'DACJAMES',
    'DDFN',
    'DADNONE',
    'DDGN',
    'DCAC',
    'DBD05122024',
    'DBB09031970',
    'DBA05122032',
    'DBC1',
    'DAG5970 LAKE RD',
    'DAIOLYMPIA',
    'DAJWA',
    'DAK985010000  ',
    'DCGUSA',
  ].join('\n') + '\n\r';
const record = `@\n\u001e\rANSI 636045100001DL0031${String(subfile.length).padStart(4, '0')}${subfile}`;

describe("driver's licence barcode (AAMVA)", () => {
  it('reads the licence number, names, dates, sex, jurisdiction and address', () => {
    expect(readAamva(record)).toEqual({
      fields: {
        documentNumber: 'S9737835',
        surname: 'MARTINEZ',
        givenNames: 'JAMES',
        dateOfBirth: '1970-09-03',
        expiryDate: '2032-05-12',
        issueDate: '2024-05-12',
        sex: 'M',
        issuingState: 'WA',
        address: '5970 LAKE RD, OLYMPIA, WA 98501',
      },
      country: 'USA',
      version: '10',
    });
  });

  it('refuses a barcode that is not an AAMVA record, or lacks the number, surname or birth date', () => {
    expect(readAamva('<pin>19851234567890123</pin><name>X</name>')).toBeNull();
    expect(readAamva(record.replace('DAQS9737835\n', ''))).toBeNull();
  });
});

describe("driver's licence front", () => {
  const row = (...texts: string[]) => ({
    row: { box: { x: 0, y: 0, w: 1, h: 1 }, segments: [], textHeight: 10 },
    words: texts.map((text, i) => ({ text, confidence: 95, x0: i * 10, x1: i * 10 + 8 })),
  });

  it('places a date whose label was lost by the order birth, issue, expiry, unlabelled (for review)', () => {
    const values = interpretFront([row('DL', 'D1234567'), row('EXP', '05/12/2032'), row('09/03/1970'), row('ISS', '05/12/2024')], true);
    expect(values.dateOfBirth).toEqual({ value: '1970-09-03', raw: '09/03/1970', confidence: 95, labelled: false });
    expect(values.issueDate).toMatchObject({ value: '2024-05-12', labelled: true });
    expect(values.expiryDate).toMatchObject({ value: '2032-05-12', labelled: true });
  });

  it('takes the two rows of letters after the number as the names when their field numbers are lost', () => {
    const values = interpretFront([row('4d', 'DLN', 'S9737835'), row('MARTINEZ'), row('JAMES'), row('3', 'DOB', '09/03/1970')], true);
    expect([values.surname?.value, values.givenNames?.value, values.surname?.labelled]).toEqual(['MARTINEZ', 'JAMES', false]);
  });
});
