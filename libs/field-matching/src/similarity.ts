/** Edit distance over code points (Bengali after NFC is all in the BMP, so one code point is one letter or sign). */
export function levenshtein(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  let previous = Array.from({ length: right.length + 1 }, (_, j) => j);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    for (let j = 1; j <= right.length; j++) {
      const substitution = previous[j - 1] + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length];
}

/** 1 - distance / longer length, in 0..1. */
export function levenshteinSimilarity(a: string, b: string): number {
  const longer = Math.max([...a].length, [...b].length);
  return longer === 0 ? 1 : 1 - levenshtein(a, b) / longer;
}

export function jaroWinkler(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  if (left.length === 0 && right.length === 0) return 1;
  if (left.length === 0 || right.length === 0) return 0;

  const window = Math.max(0, Math.floor(Math.max(left.length, right.length) / 2) - 1);
  const leftMatched = new Array<boolean>(left.length).fill(false);
  const rightMatched = new Array<boolean>(right.length).fill(false);
  let matches = 0;
  for (let i = 0; i < left.length; i++) {
    const end = Math.min(i + window + 1, right.length);
    for (let j = Math.max(0, i - window); j < end; j++) {
      if (rightMatched[j] || left[i] !== right[j]) continue;
      leftMatched[i] = rightMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;

  let outOfOrder = 0;
  let j = 0;
  for (let i = 0; i < left.length; i++) {
    if (!leftMatched[i]) continue;
    while (!rightMatched[j]) j++;
    if (left[i] !== right[j]) outOfOrder++;
    j++;
  }
  const jaro = (matches / left.length + matches / right.length + (matches - outOfOrder / 2) / matches) / 3;

  let prefix = 0;
  while (prefix < 4 && prefix < left.length && prefix < right.length && left[prefix] === right[prefix]) prefix++;
  // Winkler's boost is only meant for strings that are already similar.
  return jaro > 0.7 ? jaro + prefix * 0.1 * (1 - jaro) : jaro;
}

/**
 * Words at least this close count as the same word misspelt (asaduzzaman/asaduzaman 0.95, হাবীবা/হাবিবা 0.87);
 * one letter apart in a short word is usually another name (kamal/jamal 0.83). Jaro-Winkler alone is too kind
 * to words sharing a prefix (rahman/rahim 0.88), so it is averaged with the edit-distance similarity.
 */
const WORD_MATCH_FLOOR = 0.85;
const wordSimilarity = (a: string, b: string): number => (a === b ? 1 : (jaroWinkler(a, b) + levenshteinSimilarity(a, b)) / 2);

/**
 * Order-insensitive word overlap in 0..1. Words are paired greedily by similarity; the score averages the
 * Dice overlap (penalises any extra word) with the overlap relative to the shorter name (forgives a missing
 * middle name), so "abdus salam" vs "abdus salam osmani" scores 0.9, not 1.
 */
export function tokenSetSimilarity(a: string, b: string): number {
  const left = a.split(' ').filter(Boolean);
  const right = b.split(' ').filter(Boolean);
  if (left.length === 0 || right.length === 0) return left.length === right.length ? 1 : 0;

  const pairs = left.flatMap((l, i) => right.map((r, j) => ({ i, j, similarity: wordSimilarity(l, r) })));
  pairs.sort((x, y) => y.similarity - x.similarity);
  const usedLeft = new Set<number>();
  const usedRight = new Set<number>();
  let overlap = 0;
  for (const { i, j, similarity } of pairs) {
    if (similarity < WORD_MATCH_FLOOR) break;
    if (usedLeft.has(i) || usedRight.has(j)) continue;
    usedLeft.add(i);
    usedRight.add(j);
    overlap += similarity;
  }
  const dice = (2 * overlap) / (left.length + right.length);
  const containment = overlap / Math.min(left.length, right.length);
  return (dice + containment) / 2;
}

/** Texts differing only in where words break ("abdussalam", "abdus salam") score this. */
export const WORD_BREAK_SIMILARITY = 0.95;

const characterSimilarity = (a: string, b: string): number => (levenshteinSimilarity(a, b) + jaroWinkler(a, b)) / 2;
const sortedWords = (text: string): string => text.split(' ').sort().join(' ');

/**
 * Whole-string similarity of two normalised texts, 0..1: word overlap (weight 0.6) blended with character
 * similarity, the better of as written and with the words sorted, so word order does not count against a name.
 */
export function textSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.replaceAll(' ', '') === b.replaceAll(' ', '')) return WORD_BREAK_SIMILARITY;
  const characters = Math.max(characterSimilarity(a, b), characterSimilarity(sortedWords(a), sortedWords(b)));
  return 0.6 * tokenSetSimilarity(a, b) + 0.4 * characters;
}
