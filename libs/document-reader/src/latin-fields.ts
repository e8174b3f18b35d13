import type { RowRead } from './line-ocr';

/**
 * Labelled values on documents printed in Latin script (driver's licences, ID cards): rows of OCR'd words, each row a
 * label followed by its value. Labels are matched by their words, tolerant to one misread letter in words of four or
 * more; the AAMVA field numbers (`4d`, `4b`, `3`, ...) that prefix labels on US licences are part of the label.
 */
export type LatinField =
  'documentNumber' | 'surname' | 'givenNames' | 'fullName' | 'fatherName' | 'nationality' | 'dateOfBirth' | 'expiryDate' | 'issueDate' | 'sex';

/** Label words per field: each document family has its own set, since one family's label is another's noise. */
export type LatinLabels = Partial<Record<LatinField, readonly string[]>>;

/** US and Canadian licences (AAMVA CDS 2020: field numbers 4d number, 4a issue, 4b expiry, 3 birth, 1 and 2 names, 15 sex) and European ID cards. */
export const LICENCE_LABELS: LatinLabels = {
  documentNumber: [
    'DL',
    'DLN',
    'DL NO',
    'LIC',
    'LIC NO',
    'LIC#',
    'LICENSE NO',
    'LICENCE NO',
    'LICENSE NUMBER',
    'LICENCE NUMBER',
    'NUMBER',
    'NO',
    'DOCUMENT NO',
    'DOCUMENT NUMBER',
    'CARD NO',
    'ID NO',
    '4D',
    '4D DLN',
    '4D LIC',
    '4D LIC#',
    '4D NO',
  ],
  expiryDate: ['EXP', 'EXPIRES', 'EXPIRY', 'EXPIRATION', 'DATE OF EXPIRY', 'EXPIRY DATE', 'VALID UNTIL', 'VALID THRU', '4B', '4B EXP', '4B EXPIRES'],
  issueDate: ['ISS', 'ISSUED', 'ISSUE DATE', 'DATE OF ISSUE', 'VALID FROM', '4A', '4A ISS', '4A ISSUED'],
  dateOfBirth: ['DOB', 'BIRTH DATE', 'DATE OF BIRTH', 'BIRTHDATE', 'BORN', '3', '3 DOB', '3 DATE OF BIRTH', '3 BIRTH DATE'],
  surname: ['LN', 'LAST NAME', 'SURNAME', 'FAMILY NAME', '1', '1 LN'],
  givenNames: ['FN', 'FIRST NAME', 'GIVEN NAMES', 'GIVEN NAME', 'FIRST', '2', '2 FN'],
  sex: ['SEX', 'GENDER', '15', '15 SEX'],
};

/**
 * Licences of the rest of the world follow ISO/IEC 18013-1 (the EU's model): 1 surname, 2 given names, 3 date (and
 * place) of birth, 4a issue, 4b expiry, 4c authority, 5 licence number, often with the field's name beside the figure.
 * `5` is the number here, where AAMVA uses it for the document discriminator.
 */
export const ISO_LICENCE_LABELS: LatinLabels = {
  documentNumber: ['5', '5 NO', '5 NUMBER', 'LICENCE NO', 'LICENSE NO', 'LICENCE NUMBER', 'LICENSE NUMBER', 'DL NO', 'DRIVING LICENCE NO', 'NO'],
  expiryDate: ['4B', '4B EXPIRY', 'EXPIRY', 'EXPIRY DATE', 'DATE OF EXPIRY', 'VALID UNTIL', 'VALID TILL', 'VALIDITY'],
  issueDate: ['4A', '4A ISSUED', 'DATE OF ISSUE', 'ISSUE DATE', 'ISSUED'],
  dateOfBirth: ['3', '3 DOB', 'DOB', 'DATE OF BIRTH', 'BIRTH DATE'],
  surname: ['1', '1 SURNAME', 'SURNAME', 'LAST NAME', 'FAMILY NAME'],
  givenNames: ['2', '2 GIVEN NAMES', 'GIVEN NAMES', 'FIRST NAMES', 'FIRST NAME', 'FORENAMES'],
};

/** India's PAN card (Income Tax Department): Name, Father's Name, Date of Birth, Permanent Account Number. */
export const PAN_LABELS: LatinLabels = {
  fullName: ['NAME', 'FULL NAME'],
  fatherName: ["FATHER'S NAME", 'FATHERS NAME', 'FATHER NAME', "FATHER'S/HUSBAND'S NAME"],
  dateOfBirth: ['DATE OF BIRTH', 'DOB', 'BIRTH DATE', 'DATE OF INCORPORATION'],
  documentNumber: ['PERMANENT ACCOUNT NUMBER', 'PERMANENT ACCOUNT NUMBER CARD', 'PAN', 'PAN NO'],
};

