import { checkDigit } from './mrz-text';
import { parseTd1 } from './nid-reader';

/** A smart card's TD1 zone for a 10-digit NID: 9 characters, `<`, then the tenth digit and the check digit over all ten. */
function zone(nid: string, birth = '780323', expiry = '300920'): string[] {
  const line1 = `I<BGD${nid.slice(0, 9)}<${nid[9]}${checkDigit(nid)}`.padEnd(30, '<');
  const partial = `${birth}${checkDigit(birth)}M${expiry}${checkDigit(expiry)}BGD`.padEnd(29, '<');
  const composite = checkDigit(line1.slice(5, 30) + partial.slice(0, 7) + partial.slice(8, 15) + partial.slice(18, 29));
  return [line1, `${partial}${composite}`, 'SALAM<<ABDUS<<<<<<<<<<<<<<<<<<'];
}

describe('parseTd1', () => {
  it('reads a 10-digit NID that overflows its field, and the birth date, with every check digit', () => {
    expect(parseTd1(zone('9037497136'))).toEqual({
      documentNumber: '9037497136',
      documentNumberValid: true,
      birthDate: '780323',
      birthDateValid: true,
      compositeValid: true,
      name: 'ABDUS SALAM',
    });
  });

  it('refuses a misread digit that a lenient parser lets through', () => {
    // The `mrz` package accepts this document number's check digit; ICAO 9303's rule over all ten digits does not.
    const misread = zone('9037497136');
    misread[0] = misread[0]!.replace('BGD903', 'BGD983');
    expect(parseTd1(misread)).toMatchObject({ documentNumber: '9837497136', documentNumberValid: false, compositeValid: false });
  });

  it('is null for lines of the wrong shape', () => {
    expect(parseTd1(['I<BGD', 'x', 'y'])).toBeNull();
  });
});
