import { canonicalText } from './canonical-text';
import { ADDRESS_PARTS, addressSchema, normaliseAddress, type Address } from './normalise-address';
import { normaliseName } from './normalise-name';
import { nidDigits } from './normalise-nid';
import { parseDate } from './parse-date';
import { textSimilarity } from './similarity';

export const MATCH_FIELDS = ['nid', 'nameEn', 'name', 'father', 'mother', 'spouse', 'dateOfBirth', 'presentAddress', 'permanentAddress'] as const;
export type MatchField = (typeof MATCH_FIELDS)[number];

export interface ApplicantFields {
  nid?: string | null;
  nameEn?: string | null;
  name?: string | null;
  father?: string | null;
  mother?: string | null;
  spouse?: string | null;
  dateOfBirth?: string | null;
  presentAddress?: Address | null;
  permanentAddress?: Address | null;
}

/** A day/month swap is a typical entry slip: visible in the score, yet never enough to match at the default threshold. */
export const SWAPPED_DATE_SCORE = 60;

const EMPTY: unique symbol = Symbol('empty');
const UNUSABLE: unique symbol = Symbol('unusable');
type Side<T> = T | typeof EMPTY | typeof UNUSABLE;

/** Blank means there is nothing to compare; a value of the wrong type can never match. */
function readText(value: unknown): Side<string> {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value !== 'string') return UNUSABLE;
  const text = canonicalText(value);
  return text === '' ? EMPTY : text;
}

function compare<T>(candidate: Side<T>, reference: Side<T>, score: (candidate: T, reference: T) => number): number | null {
  if (candidate === EMPTY || reference === EMPTY) return null;
  if (candidate === UNUSABLE || reference === UNUSABLE) return 0;
  return score(candidate, reference);
}

/** 100 is reserved for equality after normalisation, so a near miss never reads as exact. */
const toScore = (similarity: number, equal: boolean): number => (equal ? 100 : Math.min(99, Math.round(similarity * 100)));

/** Honorific prefixes written on some documents and left off others: "Md. Abdus Salam" is also "Abdus Salam". */
const OPTIONAL_PREFIXES = new Set(['mohammad', 'mosammat', normaliseName('মোহাম্মদ'), normaliseName('মোছাম্মৎ')]);

function withoutOneSidedPrefixes(a: string, b: string): [string, string] {
  const [left, right] = [a.split(' '), b.split(' ')];
  const oneSided = (word: string): boolean => OPTIONAL_PREFIXES.has(word) && left.includes(word) !== right.includes(word);
  const keep = (words: string[]): string => words.filter((word) => !oneSided(word)).join(' ');
  return [keep(left), keep(right)];
}

function scoreName(candidate: string, reference: string): number {
  const [a, b] = [normaliseName(candidate), normaliseName(reference)];
  if (a === '' || b === '') return 0;
  if (a === b) return 100;
  const [left, right] = withoutOneSidedPrefixes(a, b);
  return left === '' || right === '' ? 0 : toScore(textSimilarity(left, right), false);
}

function readNid(value: unknown): Side<string> {
  // A JSON number above 2^53 has already lost digits (17-digit NIDs do), so only safe integers are read.
  const raw = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
  const text = readText(raw);
  if (typeof text !== 'string') return text;
  const parsed = nidDigits(text);
  return parsed.ok ? parsed.value.digits : UNUSABLE;
}

function scoreNid(candidate: string, reference: string): number {
  if (candidate === reference) return 100;
  const [shorter, longer] = candidate.length < reference.length ? [candidate, reference] : [reference, candidate];
  // A 17-digit NID is the 13-digit one prefixed with the birth year.
  return shorter.length === 13 && longer.length === 17 && longer.slice(4) === shorter ? 100 : 0;
}

function readDate(value: unknown): Side<string> {
  const text = readText(value);
  if (typeof text !== 'string') return text;
  const parsed = parseDate(text);
  return parsed.ok ? parsed.value : UNUSABLE;
}

function scoreDate(candidate: string, reference: string): number {
  if (candidate === reference) return 100;
  const [cy, cm, cd] = candidate.split('-');
  const [ry, rm, rd] = reference.split('-');
  return cy === ry && cm === rd && cd === rm ? SWAPPED_DATE_SCORE : 0;
}

function readAddress(value: unknown): Side<Address> {
  if (value === null || value === undefined) return EMPTY;
  const parsed = addressSchema.safeParse(typeof value === 'string' ? { line: value } : value);
  if (!parsed.success) return UNUSABLE;
  const address = normaliseAddress(parsed.data);
  return ADDRESS_PARTS.some((part) => address[part]) ? address : EMPTY;
}

/** How well `needle` appears somewhere in a free-text line: its best match among runs of as many words. */
function bestWindowSimilarity(needle: string, line: string): number {
  const words = line.split(' ');
  const width = needle.split(' ').length;
  if (words.length <= width) return textSimilarity(needle, line);
  let best = 0;
  for (let start = 0; start + width <= words.length; start++) best = Math.max(best, textSimilarity(needle, words.slice(start, start + width).join(' ')));
  return best;
}

/**
 * Averaged over the parts the reference has. A part the candidate lacks is looked for in the candidate's free-text
 * line (the agent API sends addresses as one line); with no line to look in, it scores 0.
 */
function scoreAddress(candidate: Address, reference: Address): number {
  const similarities = ADDRESS_PARTS.flatMap((part) => {
    const wanted = reference[part];
    if (!wanted) return [];
    const given = candidate[part];
    if (given) return [textSimilarity(given, wanted)];
    if (part !== 'line') return [candidate.line ? bestWindowSimilarity(wanted, candidate.line) : 0];
    const parts = ADDRESS_PARTS.flatMap((p) => candidate[p] || []);
    return [parts.reduce((sum, p) => sum + bestWindowSimilarity(p, wanted), 0) / parts.length];
  });
  const average = similarities.reduce((sum, s) => sum + s, 0) / similarities.length;
  return toScore(
    average,
    similarities.every((s) => s === 1),
  );
}

/**
 * 0-100 similarity after normalisation, or null when either side is empty (nothing to compare). A value that
 * cannot be read (an invalid NID or date, a non-string name) scores 0.
 * - names: 100 on normalised equality, else a blend of word overlap and character similarity, at most 99;
 * - dateOfBirth: 100 equal, SWAPPED_DATE_SCORE when only day and month are swapped, else 0;
 * - nid: 100 equal after normalisation (a 13-digit number equals the 17-digit one that ends with it), else 0;
 * - addresses: the average over the parts present in the reference.
 */
export function scoreField(field: MatchField, candidate: unknown, reference: unknown): number | null {
  switch (field) {
    case 'nid':
      return compare(readNid(candidate), readNid(reference), scoreNid);
    case 'dateOfBirth':
      return compare(readDate(candidate), readDate(reference), scoreDate);
    case 'presentAddress':
    case 'permanentAddress':
      return compare(readAddress(candidate), readAddress(reference), scoreAddress);
    default:
      return compare(readText(candidate), readText(reference), scoreName);
  }
}
