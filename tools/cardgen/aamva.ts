import type { ForeignPerson } from './foreign-person';

/**
 * The PDF417 text of a US driver's licence in the AAMVA DL/ID Card Design Standard (2016, version 10), Annex D: the
 * header (compliance `@`, separators, `ANSI `, the issuer's IIN, versions, one subfile designator) and the `DL`
 * subfile of three-letter elements, each ended by a line feed, the subfile by a carriage return.
 */
export const JURISDICTIONS: Record<string, { iin: string; name: string }> = {
  CA: { iin: '636014', name: 'CALIFORNIA' },
  TX: { iin: '636015', name: 'TEXAS' },
  NY: { iin: '636001', name: 'NEW YORK' },
  FL: { iin: '636010', name: 'FLORIDA' },
  IL: { iin: '636035', name: 'ILLINOIS' },
  WA: { iin: '636045', name: 'WASHINGTON' },
  AZ: { iin: '636026', name: 'ARIZONA' },
  CO: { iin: '636020', name: 'COLORADO' },
  MA: { iin: '636002', name: 'MASSACHUSETTS' },
  OH: { iin: '636023', name: 'OHIO' },
  GA: { iin: '636055', name: 'GEORGIA' },
  OR: { iin: '636029', name: 'OREGON' },
};

export interface LicenceData {
  person: ForeignPerson;
  licenceNumber: string;
  /** ISO dates. */
  issueDate: string;
  expiryDate: string;
  documentDiscriminator: string;
}

/** `YYYY-MM-DD` → `MMDDCCYY`, the US order of the standard. */
const usDate = (iso: string) => `${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(0, 4)}`;

export function aamvaPayload(data: LicenceData): string {
  const { person } = data;
  const jurisdiction = JURISDICTIONS[person.address.region];
  if (!jurisdiction) throw new Error(`no IIN for jurisdiction ${person.address.region}`);
  const [first, ...middle] = person.givenNames.split(' ');
  const elements: Array<[string, string]> = [
    ['DAQ', data.licenceNumber],
    ['DCS', person.surname],
    ['DDE', 'N'],
    ['DAC', first ?? ''],
    ['DDF', 'N'],
    ['DAD', middle.join(' ') || 'NONE'],
    ['DDG', 'N'],
    ['DCA', 'C'],
    ['DCB', 'NONE'],
    ['DCD', 'NONE'],
    ['DBD', usDate(data.issueDate)],
    ['DBB', usDate(person.dateOfBirth)],
    ['DBA', usDate(data.expiryDate)],
    ['DBC', person.sex === 'M' ? '1' : '2'],
    ['DAU', '068 IN'],
    ['DAY', 'BRO'],
    ['DAG', person.address.street],
    ['DAI', person.address.city],
    ['DAJ', person.address.region],
    ['DAK', person.address.postalCode.padEnd(11, '0')],
    ['DCF', data.documentDiscriminator],
    ['DCG', 'USA'],
    ['DDA', 'F'],
    ['DDB', '08292017'],
  ];
  const subfile = `DL${elements.map(([id, value]) => `${id}${value}`).join('\n')}\n\r`;
  const entries = 1;
  const headerLength = 21 + 10 * entries;
  const header = `@\n\u001e\rANSI ${jurisdiction.iin}1000${String(entries).padStart(2, '0')}DL${String(headerLength).padStart(4, '0')}${String(subfile.length).padStart(4, '0')}`;
  return header + subfile;
}
