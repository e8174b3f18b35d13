import { readAamva } from './drivers-licence-reader';

/** AAMVA DL/ID 2016 (version 10) record as a Washington licence carries it: header, one DL subfile. */
const subfile = ['DLDAQS9737835', 'DCSMARTINEZ', 'DDEN', 'DACJAMES', 'DDFN', 'DADNONE', 'DDGN', 'DCAC', 'DBD05122024', 'DBB09031970', 'DBA05122032', 'DBC1', 'DAG5970 LAKE RD', 'DAIOLYMPIA', 'DAJWA', 'DAK985010000  ', 'DCGUSA'].join('\n') + '\n\r';
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
