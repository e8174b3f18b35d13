import { createMrzParser, type MrzParser } from './mrz-parser';
import { cleanMrzLine, cleanNameField, extractMrzLines, failedChecks, fitMrzLine, mrzDateToIso, mrzFields, repairMrzLines, shapeOf } from './mrz-text';

// ICAO 9303 part 4 specimen.
const SPECIMEN = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

describe('MRZ', () => {
  let parser: MrzParser;
  beforeAll(() => {
    parser = createMrzParser();
  });
  afterAll(() => parser.close());

  it('reads the ICAO specimen passport', async () => {
    const parsed = await parser.parse(SPECIMEN);
    expect(failedChecks(parsed)).toEqual([]);
    const fields = mrzFields(parsed, SPECIMEN, 90);
    expect(Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, field.value]))).toEqual({
      documentNumber: 'L898902C3',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      nationality: 'UTO',
      issuingState: 'UTO',
      dateOfBirth: '1974-08-12',
      sex: 'F',
      expiryDate: '2012-04-15',
      personalNumber: 'ZE184226B',
    });
    expect(Object.values(fields).every((field) => field.accepted && field.source === 'mrz')).toBe(true);
    expect(fields.documentNumber.confidence).toBe(97);
  });

  it('reports a failed check digit and does not accept the field it guards', async () => {
    // Birth date 740812 misread as 740813: its check digit (2) no longer matches, nor does the composite.
    const lines = [SPECIMEN[0], 'L898902C36UTO7408132F1204159ZE184226B<<<<<10'];
    const parsed = await parser.parse(lines);
    expect(failedChecks(parsed)).toEqual(['dateOfBirth', 'composite']);
    const fields = mrzFields(parsed, lines, 90);
    expect(fields.dateOfBirth).toMatchObject({ accepted: false, raw: '740813' });
    expect(fields.documentNumber.accepted).toBe(true);
    expect(fields.expiryDate.accepted).toBe(true);
  });

  it('trusts no field when only the composite check fails and the OCR was unsure', async () => {
    // Every field check passes, so the misread character could be anywhere on the line.
    const lines = [SPECIMEN[0], 'L898902C36UTO7408122F1204159ZE184226B<<<<<17'];
    const parsed = await parser.parse(lines);
    expect(failedChecks(parsed)).toEqual(['composite']);
    const fields = mrzFields(parsed, lines, 30);
    expect(fields.documentNumber.accepted).toBe(false);
    expect(fields.surname.accepted).toBe(false);
  });

  it('repairs what Tesseract typically does to an MRZ before parsing', async () => {
    const ocrText = ['P<UT0ERIKSSON«ANNA<MARIA<<<<<<<<<LK<LLLLLLK', 'L898902C36UT07408I22F1204159ZE184226B<<<<10', ''].join('\n');
    const lines = extractMrzLines(ocrText, 'TD3');
    expect(lines).toEqual(SPECIMEN);
    const parsed = await parser.parse(lines ?? []);
    expect(failedChecks(parsed)).toEqual([]);
  });

  it('reads the 10-digit NID of a smart card from its TD1 zone, overflow included', async () => {
    const lines = ['I<BGD509042467<56<<<<<<<<<<<<<', '7803233M3005017BGD<<<<<<<<<<<0', 'SALAM<<ABDUS<<<<<<<<<<<<<<<<<<'];
    const parsed = await parser.parse(repairMrzLines(lines, 'TD1'));
    expect(parsed.documentNumber).toBe('5090424675');
    expect(parsed.fields.birthDate).toBe('780323');
    expect(failedChecks(parsed)).toEqual([]);
  });

  it('rejects text that is no MRZ', async () => {
    await expect(parser.parse(['HELLO', 'WORLD'])).rejects.toMatchObject({ code: 'MRZ_FORMAT' });
    expect(extractMrzLines('National ID Card\n23 Mar 1978', 'TD1')).toBeNull();
  });
});

describe('MRZ text helpers', () => {
  it('cleans OCR output into MRZ characters', () => {
    expect(cleanMrzLine('p<uto eriksson«anna')).toBe('P<UTOERIKSSON<<ANNA');
  });

  it('accepts a name field only when its fillers read as fillers', () => {
    expect(cleanNameField(SPECIMEN[0]!)).toBe(true);
    expect(cleanNameField('P<BGDMALIK<<ISAAC<<<<<<<<<<<<<<<<<<<<<<<<<<<')).toBe(true);
    // As the generated passports were misread: fillers as K and L, joined to the names or as tokens of their own.
    expect(cleanNameField('P<BGDSIDDIKA<AYESHA<KKKLLLLLLLLLLLLLLLLLLLLL')).toBe(false);
    expect(cleanNameField('P<BGDSIDDIKA<<AYESHAKK<<<<<<<<<<<<<<<<<<<<<<')).toBe(false);
    expect(cleanNameField('P<BGDBEGUM<<SALMA<K<<<<<<<<<<<<<<<<<<<<<<<<<')).toBe(false);
    expect(cleanNameField('P<BGDRAHMAN<<ABDUL<KARIM<<<<<<<<<<<<<<<<<<<<')).toBe(true);
    expect(cleanNameField('P<BGDRAHMAN<<AB0UL<<<<<<<<<<<<<<<<<<<<<<<<<<')).toBe(false);
  });

  it('fits a line to its length in its longest run of fillers', () => {
    expect(fitMrzLine('AB<<CD<<<<EF', 14)).toBe('AB<<CD<<<<<<EF');
    expect(fitMrzLine('AB<<CD<<<<EF', 10)).toBe('AB<<CD<<EF');
  });

  it('puts two-digit years in the right century', () => {
    const today = new Date('2026-06-01T00:00:00Z');
    expect(mrzDateToIso('740812', 'birth', today)).toBe('1974-08-12');
    expect(mrzDateToIso('050101', 'birth', today)).toBe('2005-01-01');
    expect(mrzDateToIso('271231', 'birth', today)).toBe('1927-12-31');
    expect(mrzDateToIso('350415', 'expiry', today)).toBe('2035-04-15');
    expect(mrzDateToIso('991340', 'birth', today)).toBeNull();
    expect(mrzDateToIso('7408I2', 'birth', today)).toBeNull();
  });
});

