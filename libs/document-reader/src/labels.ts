import { canonicalText, levenshtein } from '@ekyc/field-matching';
import type { PlacedWord, RowRead } from './line-ocr';
import type { NidField } from './nid-fields';

/**
 * The printed labels of Bangladesh NID cards, as their public descriptions give them, and the variants seen on
 * cards of different print batches. A label is found by its text, wherever it stands on the card.
 */
export const NID_LABELS: Record<NidField, readonly string[]> = {
  nameBn: ['নাম'],
  nameEn: ['Name'],
  fatherName: ['পিতা'],
  motherName: ['মাতা'],
  dateOfBirth: ['Date of Birth', 'জন্ম তারিখ', 'Birth Date'],
  nidNumber: ['ID NO', 'NID No', 'NID Number', 'ID Number'],
  address: ['ঠিকানা'],
  bloodGroup: ['রক্তের গ্রুপ / Blood Group', 'রক্তের গ্রুপ', 'Blood Group'],
  birthPlace: ['জন্মস্থান'],
  issueDate: ['প্রদানের তারিখ', 'Issue Date', 'Date of Issue'],
};

/** A word of a row split at colons, which end labels: `নাম:আবদুল` is two tokens. */
export interface Token extends PlacedWord {
  /** A colon (or a visarga used as one) ended this token. */
  colon: boolean;
}

export interface LabelHit {
  field: NidField;
  row: number;
  /** Token span of the label in its row: [start, end). */
  start: number;
  end: number;
  score: number;
}

/** Letters, marks and digits only, Latin in lower case: `ID NO:` → `idno`, `নাম:` → `নাম`. */
export const compact = (text: string): string =>
  canonicalText(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]/gu, '');

const COMPACT_LABELS = (Object.entries(NID_LABELS) as [NidField, readonly string[]][]).flatMap(([field, variants]) =>
  variants.map((variant) => ({ field, text: compact(variant) })),
);
const MAX_LABEL_WORDS = 6;

export function tokenise(words: readonly PlacedWord[]): Token[] {
  const tokens: Token[] = [];
  for (const word of words) {
    const parts = word.text.split(/(?<=[:：])/u);
    const chars = Math.max(1, [...word.text].length);
    let offset = 0;
    for (const part of parts) {
      const length = [...part].length;
      const x0 = word.x0 + ((word.x1 - word.x0) * offset) / chars;
      const x1 = word.x0 + ((word.x1 - word.x0) * (offset + length)) / chars;
      offset += length;
      const colon = /[:：]$/u.test(part);
      const text = part.replace(/[:：]$/u, '');
      if (text.trim() === '' && colon && tokens.length > 0) tokens[tokens.length - 1].colon = true;
      else if (text.trim() !== '') tokens.push({ text, confidence: word.confidence, x0, x1, colon, block: word.block, lang: word.lang });
    }
  }
  return tokens;
}

/**
 * Edits a label may carry and still be that label: none for very short ones, then one per four letters. OCR reads
 * label words well (they are printed large and plain); values are what it struggles with.
 */
function allowedEdits(length: number): number {
  if (length <= 3) return 0;
  if (length <= 5) return 1;
  return Math.floor(length / 4);
}

/**
 * Candidate labels in every row, best first: a span of up to six tokens whose letters are within the allowed edits
 * of a label. A short label also counts with one edit when it starts its row and a value follows it.
 */
export function labelCandidates(rows: readonly Token[][]): LabelHit[] {
  const hits: LabelHit[] = [];
  rows.forEach((tokens, row) => {
    for (let start = 0; start < tokens.length; start++) {
      let text = '';
      for (let end = start + 1; end <= Math.min(tokens.length, start + MAX_LABEL_WORDS); end++) {
        // A visarga ends Bengali labels on some prints (নামঃ); inside a name it is a letter (মোঃ) and stays.
        text += compact(tokens[end - 1].text.replace(/\u0983$/u, end === start + 1 ? '' : '\u0983'));
        const last = tokens[end - 1];
        for (const label of COMPACT_LABELS) {
          if (Math.abs(text.length - label.text.length) > 3) continue;
          const edits = levenshtein(text, label.text);
          const followed = end < tokens.length;
          // A colon after it, or a value after a very short one at the start of its line, vouch for a label.
          const lenient = (start === 0 && followed && label.text.length <= 3) || (last.colon && label.text.length >= 6) ? 1 : 0;
          if (edits > allowedEdits(label.text.length) + lenient) continue;
          // Longer labels that match win over their own parts (`রক্তের গ্রুপ / Blood Group` over `রক্তের গ্রুপ`).
          const score = 1 - edits / label.text.length + (last.colon ? 0.05 : 0) + (start === 0 ? 0.05 : 0) + 0.01 * label.text.length;
          hits.push({ field: label.field, row, start, end, score });
        }
      }
    }
  });
  return hits.sort((a, b) => b.score - a.score || a.row - b.row || a.start - b.start);
}

/** Each field's label once, spans never overlapping: the best-scoring candidates win. */
export function assignLabels(rows: readonly Token[][]): LabelHit[] {
  const chosen: LabelHit[] = [];
  for (const hit of labelCandidates(rows)) {
    if (chosen.some((c) => c.field === hit.field)) continue;
    if (chosen.some((c) => c.row === hit.row && c.start < hit.end && hit.start < c.end)) continue;
    chosen.push(hit);
  }
  return chosen.sort((a, b) => a.row - b.row || a.start - b.start);
}

/** Rows as tokens, for label search. */
export const tokenRows = (reads: readonly RowRead[]): Token[][] => reads.map((read) => tokenise(read.words));
