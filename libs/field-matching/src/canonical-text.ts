const BENGALI_DIGIT_ZERO = 0x09e6;
const INVISIBLE_CHARS = /\u00AD|\u200B|\u200C|\u200D|\u2060|\uFEFF/g;
// Older text encodes khanda ta as ta + hasanta + ZWJ; stripping the ZWJ alone would leave a visible hasanta.
const LEGACY_KHANDA_TA = /\u09A4\u09CD\u200D/g;

/**
 * Bengali digits ০-৯ → ASCII, invisible joiners stripped, NFC, whitespace (NBSP included) collapsed, trimmed.
 * Note NFC keeps য় ড় ঢ় decomposed (consonant + nukta): they are composition exclusions in Unicode.
 */
export function canonicalText(raw: string): string {
  return raw
    .replace(LEGACY_KHANDA_TA, '\u09CE')
    .replace(INVISIBLE_CHARS, '')
    .normalize('NFC')
    .replace(/[\u09E6-\u09EF]/g, (digit) => String(digit.charCodeAt(0) - BENGALI_DIGIT_ZERO))
    .replace(/\s+/g, ' ')
    .trim();
}

export type Script = 'bengali' | 'latin' | 'other';

/** A name with any Bengali letter is Bengali: OCR of Bengali cards often leaves stray Latin characters behind. */
export function detectScript(text: string): Script {
  if (/[\u0980-\u09FF]/.test(text)) return 'bengali';
  if (/[A-Za-z\u00C0-\u024F]/.test(text)) return 'latin';
  return 'other';
}

/** Lowercase, Latin diacritics removed, every punctuation or symbol turned into a space; Bengali marks kept. */
export function comparableWords(raw: string): string[] {
  const text = canonicalText(raw)
    .toLowerCase()
    .replace(/[\u00C0-\u024F\u1E00-\u1EFF]/g, (char) => char.normalize('NFD').replace(/[\u0300-\u036F]/g, ''))
    .replace(/[^\p{L}\p{M}\p{N}\s]/gu, ' ');
  return text.split(' ').filter((word) => word.length > 0);
}
