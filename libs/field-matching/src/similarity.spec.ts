import { jaroWinkler, levenshtein, levenshteinSimilarity, textSimilarity, tokenSetSimilarity } from './index';

describe('levenshtein', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['salam', 'salam', 0],
    ['রহিম', 'করিম', 2],
    ['আবদুস', 'আব্দুস', 1],
  ])('%s → %s is %i edits', (a, b, distance) => {
    expect(levenshtein(a, b)).toBe(distance);
    expect(levenshtein(b, a)).toBe(distance);
  });

  it('normalises by the longer length', () => {
    expect(levenshteinSimilarity('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7, 10);
    expect(levenshteinSimilarity('', '')).toBe(1);
  });
});

describe('jaroWinkler', () => {
  it.each([
    ['martha', 'marhta', 0.9611],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.8133],
    ['salam', 'salam', 1],
    ['abc', 'xyz', 0],
    ['abc', '', 0],
    ['', '', 1],
  ])('%s vs %s is %d', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
  });
});

describe('tokenSetSimilarity', () => {
  it.each([
    ['word order does not matter', 'abdus salam', 'salam abdus', 1],
    ['a missing middle name costs a little', 'abdus salam', 'abdus salam osmani', 0.9],
    ['nothing in common', 'abdus salam', 'rahim uddin', 0],
  ])('%s', (_label, a, b, expected) => {
    expect(tokenSetSimilarity(a, b)).toBeCloseTo(expected, 10);
  });

  it('counts a long word misspelt by one letter almost fully', () => {
    expect(tokenSetSimilarity('asaduzzaman', 'asaduzaman')).toBeGreaterThan(0.9);
  });

  it('does not pair short words one letter apart', () => {
    expect(tokenSetSimilarity('kamal', 'jamal')).toBe(0);
  });
});

describe('textSimilarity', () => {
  it('scores texts that differ only in word breaks at 0.95', () => {
    expect(textSimilarity('abdussalam', 'abdus salam')).toBe(0.95);
  });

  it('ignores word order', () => {
    expect(textSimilarity('abdus salam', 'salam abdus')).toBe(1);
  });

  it('blends word overlap with character similarity', () => {
    const similarity = textSimilarity('kamal hossain', 'jamal hossain');
    expect(similarity).toBeGreaterThan(0.6 * 0.5);
    expect(similarity).toBeLessThan(0.6 * 0.5 + 0.4);
  });
});
