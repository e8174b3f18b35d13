import { labelledValues, valueText } from './labelled-values';
import { assignLabels, compact, tokenise } from './labels';
import type { PlacedWord, RowRead } from './line-ocr';
import type { TextRow } from './text-lines';

/** A row read: words laid out left to right, each `width` pixels wide with `gap` between them. */
function row(y: number, words: string[], options: { x?: number; gap?: number; confidence?: number; height?: number } = {}): RowRead {
  const height = options.height ?? 30;
  let x = options.x ?? 100;
  const placed: PlacedWord[] = words.map((word) => {
    // `text@40`: a word read with confidence 40.
    const [text = '', confidence] = word.split('@');
    const w = { text, confidence: confidence ? Number(confidence) : (options.confidence ?? 92), x0: x, x1: x + 12 * [...text].length, block: 0 };
    x = w.x1 + (options.gap ?? 12);
    return w;
  });
  const box = { x: options.x ?? 100, y, w: x - (options.x ?? 100), h: height };
  const textRow: TextRow = { box, segments: [{ ...box, headline: null, bengali: 0, latin: true }], textHeight: height };
  return { row: textRow, words: placed };
}

const fieldsOf = (reads: RowRead[]) => Object.fromEntries(labelledValues(reads).map((v) => [v.field, valueText(v.tokens)]));

describe('labels', () => {
  it('splits words at colons, remembering that one ended the word', () => {
    const tokens = tokenise([
      { text: 'নাম:আবদুল', confidence: 90, x0: 0, x1: 90 },
      { text: 'করিম', confidence: 90, x0: 100, x1: 140 },
    ]);
    expect(tokens.map((t) => [t.text, t.colon])).toEqual([
      ['নাম', true],
      ['আবদুল', false],
      ['করিম', false],
    ]);
    expect(compact('ID NO:')).toBe('idno');
  });

  it('finds each field by its label wherever its row is, values after the label', () => {
    const reads = [
      row(40, ['গণপ্রজাতন্ত্রী', 'বাংলাদেশ', 'সরকার']),
      row(200, ['নাম:', 'মোঃ', 'আবদুল', 'করিম']),
      row(250, ['Name:', 'MD', 'ABDUL', 'KARIM']),
      row(300, ['পিতা:', 'আবদুর', 'রহমান']),
      row(350, ['মাতা:', 'ফাতেমা', 'বেগম']),
      row(400, ['Date', 'of', 'Birth:', '23', 'Mar', '1978']),
      row(450, ['ID', 'NO:', '5090424675']),
    ];
    expect(fieldsOf(reads)).toEqual({
      nameBn: 'মোঃ আবদুল করিম',
      nameEn: 'MD ABDUL KARIM',
      fatherName: 'আবদুর রহমান',
      motherName: 'ফাতেমা বেগম',
      dateOfBirth: '23 Mar 1978',
      nidNumber: '5090424675',
    });
  });

  it('knows a label that OCR misread by a letter, but never takes মাতা for পিতা', () => {
    const reads = [
      row(100, ['পিভা:', 'আবদুর', 'রহমান']),
      row(150, ['মাতা:', 'ফাতেমা', 'বেগম']),
      row(200, ['1D', 'N0:', '5090424675']),
      row(250, ['Date', 'of', 'Brith:', '23', 'Mar', '1978']),
    ];
    expect(fieldsOf(reads)).toEqual({ fatherName: 'আবদুর রহমান', motherName: 'ফাতেমা বেগম', nidNumber: '5090424675', dateOfBirth: '23 Mar 1978' });
  });

  it('does not take a name that starts like a label for the label', () => {
    expect(assignLabels([tokenise(row(100, ['নামিরা', 'হক']).words)])).toEqual([]);
  });

  it('takes the longest label that matches, and a second label on the same row ends the first value', () => {
    const reads = [row(100, ['রক্তের', 'গ্রুপ', '/', 'Blood', 'Group:', 'B+', 'জন্মস্থান:', 'ঢাকা'])];
    expect(fieldsOf(reads)).toEqual({ bloodGroup: 'B+', birthPlace: 'ঢাকা' });
  });

  it('takes a value from the line below a label that stands alone, and an address over several lines', () => {
    const reads = [
      row(100, ['ঠিকানা:']),
      row(135, ['বাসা/হোল্ডিং:', '১২,', 'গ্রাম/রাস্তা:', 'উত্তর', 'পাড়া,'], { x: 110 }),
      row(170, ['সাভার,', 'ঢাকা'], { x: 110 }),
      row(220, ['প্রদানের', 'তারিখ:']),
      row(255, ['12/05/2017']),
    ];
    expect(fieldsOf(reads)).toEqual({ address: 'বাসা/হোল্ডিং: ১২, গ্রাম/রাস্তা: উত্তর পাড়া, সাভার, ঢাকা', issueDate: '12/05/2017' });
  });

  it('stops a value at a wide gap: a caption further along the row is not part of it', () => {
    const reads = [row(100, ['প্রদানের', 'তারিখ:', '12/05/2017']), row(100, ['প্রদানকারী', 'কর্তৃপক্ষের', 'স্বাক্ষর'], { x: 900 })];
    const merged: RowRead = { row: reads[0]!.row, words: [...reads[0]!.words, ...reads[1]!.words] };
    expect(fieldsOf([merged])).toEqual({ issueDate: '12/05/2017' });
  });

  it('recognises a value whose label was misread beyond repair by what it must be', () => {
    const reads = [row(100, ['Name:', 'MD', 'ABDUL', 'KARIM']), row(150, ['10110:', '5090424675']), row(200, ['Dale', 'oi', 'Bxrth', '23', 'Mar', '1978'])];
    expect(fieldsOf(reads)).toEqual({ nameEn: 'MD ABDUL KARIM', nidNumber: '5090424675', dateOfBirth: '23 Mar 1978' });
  });

  it('places Bengali names whose labels were lost by the order the front prints them in, and marks them inferred', () => {
    const reads = [
      row(100, ['লা@40', 'নট@8', 'মোঃ', 'মোস্তফা', 'কামাল']),
      row(150, ['Name:', 'MD.', 'MOSTAFA', 'KAMAL']),
      row(200, ['পিতা:', 'মোঃ', 'মাসুদ', 'রানা']),
      row(250, ['রাশিদা', 'খাতুন']),
      row(300, ['Date', 'of', 'Birth:', '03', 'Jun', '1964']),
    ];
    const values = labelledValues(reads);
    expect(Object.fromEntries(values.map((v) => [v.field, [valueText(v.tokens), v.inferred ?? false]]))).toEqual({
      nameBn: ['মোঃ মোস্তফা কামাল', true],
      nameEn: ['MD. MOSTAFA KAMAL', false],
      fatherName: ['মোঃ মাসুদ রানা', false],
      motherName: ['রাশিদা খাতুন', true],
      dateOfBirth: ['03 Jun 1964', false],
    });
  });
});