/** Vehicle registration certificates: the registration mark, the owner, the dates of registration and of expiry. */
export const VEHICLE_LABELS: LatinLabels = {
  documentNumber: ['REGISTRATION NO', 'REGISTRATION NUMBER', 'REG NO', 'REGN NO', 'REG NUMBER', 'REGISTRATION MARK', 'PLATE NO', 'PLATE NUMBER', 'VEHICLE NO'],
  fullName: ["OWNER'S NAME", 'OWNER NAME', 'OWNER', 'NAME OF OWNER', 'REGISTERED OWNER', 'REGISTERED KEEPER', 'KEEPER', 'HOLDER'],
  issueDate: [
    'REGISTRATION DATE',
    'DATE OF REGISTRATION',
    'REG DATE',
    'REGN DATE',
    'DATE OF FIRST REGISTRATION',
    'FIRST REGISTRATION',
    'DATE OF ISSUE',
    'ISSUED',
  ],
  expiryDate: ['VALID UNTIL', 'VALID UPTO', 'VALID UP TO', 'VALID TILL', 'EXPIRY', 'EXPIRY DATE', 'EXPIRES', 'REGISTRATION VALID UPTO'],
};

/** Any identity document (the contract's `universal`): the words most documents print, with no field numbers. */
export const GENERIC_LABELS: LatinLabels = {
  documentNumber: [
    'DOCUMENT NO',
    'DOCUMENT NUMBER',
    'DOC NO',
    'ID NO',
    'ID NUMBER',
    'IDENTITY NO',
    'IDENTITY NUMBER',
    'CARD NO',
    'CARD NUMBER',
    'NUMBER',
    'NO',
    'PASSPORT NO',
    'LICENCE NO',
    'LICENSE NO',
  ],
  surname: ['SURNAME', 'LAST NAME', 'FAMILY NAME', 'NOM'],
  givenNames: ['GIVEN NAMES', 'GIVEN NAME', 'FIRST NAME', 'FIRST NAMES', 'FORENAMES', 'PRENOMS'],
  fullName: ['NAME', 'FULL NAME', 'HOLDER', "HOLDER'S NAME"],
  dateOfBirth: ['DATE OF BIRTH', 'DOB', 'BIRTH DATE', 'BIRTHDATE', 'BORN'],
  issueDate: ['DATE OF ISSUE', 'ISSUE DATE', 'ISSUED', 'ISSUED ON'],
  expiryDate: ['DATE OF EXPIRY', 'EXPIRY DATE', 'EXPIRY', 'EXPIRES', 'VALID UNTIL', 'VALID THRU', 'VALID TILL'],
  sex: ['SEX', 'GENDER'],
  nationality: ['NATIONALITY', 'CITIZENSHIP'],
};

export interface LatinValue {
  field: LatinField;
  raw: string;
  confidence: number;
  /** Index of the row the value was on, top to bottom. */
  row: number;
}

