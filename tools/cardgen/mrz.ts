/** ICAO 9303 machine-readable zones: TD1 (ID cards, 3 x 30), TD2 (2 x 36), TD3 (passports, 2 x 44) and visas (MRV-A, MRV-B). */

const WEIGHTS = [7, 3, 1] as const;

function charValue(char: string): number {
  if (char === '<') return 0;
  if (char >= '0' && char <= '9') return char.charCodeAt(0) - 48;
  if (char >= 'A' && char <= 'Z') return char.charCodeAt(0) - 55;
  throw new Error(`"${char}" is not an MRZ character`);
}

export function mrzCheckDigit(text: string): string {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum += charValue(text[i] as string) * (WEIGHTS[i % 3] as number);
  return String(sum % 10);
}

/** Capitals A-Z and digits; separators become fillers and other marks are dropped (`Md.` → `MD`). */
export function toMrzText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/['.]/g, '')
    .replace(/[^A-Z0-9]+/g, '<')
    .replace(/^<+|<+$/g, '');
}

const fit = (text: string, length: number) => text.slice(0, length).padEnd(length, '<');

/** Bangladeshi names have no fixed surname: the last word stands in as primary identifier, the rest as given names. */
export function splitName(nameEn: string): { surname: string; givenNames: string } {
  const words = toMrzText(nameEn).split('<').filter(Boolean);
  const surname = words.pop() ?? '';
  return { surname, givenNames: words.join(' ') };
}

export function mrzNameField(nameEn: string, length: number): string {
  const { surname, givenNames } = splitName(nameEn);
  const given = toMrzText(givenNames);
  return fit(given ? `${surname}<<${given}` : surname, length);
}

/** `1978-03-23` → `780323`. */
export function mrzDate(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new Error(`expected an ISO date, got "${iso}"`);
  return iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
}

const sexCode = (sex: 'male' | 'female' | 'unspecified') => (sex === 'male' ? 'M' : sex === 'female' ? 'F' : '<');

export interface MrzPerson {
  nameEn: string;
  birthDate: string;
  sex: 'male' | 'female' | 'unspecified';
  expiryDate: string;
  issuingState: string;
  nationality: string;
}

export interface Td1Input extends MrzPerson {
  documentCode: string;
  documentNumber: string;
  optional1?: string;
  optional2?: string;
}

/** TD1 lines; a document number longer than 9 characters overflows into the optional data (ICAO 9303-5 4.2.4). */
export function td1Lines(input: Td1Input): [string, string, string] {
  const number = toMrzText(input.documentNumber);
  const numberCheck = mrzCheckDigit(number);
  const head = fit(toMrzText(input.documentCode), 2) + fit(input.issuingState, 3);
  const optional1 = toMrzText(input.optional1 ?? '');
  const line1 =
    number.length <= 9
      ? head + fit(number, 9) + numberCheck + fit(optional1, 15)
      : head + number.slice(0, 9) + '<' + fit(`${number.slice(9)}${numberCheck}<${optional1}`, 15);
  const birth = mrzDate(input.birthDate);
  const expiry = mrzDate(input.expiryDate);
  const line2Body =
    birth + mrzCheckDigit(birth) + sexCode(input.sex) + expiry + mrzCheckDigit(expiry) + fit(input.nationality, 3) + fit(toMrzText(input.optional2 ?? ''), 11);
  const composite = mrzCheckDigit(line1.slice(5, 30) + line2Body.slice(0, 7) + line2Body.slice(8, 15) + line2Body.slice(18, 29));
  return [line1, line2Body + composite, mrzNameField(input.nameEn, 30)];
}

export interface Td3Input extends MrzPerson {
  documentNumber: string;
  personalNumber?: string;
}

export function td3Lines(input: Td3Input): [string, string] {
  const line1 = 'P<' + fit(input.issuingState, 3) + mrzNameField(input.nameEn, 39);
  const number = fit(toMrzText(input.documentNumber), 9);
  const birth = mrzDate(input.birthDate);
  const expiry = mrzDate(input.expiryDate);
  const personal = fit(toMrzText(input.personalNumber ?? ''), 14);
  const personalCheck = /^<+$/.test(personal) ? '<' : mrzCheckDigit(personal);
  const body =
    number +
    mrzCheckDigit(number) +
    fit(input.nationality, 3) +
    birth +
    mrzCheckDigit(birth) +
    sexCode(input.sex) +
    expiry +
    mrzCheckDigit(expiry) +
    personal +
    personalCheck;
  const composite = mrzCheckDigit(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43));
  return [line1, body + composite];
}

export interface Td2Input extends MrzPerson {
  /** `I<`, `ID`, `IR`, `AR`, ...: the first letter is I, A or C for official travel documents in TD2. */
  documentCode: string;
  documentNumber: string;
  optional?: string;
}

/** TD2 lines (2 x 36): ID cards and residence permits of the ID-2 size. */
export function td2Lines(input: Td2Input): [string, string] {
  const line1 = fit(toMrzText(input.documentCode), 2) + fit(input.issuingState, 3) + mrzNameField(input.nameEn, 31);
  const number = fit(toMrzText(input.documentNumber), 9);
  const birth = mrzDate(input.birthDate);
  const expiry = mrzDate(input.expiryDate);
  const body =
    number +
    mrzCheckDigit(number) +
    fit(input.nationality, 3) +
    birth +
    mrzCheckDigit(birth) +
    sexCode(input.sex) +
    expiry +
    mrzCheckDigit(expiry) +
    fit(toMrzText(input.optional ?? ''), 7);
  const composite = mrzCheckDigit(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 35));
  return [line1, body + composite];
}

export interface MrvInput extends MrzPerson {
  documentNumber: string;
  optional?: string;
}

/** Machine-readable visa lines: MRV-A (2 x 44) or MRV-B (2 x 36). No composite check digit (ICAO 9303-7). */
export function mrvLines(input: MrvInput, format: 'A' | 'B'): [string, string] {
  const length = format === 'A' ? 44 : 36;
  const line1 = 'V<' + fit(input.issuingState, 3) + mrzNameField(input.nameEn, length - 5);
  const number = fit(toMrzText(input.documentNumber), 9);
  const birth = mrzDate(input.birthDate);
  const expiry = mrzDate(input.expiryDate);
  const body = number + mrzCheckDigit(number) + fit(input.nationality, 3) + birth + mrzCheckDigit(birth) + sexCode(input.sex) + expiry + mrzCheckDigit(expiry);
  return [line1, fit(body + toMrzText(input.optional ?? ''), length)];
}
