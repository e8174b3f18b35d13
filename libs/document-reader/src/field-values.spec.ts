import {
  cleanBengaliText,
  cleanEnglishName,
  combineReadings,
  interpretField,
  parseBloodGroup,
  parsePrintedBirthDate,
  parsePrintedIssueDate,
  trimUnsureEdgeWords,
} from './field-values';
import type { OcrText } from './ocr-pool';

const ocr = (text: string, confidence = 92, words?: [string, number][]): OcrText => ({
  text,
  confidence,
  words: words?.map(([t, c]) => ({ text: t, confidence: c })),
});

describe('printed dates', () => {
  it.each([
    ['23 Mar 1978', '1978-03-23'],
    ['23Mar1978', '1978-03-23'],
    ['O5 Dec 199O', '1990-12-05'],
    ['23 Mer 1978', '1978-03-23'],
    ['1 Sep 2001', '2001-09-01'],
  ])('reads the front date of birth %s', (raw, iso) => {
    expect(parsePrintedBirthDate(raw)).toBe(iso);
  });

  it.each(['31 Feb 1978', '23 Xyz 1978', '23 1978', ''])('rejects %j', (raw) => {
    expect(parsePrintedBirthDate(raw)).toBeNull();
  });

  it.each([
    ['12/05/2017', '2017-05-12'],
    ['12 05 2017', '2017-05-12'],
    ['12052017', '2017-05-12'],
    ['I2/O5/2017', '2017-05-12'],
  ])('reads the back issue date %s day first', (raw, iso) => {
    expect(parsePrintedIssueDate(raw)).toBe(iso);
  });

  it('rejects an issue date that is not a date', () => {
    expect(parsePrintedIssueDate('31/02/2017')).toBeNull();
    expect(parsePrintedIssueDate('2017')).toBeNull();
  });
});

describe('blood group', () => {
  it.each([
    ['B+', 'B+'],
    ['0-', 'O-'],
    ['ab +', 'AB+'],
    ['A—', 'A-'],
  ])('reads %j as %s', (raw, group) => {
    expect(parseBloodGroup(raw)).toBe(group);
  });

  it.each(['C+', 'B', 'AB++', ''])('rejects %j', (raw) => {
    expect(parseBloodGroup(raw)).toBeNull();
  });
});

describe('text cleanup', () => {
  it('removes a label that leaked into the value box, but not a name that starts like one', () => {
    expect(cleanBengaliText('nameBn', 'নাম: মোঃ আব্দুল করিম')).toBe('মোঃ আব্দুল করিম');
    expect(cleanBengaliText('nameBn', 'নামিরা হক')).toBe('নামিরা হক');
    expect(cleanBengaliText('address', 'ঠিকানা: সাভার, ঢাকা, ঢাকা |')).toBe('সাভার, ঢাকা, ঢাকা');
    expect(cleanEnglishName('Name: md. abdul karim')).toBe('MD. ABDUL KARIM');
  });

  it('drops digits from names and vowel signs stranded at the start of a word', () => {
    expect(cleanBengaliText('motherName', 'নুসরাত জাহান 269')).toBe('নুসরাত জাহান');
    expect(cleanBengaliText('birthPlace', 'চট্টগ্রাম ্')).toBe('চট্টগ্রাম');
  });

  it('trims short unsure words at the ends, keeping long ones; the confidence is the least sure word kept', () => {
    expect(
      trimUnsureEdgeWords(
        ocr('x', 0, [
          ['তা', 30],
          ['নুসরাত', 95],
          ['জাহান', 93],
          ['মম', 41],
        ]),
      ),
    ).toEqual({ text: 'নুসরাত জাহান', confidence: 93 });
    expect(
      trimUnsureEdgeWords(
        ocr('x', 0, [
          ['আবদুল', 45],
          ['করিম', 96],
        ]),
      ).text,
    ).toBe('আবদুল করিম');
  });
});

