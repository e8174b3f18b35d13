import { parse, type ParseResult } from 'mrz';
import sharp from 'sharp';
import { loadCardCitizens, type CardCitizen } from './citizen';
import { mrzCheckDigit, mrzNameField, td1Lines, td3Lines } from './mrz';
import { renderNidCard, smartCardMrz } from './render-card';
import { PASSPORT_PAGE_SIZE, renderPassportPage } from './render-passport';

const parseAll = (zones: string[][]): ParseResult[] => zones.map((lines) => parse(lines));

const invalid = (p: ParseResult) => p.details.filter((d) => !d.valid).map((d) => `${d.field}: ${d.error}`);

let citizens: CardCitizen[];
beforeAll(() => {
  citizens = loadCardCitizens();
});

describe('MRZ lines', () => {
  it('computes ICAO 9303 check digits', () => {
    expect(mrzCheckDigit('D23145890')).toBe('7');
    expect(mrzCheckDigit('740812')).toBe('2');
    expect(mrzCheckDigit('L898902C3')).toBe('6');
    expect(mrzNameField("Md. Abdul O'Brien-Khan", 30)).toBe('KHAN<<MD<ABDUL<OBRIEN<<<<<<<<<');
  });

  it('matches the TD1 and TD3 specimens of ICAO 9303', () => {
    expect(
      td1Lines({
        documentCode: 'I',
        issuingState: 'UTO',
        documentNumber: 'D23145890',
        nameEn: 'Anna Maria Eriksson',
        birthDate: '1974-08-12',
        sex: 'female',
        expiryDate: '2012-04-15',
        nationality: 'UTO',
      }),
    ).toEqual(['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<']);
    expect(
      td3Lines({
        documentNumber: 'L898902C3',
        issuingState: 'UTO',
        nationality: 'UTO',
        nameEn: 'Anna Maria Eriksson',
        birthDate: '1974-08-12',
        sex: 'female',
        expiryDate: '2012-04-15',
        personalNumber: 'ZE184226B',
      }),
    ).toEqual(['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10']);
  });

  it('gives smart cards (10-digit NID, overflowing) and passports MRZs that `mrz` parses as valid', async () => {
    const people = citizens.slice(0, 40);
    const td1 = people.map((c) => smartCardMrz(c, '2017-05-12'));
    const passports = await Promise.all(people.slice(0, 3).map((c, i) => renderPassportPage(c, { seed: i })));
    const td3 = [
      ...people.map((c, i) =>
        td3Lines({
          documentNumber: `A0${String(i).padStart(7, '0')}`,
          issuingState: 'BGD',
          nationality: 'BGD',
          nameEn: c.nameEn,
          birthDate: c.dateOfBirth,
          sex: c.gender,
          expiryDate: '2031-05-24',
          personalNumber: c.nid10,
        }),
      ),
      ...passports.map((p) => p.truth.mrz),
    ];
    const parsed = parseAll([...td1, ...td3]);
    parsed.slice(0, td1.length).forEach((p, i) => {
      const c = people[i]!;
      expect(invalid(p)).toEqual([]);
      expect(p).toMatchObject({ format: 'TD1', valid: true });
      expect(p.fields).toMatchObject({
        documentCode: 'I',
        issuingState: 'BGD',
        documentNumber: c.nid10,
        birthDate: c.dateOfBirth.slice(2).replaceAll('-', ''),
        sex: c.gender,
        nationality: 'BGD',
      });
    });
    parsed.slice(td1.length).forEach((p) => {
      expect(invalid(p)).toEqual([]);
      expect(p).toMatchObject({ format: 'TD3', valid: true });
    });
    const [page] = passports;
    const pageParse = parsed[parsed.length - 3]!;
    expect(pageParse.fields).toMatchObject({
      documentNumber: page!.truth.documentNumber,
      lastName: page!.truth.surname,
      personalNumber: page!.truth.personalNumber,
      issuingState: 'BGD',
    });
  });

  it('prints the smart-card MRZ it reports on the back', async () => {
    const c = citizens[1]!;
    const back = await renderNidCard(c, { kind: 'nid_smart', side: 'back', issueDate: '2019-01-31' });
    expect(back.machineReadable.mrz).toEqual(smartCardMrz(c, '2019-01-31'));
    expect(back.runs.filter((r) => r.role === 'mrz').map((r) => r.text)).toEqual(back.machineReadable.mrz);
  });
});

describe('renderPassportPage', () => {
  it('renders a TD3 data page with a Bangladesh MRZ and fields from the person', async () => {
    const c = citizens[2]!;
    const page = await renderPassportPage(c, { seed: 4, issueDate: '2020-01-15' });
    const meta = await sharp(page.image).metadata();
    expect([meta.width, meta.height]).toEqual([PASSPORT_PAGE_SIZE.width, PASSPORT_PAGE_SIZE.height]);
    expect(page.truth).toMatchObject({
      issuingState: 'BGD',
      dateOfBirth: c.dateOfBirth,
      issueDate: '2020-01-15',
      expiryDate: '2030-01-14',
      personalNumber: c.nid10,
    });
    expect(page.truth.documentNumber).toMatch(/^A\d{8}$/);
    expect(page.truth.mrz[0]).toMatch(/^P<BGD[A-Z<]{39}$/);
    expect(page.truth.mrz[1]).toHaveLength(44);
    expect((await renderPassportPage(c, { seed: 4, issueDate: '2020-01-15' })).image.equals(page.image)).toBe(true);
  });
});
