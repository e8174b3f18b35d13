import { availableParallelism } from 'node:os';
import sharp from 'sharp';
import { createDocumentReader } from './document-reader';
import type { OcrLanguage } from './ocr-pool';
import { createTesseractEngine } from './tesseract-engine';
import { drawTestCard, drawTestPassport, photographTestCard, type TestCardOptions, type TestRow } from './test-fixtures';
import type { DocumentReader, NidReadResult } from './types';

jest.setTimeout(60_000);

const SMART_FRONT: TestRow[] = [
  { label: 'নাম:', value: 'মোঃ আব্দুল করিম' },
  { label: 'Name:', value: 'MD ABDUL KARIM' },
  { label: 'পিতা:', value: 'আব্দুর রহমান' },
  { label: 'মাতা:', value: 'ফাতেমা বেগম' },
  { label: 'Date of Birth:', value: '23 Mar 1978' },
  { label: 'ID NO:', value: '5090424675' },
];
const OLD_FRONT: TestRow[] = [
  { label: 'নাম:', value: 'রহিমা খাতুন' },
  { label: 'Name:', value: 'RAHIMA KHATUN' },
  { label: 'পিতা:', value: 'আব্দুর রহমান' },
  { label: 'মাতা:', value: 'ফাতেমা বেগম' },
  { label: 'Date of Birth:', value: '05 Dec 1985' },
  { label: 'NID No.', value: '19852694512345678' },
];
const OLD_BACK: TestRow[] = [
  { label: 'ঠিকানা:', value: 'সাভার, ঢাকা, ঢাকা' },
  { label: 'রক্তের গ্রুপ / Blood Group:', value: 'B+' },
  { label: 'প্রদানের তারিখ:', value: '12/05/2017' },
];
const OLD_BARCODE = '<pin>19852694512345678</pin><name>RAHIMA KHATUN</name><DOB>05 Dec 1985</DOB><FP>8A3F09C2D1</FP><F>Right Index</F><TYPE>A</TYPE><V>2.0</V>';
const SMART_FRONT_VALUES = {
  nameBn: 'মোঃ আব্দুল করিম',
  nameEn: 'MD ABDUL KARIM',
  fatherName: 'আব্দুর রহমান',
  motherName: 'ফাতেমা বেগম',
  dateOfBirth: '1978-03-23',
  nidNumber: '5090424675',
};

const values = (result: NidReadResult) => Object.fromEntries(Object.entries(result.fields).map(([field, read]) => [field, read.value]));
const card = (options: Partial<TestCardOptions> = {}) =>
  drawTestCard({ rows: SMART_FRONT, photo: true, column: 0.13, header: ['গণপ্রজাতন্ত্রী বাংলাদেশ সরকার'], ...options });

