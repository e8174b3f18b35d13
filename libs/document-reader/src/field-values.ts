import { canonicalText, detectScript, levenshtein, normaliseNid, parseDate } from '@ekyc/field-matching';
import { DISTRICTS, DIVISIONS } from './districts';
import type { NidCardKind, NidField } from './nid-fields';
import type { OcrJob, OcrWord } from './ocr-pool';
import type { ReadField } from './types';

const DIGITS = '0123456789';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_LETTERS = [...new Set(MONTHS.join(''))].join('');

/** The 64 district geocodes of Bangladesh (BBS): digits 5-6 of a 17-digit NID, 1-2 of a 13-digit one. */
const DISTRICT_CODES = new Set([
  1, 3, 4, 6, 9, 10, 12, 13, 15, 18, 19, 22, 26, 27, 29, 30, 32, 33, 35, 36, 38, 39, 41, 42, 44, 46, 47, 48, 49, 50, 51, 52, 54, 55, 56, 57, 58, 59, 61, 64, 65,
  67, 68, 69, 70, 72, 73, 75, 76, 77, 78, 79, 81, 82, 84, 85, 86, 87, 88, 89, 90, 91, 93,
]);

/**
 * Minimum OCR confidence (of the least sure word) for a value that also validates. Calibrated on 240 cards of the
 * tuning set of tools/cardgen (never on the held-out set) for a precision of accepted fields above 99.5%: Tesseract
 * misreads a Bengali vowel sign or a look-alike letter with a confidence up to ~91, Latin fields checked twice are
 * right from 70 up. An address is long and every word of it must be sure; one word in twenty is a misread at 90.
 */
export const CONFIDENCE_THRESHOLDS: Record<NidField, number> = {
  nameBn: 92,
  nameEn: 70,
  fatherName: 92,
  motherName: 92,
  dateOfBirth: 70,
  nidNumber: 70,
  address: 95,
  bloodGroup: 40,
  birthPlace: 92,
  issueDate: 80,
};

/** Fields printed in Latin script: read a second time by the English model, limited to the characters they may hold. */
export const LATIN_FIELDS: ReadonlySet<NidField> = new Set(['nameEn', 'dateOfBirth', 'nidNumber', 'bloodGroup', 'issueDate']);

/** Tesseract settings for the second read of a Latin value: printed formats are known. */
export function latinJobFor(field: NidField): OcrJob {
  const psm = 7;
  switch (field) {
    case 'nameEn':
      return { psm, whitelist: "ABCDEFGHIJKLMNOPQRSTUVWXYZ .-'" };
    case 'dateOfBirth':
      return { psm, whitelist: `${DIGITS} ${MONTH_LETTERS}${MONTH_LETTERS.toUpperCase()}` };
    case 'nidNumber':
      return { psm, whitelist: `${DIGITS} ` };
    case 'issueDate':
      return { psm, whitelist: `${DIGITS}/.-` };
    case 'bloodGroup':
      return { psm, whitelist: 'ABO+-' };
    default:
      return { psm };
  }
}

/** What OCR gave for one value: its text, the confidence of its least sure word, its words. */
export interface ValueText {
  text: string;
  confidence: number;
  words?: readonly Pick<OcrWord, 'text' | 'confidence'>[];
}

export const emptyField = (source: ReadField['source'] = 'ocr'): ReadField => ({ value: null, raw: '', confidence: 0, accepted: false, source });

/** Letters a digit field may be misread as, when no whitelist applied. */
const DIGIT_LOOKALIKES: Record<string, string> = {
  O: '0',
  o: '0',
  D: '0',
  Q: '0',
  I: '1',
  l: '1',
  i: '1',
  '|': '1',
  Z: '2',
  S: '5',
  s: '5',
  B: '8',
  G: '6',
  b: '6',
  g: '9',
  q: '9',
};
export const fixDigits = (text: string): string => text.replace(/[OoDQIli|ZSsBGbgq]/g, (c) => DIGIT_LOOKALIKES[c] ?? c);

function closestMonth(word: string): number | null {
  const lower = word.toLowerCase();
  let best: { month: number; distance: number } | null = null;
  MONTHS.forEach((name, index) => {
    const distance = levenshtein(lower.slice(0, 3), name.toLowerCase());
    if (!best || distance < best.distance) best = { month: index + 1, distance };
  });
  const found = best as { month: number; distance: number } | null;
  return found && found.distance <= 1 ? found.month : null;
}

/** `23 Mar 1978` as OCR reads it (spaces lost, O for 0, a month letter off) → ISO, or null. */
export function parsePrintedBirthDate(raw: string): string | null {
  const text = canonicalText(raw).replace(/\s+/g, '');
  const match = /^([0-9OoIl|]{1,2})([A-Za-z]{3,5}?)[.,]?([0-9OoIl|SB]{4})$/.exec(text);
  if (!match) {
    const parsed = parseDate(raw);
    return parsed.ok ? parsed.value : null;
  }
  const month = closestMonth(match[2]);
  if (month === null) return null;
  const parsed = parseDate(`${fixDigits(match[3])}-${month}-${fixDigits(match[1])}`);
  return parsed.ok ? parsed.value : null;
}