const clean = (word: string) =>
  word
    .toUpperCase()
    .replace(/[^A-Z0-9#]+$/g, '')
    .replace(/^[^A-Z0-9#]+/g, '');

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0] as number;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = dp[j] as number;
      dp[j] = Math.min((dp[j] as number) + 1, (dp[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = next;
    }
  }
  return dp[b.length] as number;
}

const sameWord = (read: string, label: string) => read === label || (label.length >= 4 && distance(read, label) <= 1);

/** The longest label at the start of `words`: the field and how many words it takes. */
export function matchLabel(words: readonly string[], set: LatinLabels = LICENCE_LABELS): { field: LatinField; length: number } | null {
  let best: { field: LatinField; length: number; chars: number } | null = null;
  for (const [field, labels] of Object.entries(set) as Array<[LatinField, readonly string[]]>) {
    for (const label of labels) {
      const parts = label.split(' ');
      const chars = label.length;
      // OCR may glue a label's words into one (`RegistrationNo`).
      if (parts.length > 1 && words.length > 0 && sameWord(clean(words[0] as string), parts.join('')) && (!best || chars > best.chars))
        best = { field, length: 1, chars };
      if (parts.length > words.length) continue;
      if (!parts.every((part, i) => sameWord(clean(words[i] ?? ''), part))) continue;
      if (!best || chars > best.chars) best = { field, length: parts.length, chars };
    }
  }
  return best && { field: best.field, length: best.length };
}

/**
 * Every labelled value: in each row, a label and the words after it up to the next label. A row that is a label
 * alone gives its value to the next row (labels printed above their values).
 */
export function latinValues(reads: readonly RowRead[], set: LatinLabels = LICENCE_LABELS): LatinValue[] {
  const out: LatinValue[] = [];
  let pending: LatinField | null = null;
  reads.forEach((read, rowIndex) => {
    const words = splitFieldNumbers(read.words.filter((w) => w.text.trim() !== ''));
    let i = 0;
    let current: { field: LatinField; words: typeof words } | null = null;
    const flush = () => {
      if (current && current.words.length > 0) {
        out.push({
          field: current.field,
          raw: current.words.map((w) => w.text).join(' '),
          confidence: Math.min(...current.words.map((w) => w.confidence)),
          row: rowIndex,
        });
      }
    };
    let sawLabel = false;
    while (i < words.length) {
      const label = matchLabel(
        words.slice(i).map((w) => w.text),
        set,
      );
      if (label) {
        flush();
        current = { field: label.field, words: [] };
        sawLabel = true;
        i += label.length;
        continue;
      }
      if (!current && pending) current = { field: pending, words: [] };
      if (current) current.words.push(words[i] as (typeof words)[number]);
      i += 1;
    }
    flush();
    pending = sawLabel && current && current.words.length === 0 ? current.field : null;
  });
  return out;
}

/** `15SEX` → `15` `SEX`: a field number OCR glued to its label. */
function splitFieldNumbers<W extends { text: string }>(words: readonly W[]): W[] {
  return words.flatMap((word) => {
    const glued = word.text.match(/^(\d{1,2}[a-dA-D]?)([A-Za-z]{2,}\W*)$/);
    return glued
      ? [
          { ...word, text: glued[1] as string },
          { ...word, text: glued[2] as string },
        ]
      : [word];
  });
}

const pad = (n: number) => String(n).padStart(2, '0');

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? `${year}-${pad(month)}-${pad(day)}` : null;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/**
 * A printed date: `MM/DD/YYYY` where the document is from the US (`monthFirst`), `DD.MM.YYYY` or `DD/MM/YYYY`
 * elsewhere, `YYYY-MM-DD` anywhere, and `DD MON YYYY`. Letters OCR reads for digits are put back.
 */
export function parseLatinDate(raw: string, monthFirst: boolean): string | null {
  const text = raw.toUpperCase().replace(/[OQD]/g, '0').replace(/[IL|]/g, '1').replace(/S/g, '5').replace(/B/g, '8');
  const named = raw.toUpperCase().match(/(\d{1,2})\s*([A-Z]{3})[A-Z]*\s*(\d{4})/);
  if (named && MONTHS.includes(named[2] as string)) return isoDate(Number(named[3]), MONTHS.indexOf(named[2] as string) + 1, Number(named[1]));
  const iso = text.match(/(\d{4})\s*[-/.]\s*(\d{2})\s*[-/.]\s*(\d{2})/);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  // A separator OCR lost may leave a space (`24 07.2029`).
  const parts = text.match(/(\d{2})\s*[-/. ]\s*(\d{2})\s*[-/. ]\s*(\d{4})/) ?? text.match(/^\s*(\d{2})(\d{2})(\d{4})\s*$/);
  if (!parts) return null;
  const [a, b, year] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  return monthFirst ? isoDate(year, a, b) : isoDate(year, b, a);
}

/** Names in capitals: letters, spaces, hyphens and apostrophes; anything else read around them dropped. */
export function parseLatinName(raw: string): string | null {
  const words = raw
    .toUpperCase()
    .split(/\s+/)
    .map((w) => w.replace(/[^A-Z'-]/g, ''))
    .filter((w) => w.length > 0);
  return words.length > 0 ? words.join(' ') : null;
}

/** A document number: the first run of 5-20 capitals and digits with at least one digit. */
export function parseDocumentNumber(raw: string): string | null {
  const token = raw
    .toUpperCase()
    .replace(/\$/g, 'S')
    .split(/\s+/)
    .map((w) => w.replace(/[^A-Z0-9]/g, ''))
    .find((w) => w.length >= 5 && w.length <= 20 && /\d/.test(w));
  return token ?? null;
}

export function parseSex(raw: string): string | null {
  const first = raw.trim().toUpperCase()[0];
  return first === 'M' || first === 'F' || first === 'X' ? first : null;
}
