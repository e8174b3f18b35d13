import { normalizeBdMobileNumber, type MobileNumberResult } from './mobile-number';

const accepted = (value: string): MobileNumberResult => ({ ok: true, value });

describe('normalizeBdMobileNumber', () => {
  it.each([
    ['the local form', '01712345678'],
    ['the +880 international form', '+8801712345678'],
    ['the 880 form without plus', '8801712345678'],
    ['spaces', '017 1234 5678'],
    ['hyphens', '017-1234-5678'],
    ['parentheses, spaces and hyphens', '+88 (017) 1234-5678'],
    ['dots', '017.1234.5678'],
    ['surrounding whitespace and a non-breaking space', ' \t017\u00a012345678\n'],
    ['Bengali digits', '০১৭১২৩৪৫৬৭৮'],
    ['Bengali digits with +৮৮০', '+৮৮০১৭১২৩৪৫৬৭৮'],
    ['full-width digits (NFKC)', '０１７１２３４５６７８'],
    ['a full-width plus sign (NFKC)', '＋８８０１７１２３４５６７８'],
    ['zero-width joiners and spaces inside', '017\u200d1234\u200b5678\u200c'],
    ['a byte-order mark in front', '\ufeff01712345678'],
  ])('normalises %s to 01712345678', (_label, raw) => {
    expect(normalizeBdMobileNumber(raw)).toEqual(accepted('01712345678'));
  });

  it.each(['013', '014', '015', '016', '017', '018', '019'])('accepts operator prefix %s', (prefix) => {
    expect(normalizeBdMobileNumber(`${prefix}12345678`)).toEqual(accepted(`${prefix}12345678`));
  });

  it.each([
    ['an empty string', ''],
    ['only separators', ' - ( ) '],
    ['operator prefix 012', '01212345678'],
    ['operator prefix 011', '01112345678'],
    ['operator prefix 010', '01012345678'],
    ['a landline number', '0212345678'],
    ['one digit too few', '0171234567'],
    ['one digit too many', '017123456789'],
    ['+880 with one digit too many', '+88017123456789'],
    ['letters', '0171234567a'],
    ['a word', 'mobile'],
    ['another country code', '+9101712345678'],
    ['a doubled country code', '+888801712345678'],
    ['a 00 international prefix', '008801712345678'],
    ['a plus sign in the middle', '017+12345678'],
    ['Arabic-Indic digits', '٠١٧١٢٣٤٥٦٧٨'],
  ])('rejects %s', (_label, raw) => {
    const result = normalizeBdMobileNumber(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('01712345678');
  });

  it.each([
    ['a right-to-left override inside', '017\u202e12345678'],
    ['a right-to-left override in front', '\u202e01712345678'],
    ['a pop-directional-formatting mark at the end', '01712345678\u202c'],
    ['a right-to-left isolate around the number', '\u206701712345678\u2069'],
    ['a right-to-left mark in front', '\u200f01712345678'],
  ])('rejects bidirectional control characters: %s', (_label, raw) => {
    expect(normalizeBdMobileNumber(raw).ok).toBe(false);
  });
});