describe('ID cards and visas', () => {
  const parser = createMrzParser();

  it('reads a TD2 residence permit and checks its digits', async () => {
    const lines = ['IRSWELINDQVIST<<ANNA<MARIA<<<<<<<<<<', 'X123456785SWE8405025F3101090<<<<<<<0'];
    const fields = mrzFields(await parser.parse(lines), lines, 90);
    expect(shapeOf(lines)).toBe('TD2');
    expect(fields.documentNumber).toEqual(expect.objectContaining({ value: 'X12345678', accepted: true }));
    expect(fields.surname).toEqual(expect.objectContaining({ value: 'LINDQVIST', accepted: true }));
    expect(fields.givenNames.value).toBe('ANNA MARIA');
    expect(fields.expiryDate).toEqual(expect.objectContaining({ value: '2031-01-09', accepted: true }));
  });

  it('reads MRV-A and MRV-B visas, which have no composite check digit, and catches a misread number', async () => {
    const a = ['V<GBRMARTINEZ<<JAMES<<<<<<<<<<<<<<<<<<<<<<<<', '79472007<6BGD7009035M2404222<<<<<<<<<<<<<<<<'];
    const b = ['V<CANNAKAMURA<<LIAM<<<<<<<<<<<<<<<<<', '59727028<2IND5910014M2403111<<<<<<<<'];
    for (const [lines, shape] of [
      [a, 'MRVA'],
      [b, 'MRVB'],
    ] as const) {
      const parsed = await parser.parse([...lines]);
      expect(shapeOf(lines)).toBe(shape);
      expect(failedChecks(parsed)).toEqual([]);
      const fields = mrzFields(parsed, [...lines], 90);
      expect(fields.dateOfBirth.accepted && fields.expiryDate.accepted && fields.documentNumber.accepted).toBe(true);
      // No composite check vouches for the rest: names, nationality and sex go to review.
      expect([fields.surname.accepted, fields.givenNames.accepted, fields.nationality.accepted, fields.sex.accepted]).toEqual([false, false, false, false]);
      expect(fields.issuingState.value).toBe(lines[0].slice(2, 5));
    }
    const misread = [a[0], a[1].replace('79472007', '79472001')];
    expect(failedChecks(await parser.parse(misread))).toEqual(['documentNumber']);
    expect(mrzFields(await parser.parse(misread), misread, 90).documentNumber.accepted).toBe(false);
    // A garbled birth date leaves the number, whose own digit still passes, unaccepted: no composite vouches for the zone.
    const garbled = [a[0], a[1].slice(0, 13) + 'XX0903' + a[1].slice(19)];
    const fields = mrzFields(await parser.parse(garbled), garbled, 90);
    expect([fields.documentNumber.value, fields.documentNumber.accepted]).toEqual(['79472007', false]);
  });
});

describe('zones in thin monospaced faces', () => {
  it('reads fillers OCR took for L, K or C at the end of a free-text field, and a document code I read as T', () => {
    const [line1, line2, line3] = repairMrzLines(['TRCANLF92287536<<LLLLLLLLL', '9903067M2809148VNM<LLLLLLLLKL0', 'BROWN<KNOAH<LLLLLLLLLLLLLLLLLL'], 'TD1');
    expect(line1).toBe('IRCANLF92287536<<<<<<<<<<<<<<<');
    expect(line2).toBe('9903067M2809148VNM<<<<<<<<<<<0');
    expect(line3).toBe('BROWN<KNOAH<<<<<<<<<<<<<<<<<<<');
    // A filler read as K between surname and given names leaves no `<<`: the names go to review.
    expect(cleanNameField([line1!, line2!, line3!], 'TD1')).toBe(false);
    expect(cleanNameField(['', '', 'BROWN<<NOAH<<<<<<<<<<<<<<<<<<<'], 'TD1')).toBe(true);
  });

  it("takes a number's I read as T back when only that swap passes the check, and accepts no swap when two would", () => {
    const line1 = 'IRDEUMUSTERMANN<<ERIKA<<<<<<<<<<<<<<';
    const line2 = (number: string, check: string) => `${number}${check}DEU6408125F3010317<<<<<<<4`;
    expect(repairMrzLines([line1, line2('TX4470391', '7')], 'TD2')[1]!.slice(0, 10)).toBe('IX44703917');
    // IA2526721 read as TA2526721: IA2526721 and TAZ526721 both pass, so the failing reading stays and nothing is accepted.
    expect(repairMrzLines([line1, line2('TA2526721', '1')], 'TD2')[1]!.slice(0, 10)).toBe('TA25267211');
  });
});