/** `12/05/2017`, slashes possibly lost or misread → ISO, or null. */
export function parsePrintedIssueDate(raw: string): string | null {
  const text = fixDigits(canonicalText(raw)).replace(/[\s\\|]/g, '/');
  const compact = text.replace(/\D/g, '');
  const candidates = [text, compact.length === 8 ? `${compact.slice(0, 2)}/${compact.slice(2, 4)}/${compact.slice(4)}` : ''];
  for (const candidate of candidates) {
    const match = /^(\d{1,2})\/+(\d{1,2})\/+(\d{4})$/.exec(candidate);
    if (!match) continue;
    const parsed = parseDate(`${match[1]}/${match[2]}/${match[3]}`);
    if (parsed.ok) return parsed.value;
  }
  return null;
}

export function parseBloodGroup(raw: string): string | null {
  const text = canonicalText(raw)
    .toUpperCase()
    .replace(/0/g, 'O')
    .replace(/\s/g, '')
    .replace(/[\u2010-\u2015\u2212_]/g, '-');
  const match = /^(AB|A|B|O)([+-])$/.exec(text);
  return match ? `${match[1]}${match[2]}` : null;
}

// A label only when followed by a colon (or visarga, used as one) or a space: নামিরা is a name, not নাম + িরা.
const labelPattern = (word: string): RegExp => new RegExp(`^${word}(?:\\s*(?::|\u0983)|\\s)\\s*`);
const LABELS: Partial<Record<NidField, RegExp>> = {
  nameBn: labelPattern('নাম'),
  fatherName: labelPattern('পিতা'),
  motherName: labelPattern('মাতা'),
  address: labelPattern('ঠিকানা'),
  birthPlace: labelPattern('জন্মস্থান'),
  nameEn: /^NAME\s*[:;.]?\s+/i,
};

/** Bengali text: label removed if it leaked into the box, stray marks from borders and Latin noise trimmed. */
const NAME_FIELDS = new Set<NidField>(['nameBn', 'fatherName', 'motherName']);

export function cleanBengaliText(field: NidField, raw: string): string {
  let text = canonicalText(raw);
  const label = LABELS[field];
  if (label) text = text.replace(label, '');
  // Names have no digits (canonicalText made Bengali digits ASCII): a number is a misread speck.
  if (NAME_FIELDS.has(field)) text = text.replace(/\S*\d\S*/g, ' ');
  return (
    text
      .replace(field === 'address' ? /[^\u0980-\u09FF0-9\s,.:\-/()]/g : /[^\u0980-\u09FF0-9\s,.\-/()]/g, ' ')
      .replace(/\s+/g, ' ')
      // A vowel sign or hasanta cannot start a word: it is a speck read as a mark.
      .replace(/(^|\s)[\u0981-\u0983\u09BC\u09BE-\u09CD\u09D7]+/g, '$1')
      .replace(/^[\s,.\-/]+|[\s,.\-/]+$/g, '')
      .trim()
  );
}