describe('interpretField', () => {
  it('normalises and accepts well-read values', () => {
    expect(interpretField('dateOfBirth', ocr('23 Mar 1978'), { kind: 'nid_smart' })).toEqual({
      value: '1978-03-23',
      raw: '23 Mar 1978',
      confidence: 92,
      accepted: true,
      source: 'ocr',
    });
    expect(interpretField('nidNumber', ocr('509 042 4675'), { kind: 'nid_smart' })).toMatchObject({ value: '5090424675', accepted: true });
    expect(interpretField('nameBn', ocr('মোঃ আব্দুল করিম'), { kind: 'nid_old' })).toMatchObject({ value: 'মোঃ আব্দুল করিম', accepted: true });
    expect(interpretField('bloodGroup', ocr('O+', 55), { kind: 'nid_old' })).toMatchObject({ value: 'O+', accepted: true });
  });

  it('does not accept a value below its confidence threshold', () => {
    expect(interpretField('nameEn', ocr('ABDUL KARIM', 35), { kind: 'nid_smart' })).toMatchObject({ value: 'ABDUL KARIM', accepted: false });
  });

  it('checks a NID against the card kind and the birth year', () => {
    expect(interpretField('nidNumber', ocr('19785012345678901'), { kind: 'nid_smart' }).accepted).toBe(false);
    expect(interpretField('nidNumber', ocr('5090424675'), { kind: 'nid_old' }).accepted).toBe(false);
    expect(interpretField('nidNumber', ocr('19785012345678901'), { kind: 'nid_old', birthYear: 1978 }).accepted).toBe(true);
    expect(interpretField('nidNumber', ocr('19785012345678901'), { kind: 'nid_old', birthYear: 1980 }).accepted).toBe(false);
    expect(interpretField('nidNumber', ocr('5012345678901'), { kind: 'nid_old', birthYear: 1978 }).accepted).toBe(true);
  });

  it('does not accept Latin text in a Bengali field, or a date in the future', () => {
    expect(interpretField('fatherName', ocr('ABDUL KARIM'), { kind: 'nid_smart' }).accepted).toBe(false);
    expect(interpretField('issueDate', ocr('01/01/2999'), { kind: 'nid_smart' }).accepted).toBe(false);
  });

  it("accepts no NID that breaks the card's number rules, however sure the read", () => {
    // 17 digits: the birth year, then one of the 64 district geocodes (00 is none).
    expect(interpretField('nidNumber', ocr('19780012345678901', 99), { kind: 'nid_old', birthYear: 1978 }).accepted).toBe(false);
    // Smart-card numbers have no leading zero.
    expect(interpretField('nidNumber', ocr('0090424675', 99), { kind: 'nid_smart' }).accepted).toBe(false);
    // A letter left among the digits is a misread, not something to drop.
    expect(interpretField('nidNumber', ocr('509042467T5', 99), { kind: 'nid_smart' })).toMatchObject({ value: '5090424675', accepted: false });
    expect(interpretField('nidNumber', ocr('509 042 4675', 99), { kind: 'nid_smart' }).accepted).toBe(true);
  });

  it('accepts a birth place only when it is a district, an address only when it ends in one', () => {
    expect(interpretField('birthPlace', ocr('ঢাকা', 99), { kind: 'nid_smart' }).accepted).toBe(true);
    expect(interpretField('birthPlace', ocr('ঢাকাপুর', 99), { kind: 'nid_smart' }).accepted).toBe(false);
    expect(interpretField('address', ocr('সাভার, ঢাকা, ঢাকা', 99), { kind: 'nid_smart' }).accepted).toBe(true);
    expect(interpretField('address', ocr('গ্রাম: উত্তর পাড়া, উপজেলা: সাভার, জেলা: ঢাকা', 99), { kind: 'nid_smart' }).accepted).toBe(true);
    expect(interpretField('address', ocr('সাভার, ঢাকা, ঢাকাপুর', 99), { kind: 'nid_smart' }).accepted).toBe(false);
  });

  it('accepts a Latin value read twice only when both reads agree', () => {
    const first = interpretField('nameEn', ocr('MD ABDUL KARIM', 90), { kind: 'nid_smart' });
    expect(combineReadings(first, interpretField('nameEn', ocr('MD ABDUL KARIM', 80), { kind: 'nid_smart' }))).toMatchObject({
      value: 'MD ABDUL KARIM',
      accepted: true,
      confidence: 90,
    });
    expect(combineReadings(first, interpretField('nameEn', ocr('MD ABDUL KARlM', 95), { kind: 'nid_smart' }))).toMatchObject({ accepted: false });
  });

  it('gives null, not an empty string, when nothing was read', () => {
    expect(interpretField('address', ocr('', 0), { kind: 'nid_smart' })).toEqual({ value: null, raw: '', confidence: 0, accepted: false, source: 'ocr' });
  });
});