describe('createDocumentReader', () => {
  let reader: DocumentReader;
  const created: OcrLanguage[] = [];
  let smartFront: Buffer;

  beforeAll(async () => {
    reader = await createDocumentReader({
      createOcrEngine: (lang) => {
        created.push(lang);
        return createTesseractEngine(lang);
      },
    });
    smartFront = await card();
  });
  afterAll(() => reader.close());

  it('reads every field of a flat scan of a smart card front by its labels, with crop and without', async () => {
    for (const crop of [false, true]) {
      const result = await reader.readNidCard({ front: smartFront, crop, kind: 'nid_smart' });
      expect(values(result)).toEqual({ ...SMART_FRONT_VALUES, address: null, bloodGroup: null, birthPlace: null, issueDate: null });
      expect(result.fields.nidNumber).toMatchObject({ accepted: true, source: 'ocr' });
      expect(result.problems).toEqual([]);
      expect(await sharp(result.front).metadata()).toMatchObject({ format: 'jpeg' });
      expect(result.photo).not.toBeNull();
      expect(result.back).toBeNull();
    }
  });

  it('reads a card whose rows sit lower, closer and with each value right after its label', async () => {
    const shifted = await card({ top: 0.42, pitch: 0.085, column: undefined, left: 0.28 });
    const result = await reader.readNidCard({ front: shifted, crop: true });
    expect(result.kind).toBe('nid_smart');
    expect(values(result)).toMatchObject(SMART_FRONT_VALUES);
  });

  it('finds a card on a light surface and one photographed turned a quarter or upside down', async () => {
    for (const [angle, surface] of [
      [4, '#ecebe6'],
      [91, '#3a3f47'],
      [183, '#3a3f47'],
    ] as const) {
      const result = await reader.readNidCard({ front: await photographTestCard(smartFront, angle, surface), crop: true });
      expect(result.kind).toBe('nid_smart');
      expect(values(result)).toMatchObject({ nameBn: SMART_FRONT_VALUES.nameBn, dateOfBirth: '1978-03-23', nidNumber: '5090424675' });
    }
  });

  it('tells an old card by its back, and trusts its barcode over OCR', async () => {
    const front = await card({ rows: OLD_FRONT });
    const back = await drawTestCard({ rows: OLD_BACK, top: 0.2, column: 0.4, barcodeText: OLD_BARCODE });
    const result = await reader.readNidCard({ front, back, crop: false });
    expect(result.kind).toBe('nid_old');
    expect(result.barcode).toEqual({
      found: true,
      payload: { nidNumber: '19852694512345678', nameEn: 'RAHIMA KHATUN', dateOfBirth: '1985-12-05' },
      agrees: { nidNumber: true, nameEn: true, dateOfBirth: true },
    });
    expect(result.fields.nidNumber).toEqual({ value: '19852694512345678', raw: '19852694512345678', confidence: 99, accepted: true, source: 'barcode' });
    expect(values(result)).toMatchObject({ nameBn: 'রহিমা খাতুন', address: 'সাভার, ঢাকা, ঢাকা', bloodGroup: 'B+', issueDate: '2017-05-12', birthPlace: null });
    expect(result.problems).toEqual([]);
  });

  it('reports a front whose NID differs from its barcode', async () => {
    const front = await card({ rows: OLD_FRONT.map((row) => (row.label === 'NID No.' ? { ...row, value: '19852698765432109' } : row)) });
    const back = await drawTestCard({ rows: OLD_BACK, top: 0.2, column: 0.4, barcodeText: OLD_BARCODE });
    const result = await reader.readNidCard({ front, back, crop: false, kind: 'nid_old' });
    expect(result.barcode.agrees).toEqual({ nidNumber: false, nameEn: true, dateOfBirth: true });
    expect(result.problems.map((p) => [p.code, p.side])).toEqual([['BARCODE_MISMATCH', 'back']]);
    expect(result.fields.nidNumber.value).toBe('19852694512345678');
  });

  it('finds no text on an empty desk: nothing is read, nothing accepted', async () => {
    const desk = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3a3f47' } })
      .jpeg()
      .toBuffer();
    const result = await reader.readNidCard({ front: desk, crop: true, kind: 'nid_smart' });
    expect(result.problems.map((p) => p.code)).toEqual(['NO_TEXT']);
    expect(Object.values(result.fields).every((field) => !field.accepted)).toBe(true);
  });

  it('reports an upload that is no image as a problem, not an exception', async () => {
    const result = await reader.readNidCard({ front: Buffer.from('not a photo\n'.repeat(40)), crop: true });
    expect(result.problems).toEqual([{ code: 'UNSUPPORTED_IMAGE_TYPE', side: 'front', message: expect.any(String) }]);
    expect(result.front).toHaveLength(0);
    expect(Object.values(result.fields).every((field) => field.value === null)).toBe(true);
  });

  it('reads the machine-readable zone of a passport', async () => {
    const page = await drawTestPassport(['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10']);
    for (const input of [
      { image: page, crop: false },
      { image: await photographTestCard(page, 6), crop: true },
    ]) {
      const result = await reader.readPassport(input);
      expect(result.mrz).toMatchObject({ found: true, failedChecks: [] });
      expect(result.fields.documentNumber).toMatchObject({ value: 'L898902C3', accepted: true, source: 'mrz' });
      expect(result.fields.surname.value).toBe('ERIKSSON');
      expect(result.fields.givenNames.value).toBe('ANNA MARIA');
      expect(result.fields.dateOfBirth.value).toBe('1974-08-12');
      expect(result.fields.expiryDate.value).toBe('2012-04-15');
      expect(result.problems).toEqual([]);
    }
  });

  it('created its OCR workers once, when the reader was made, for all the reads above', async () => {
    const perLanguage = Math.min(2, availableParallelism());
    await reader.readNidCard({ front: smartFront, crop: false, kind: 'nid_smart' });
    for (const lang of ['ben', 'eng'] as const) expect(created.filter((l) => l === lang)).toHaveLength(perLanguage);
    for (const lang of ['ben+eng', 'eng+ben'] as const) expect(created.filter((l) => l === lang)).toHaveLength(1);
  });
});
