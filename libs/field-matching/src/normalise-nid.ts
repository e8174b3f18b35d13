import { canonicalText } from './canonical-text';
import { fail, ok, type Result } from './result';

export type NidKind = 'nid10' | 'nid17';
export interface Nid {
  value: string;
  kind: NidKind;
}

const FIRST_PLAUSIBLE_BIRTH_YEAR = 1900;
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g;

const isPlausibleBirthYear = (year: number): boolean => Number.isInteger(year) && year >= FIRST_PLAUSIBLE_BIRTH_YEAR && year <= new Date().getUTCFullYear();
const plausibleRange = (): string => `${FIRST_PLAUSIBLE_BIRTH_YEAR}..${new Date().getUTCFullYear()}`;

/** The bare digits of a national id: 10 (smart card), 13 (old number, no birth year) or 17 (old number with birth year). */
export function nidDigits(raw: string): Result<{ digits: string; length: 10 | 13 | 17 }> {
  const digits = canonicalText(raw).replace(SEPARATORS, '');
  if (digits === '') return fail('INVALID_NID', 'NID is empty');
  if (!/^\d+$/.test(digits)) return fail('INVALID_NID', 'NID may contain only digits, spaces and dashes');
  const { length } = digits;
  if (length !== 10 && length !== 13 && length !== 17) return fail('INVALID_NID', `NID must have 10, 13 or 17 digits, not ${length}`);
  if (length === 17) {
    const year = Number(digits.slice(0, 4));
    if (!isPlausibleBirthYear(year)) return fail('INVALID_NID', `17-digit NID must start with a birth year in ${plausibleRange()}, not ${year}`);
  }
  return ok({ digits, length });
}

/**
 * NIDs in ASCII or Bengali digits, spaces and dashes allowed. A 13-digit number becomes the 17-digit form by
 * prefixing the birth year, which is then required; a 17-digit number must agree with a given birth year.
 */
export function normaliseNid(raw: string, birthYear?: number): Result<Nid> {
  const parsed = nidDigits(raw);
  if (!parsed.ok) return parsed;
  const { digits, length } = parsed.value;
  if (length === 10) return ok({ value: digits, kind: 'nid10' });

  if (birthYear !== undefined && !isPlausibleBirthYear(birthYear)) {
    return fail('INVALID_BIRTH_YEAR', `birth year must be a whole number in ${plausibleRange()}, not ${birthYear}`);
  }
  if (length === 13) {
    if (birthYear === undefined) return fail('NID_NEEDS_BIRTH_YEAR', 'a 13-digit NID needs the birth year to become the 17-digit form');
    return ok({ value: `${birthYear}${digits}`, kind: 'nid17' });
  }
  if (birthYear !== undefined && digits.slice(0, 4) !== String(birthYear)) {
    return fail('NID_BIRTH_YEAR_MISMATCH', `17-digit NID starts with ${digits.slice(0, 4)} but the birth year is ${birthYear}`);
  }
  return ok({ value: digits, kind: 'nid17' });
}
