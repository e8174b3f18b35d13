import type { RowRead } from './line-ocr';

/**
 * Labelled values on documents printed in Latin script (driver's licences, ID cards): rows of OCR'd words, each row a
 * label followed by its value. Labels are matched by their words, tolerant to one misread letter in words of four or
 * more; the AAMVA field numbers (`4d`, `4b`, `3`, ...) that prefix labels on US licences are part of the label.
 */
export type LatinField = 'documentNumber' | 'surname' | 'givenNames' | 'dateOfBirth' | 'expiryDate' | 'issueDate' | 'sex';

/** Label words per field, as printed across US and Canadian licences and European ID cards (AAMVA CDS 2020, ICAO 9303-3). */
const LABELS: Record<LatinField, readonly string[]> = {
  documentNumber: ['DL', 'DLN', 'DL NO', 'LIC', 'LIC NO', 'LIC#', 'LICENSE NO', 'LICENCE NO', 'LICENSE NUMBER', 'LICENCE NUMBER', 'NUMBER', 'NO', 'DOCUMENT NO', 'DOCUMENT NUMBER', 'CARD NO', 'ID NO', '4D', '4D DLN', '4D LIC', '4D LIC#', '4D NO'],
  expiryDate: ['EXP', 'EXPIRES', 'EXPIRY', 'EXPIRATION', 'DATE OF EXPIRY', 'EXPIRY DATE', 'VALID UNTIL', 'VALID THRU', '4B', '4B EXP', '4B EXPIRES'],
  issueDate: ['ISS', 'ISSUED', 'ISSUE DATE', 'DATE OF ISSUE', 'VALID FROM', '4A', '4A ISS', '4A ISSUED'],
  dateOfBirth: ['DOB', 'BIRTH DATE', 'DATE OF BIRTH', 'BIRTHDATE', 'BORN', '3', '3 DOB', '3 DATE OF BIRTH', '3 BIRTH DATE'],
  surname: ['LN', 'LAST NAME', 'SURNAME', 'FAMILY NAME', '1', '1 LN'],
  givenNames: ['FN', 'FIRST NAME', 'GIVEN NAMES', 'GIVEN NAME', 'FIRST', '2', '2 FN'],
  sex: ['SEX', 'GENDER', '15', '15 SEX'],
};

export interface LatinValue {
  field: LatinField;
  raw: string;
  confidence: number;
  /** Index of the row the value was on, top to bottom. */
  row: number;
}

const clean = (word: string) => word.toUpperCase().replace(/[^A-Z0-9#]+$/g, '').replace(/^[^A-Z0-9#]+/g, '');

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
export function matchLabel(words: readonly string[]): { field: LatinField; length: number } | null {
  let best: { field: LatinField; length: number; chars: number } | null = null;
  for (const [field, labels] of Object.entries(LABELS) as Array<[LatinField, readonly string[]]>) {
    for (const label of labels) {
      const parts = label.split(' ');
      if (parts.length > words.length) continue;
      if (!parts.every((part, i) => sameWord(clean(words[i] ?? ''), part))) continue;
      const chars = label.length;
      if (!best || chars > best.chars) best = { field, length: parts.length, chars };
    }
  }
  return best && { field: best.field, length: best.length };
}

/**
 * Every labelled value: in each row, a label and the words after it up to the next label. A row that is a label
 * alone gives its value to the next row (labels printed above their values).
 */
export function latinValues(reads: readonly RowRead[]): LatinValue[] {
  const out: LatinValue[] = [];
  let pending: LatinField | null = null;
  reads.forEach((read, rowIndex) => {
    const words = splitFieldNumbers(read.words.filter((w) => w.text.trim() !== ''));
    let i = 0;
    let current: { field: LatinField; words: typeof words } | null = null;
    const flush = () => {
      if (current && current.words.length > 0) {
        out.push({ field: current.field, raw: current.words.map((w) => w.text).join(' '), confidence: Math.min(...current.words.map((w) => w.confidence)), row: rowIndex });
      }
    };
    let sawLabel = false;
    while (i < words.length) {
      const label = matchLabel(words.slice(i).map((w) => w.text));
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
    return glued ? [{ ...word, text: glued[1] as string }, { ...word, text: glued[2] as string }] : [word];
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
  const parts = text.match(/(\d{2})\s*[-/.]\s*(\d{2})\s*[-/.]\s*(\d{4})/) ?? text.match(/^\s*(\d{2})(\d{2})(\d{4})\s*$/);
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
