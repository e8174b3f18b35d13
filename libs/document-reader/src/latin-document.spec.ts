import { panMatchesName, parsePanNumber, parseRegistrationMark } from './latin-document-reader';

describe('values of documents read by their labels', () => {
  it('reads a PAN by its structure, putting back what OCR confuses by position', () => {
    expect(parsePanNumber('ABCPS1234K')).toBe('ABCPS1234K');
    // 0 read for O among the letters, O and I among the digits.
    expect(parsePanNumber('AB0PS12O4K')).toBe('ABOPS1204K');
    expect(parsePanNumber('ABCPS I234 K')).toBe('ABCPS1234K');
    // The fourth letter names the holder's kind: X is none.
    expect(parsePanNumber('ABCXS1234K')).toBeNull();
    expect(parsePanNumber('Permanent Account Number')).toBeNull();
  });

  it("checks a person's PAN against the initial of their surname", () => {
    expect(panMatchesName('ABCPS1234K', 'ANITA SHARMA')).toBe(true);
    expect(panMatchesName('ABCPM1234K', 'ANITA SHARMA')).toBe(false);
    expect(panMatchesName('ABCPS1234K', null)).toBe(false);
    // A company's PAN carries its name's initial, which is not a surname: not checked.
    expect(panMatchesName('ABCCT1234K', 'ACME TRADERS LTD')).toBe(true);
  });

  it('reads a registration mark as its letters and digits', () => {
    expect(parseRegistrationMark('MH 12 AB 1234')).toBe('MH12AB1234');
    expect(parseRegistrationMark('AB12 CDE')).toBe('AB12CDE');
    expect(parseRegistrationMark('TOYOTA')).toBeNull();
    expect(parseRegistrationMark('12')).toBeNull();
  });
});