export function cleanEnglishName(raw: string): string {
  return canonicalText(raw)
    .toUpperCase()
    .replace(LABELS.nameEn as RegExp, '')
    .replace(/[^A-Z .'-]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.'-]+|[\s'-]+$/g, '')
    .trim();
}

const bengaliLetters = (text: string): number => (text.match(/[\u0985-\u09B9\u09CE\u09DC-\u09DF]/g) ?? []).length;
/** Share of the text's letters and signs that are Bengali: stray Latin letters make a misread. */
const bengaliShare = (text: string): number => {
  const signs = text.replace(/[\s,.\-/()0-9]/g, '');
  return signs.length === 0 ? 0 : (signs.match(/[\u0980-\u09FF]/g) ?? []).length / signs.length;
};

export interface FieldContext {
  kind: NidCardKind;
  /** From the date of birth read on the front, to check a 17-digit NID. */
  birthYear?: number;
}

/**
 * A NID as the card kind prints it: 10 digits on smart cards (no leading zero); 17 on old ones (the birth year, then a
 * district geocode), or 13 (the 17 without the year). The Election Commission publishes no check digit.
 */
export function validNid(digits: string, context: FieldContext): boolean {
  if (context.kind === 'nid_smart') return /^[1-9]\d{9}$/.test(digits);
  if (digits.length !== 13 && digits.length !== 17) return false;
  const district = Number(digits.length === 17 ? digits.slice(4, 6) : digits.slice(0, 2));
  if (!DISTRICT_CODES.has(district)) return false;
  if (digits.length === 13 && context.birthYear === undefined) return true;
  return normaliseNid(digits, context.birthYear).ok;
}

/**
 * Short words at either end read this unsurely are specks of the security print or of a neighbouring line. Longer
 * unsure words are kept: a real first name is often the least sure word of a line.
 */
const EDGE_WORD_CONFIDENCE = 60;
const EDGE_WORD_MAX_LENGTH = 3;

const isSpeck = (word: Pick<OcrWord, 'text' | 'confidence'>): boolean =>
  word.confidence < EDGE_WORD_CONFIDENCE && [...word.text.trim()].length <= EDGE_WORD_MAX_LENGTH;

/** The text without specks at its ends, and the mean confidence of the words kept. */
export function trimUnsureEdgeWords(ocr: ValueText): { text: string; confidence: number } {
  const words = (ocr.words ?? []).filter((word) => word.text.trim() !== '');
  if (words.length === 0) return { text: ocr.text, confidence: ocr.confidence };
  let start = 0;
  let end = words.length;
  while (end - start > 1 && isSpeck(words[start])) start++;
  while (end - start > 1 && isSpeck(words[end - 1])) end--;
  const kept = words.slice(start, end);
  return { text: kept.map((word) => word.text).join(' '), confidence: Math.min(...kept.map((word) => word.confidence)) };
}

const PLACES = new Set([...DISTRICTS, ...DIVISIONS].map((name) => canonicalText(name)));
/** The last comma-separated part of an address, without a label of its own (`জেলা: ঢাকা` → `ঢাকা`). */
const lastPart = (address: string): string => canonicalText((address.split(',').pop() ?? '').replace(/^[^:]*:/, ''));

const TEXT_FIELDS = new Set<NidField>(['nameBn', 'nameEn', 'fatherName', 'motherName', 'address', 'birthPlace']);

/** The normalised value of one OCR'd field and whether to trust it. */
export function interpretField(field: NidField, ocr: ValueText, context: FieldContext): ReadField {
  const raw = ocr.text.trim();
  // Specks at the ends are dropped from the value, but the confidence stays that of every word read: a dropped
  // "speck" may have been a word misread.
  const read = TEXT_FIELDS.has(field) ? trimUnsureEdgeWords(ocr) : { text: ocr.text, confidence: ocr.confidence };
  const confidence = Math.max(0, Math.min(100, Math.round(Math.min(read.confidence, ocr.confidence))));
  const result = (value: string | null, valid: boolean): ReadField => ({
    value: value === '' ? null : value,
    raw,
    confidence,
    accepted: value !== null && value !== '' && valid && confidence >= CONFIDENCE_THRESHOLDS[field],
    source: 'ocr',
  });
  switch (field) {
    case 'nameBn':
    case 'fatherName':
    case 'motherName':
    case 'address':
    case 'birthPlace': {
      const text = cleanBengaliText(field, read.text);
      const letters = bengaliLetters(text);
      const bengali = detectScript(text) === 'bengali' && letters >= 2 && bengaliShare(text) >= 0.9 && !/[A-Za-z]/.test(raw);
      // A birth place is a district; an address ends in its district or division.
      const placed = field === 'birthPlace' ? PLACES.has(canonicalText(text)) : field === 'address' ? PLACES.has(lastPart(text)) : true;
      return result(text, bengali && placed);
    }
    case 'nameEn': {
      const text = cleanEnglishName(read.text);
      return result(text, detectScript(text) === 'latin' && (text.match(/[A-Z]/g) ?? []).length >= 2);
    }
    case 'dateOfBirth': {
      const iso = parsePrintedBirthDate(raw);
      const year = iso ? Number(iso.slice(0, 4)) : 0;
      return result(iso, year >= 1900 && year <= new Date().getUTCFullYear());
    }
    case 'issueDate': {
      const iso = parsePrintedIssueDate(raw);
      const year = iso ? Number(iso.slice(0, 4)) : 0;
      return result(iso, year >= 2000 && iso !== null && iso <= new Date().toISOString().slice(0, 10));
    }
    case 'nidNumber': {
      // Spaces and dots may group the digits; any other character left after look-alikes is a misread.
      const cleaned = fixDigits(canonicalText(raw)).replace(/[\s.,-]/g, '');
      const digits = cleaned.replace(/\D/g, '');
      return result(digits, digits === cleaned && validNid(digits, context));
    }
    case 'bloodGroup': {
      const group = parseBloodGroup(raw);
      return result(group, group !== null);
    }
  }
}

/**
 * Two reads of one value (the Bengali-and-English read of the line, and the English model's read limited to the
 * field's characters): accepted when they agree and are valid; when they disagree, the valid one is kept for review.
 */
export function combineReadings(first: ReadField, second: ReadField | null): ReadField {
  if (!second) return first;
  if (first.value !== null && first.value === second.value) {
    const confidence = Math.max(first.confidence, second.confidence);
    return { ...first, confidence, accepted: first.accepted || second.accepted };
  }
  const valid = (f: ReadField) => f.value !== null && f.accepted;
  if (valid(first) && !valid(second) && second.value === null) return first;
  if (valid(second) && !valid(first) && first.value === null) return second;
  const kept = (second.value !== null && (valid(second) || !valid(first)) ? second : first) as ReadField;
  return { ...kept, accepted: false };
}
