import { canonicalText, comparableWords, detectScript } from './canonical-text';

/** Spelling variants of one name, each group mapped to a single form. Abdul, Abdus and Abdur stay distinct words. */
const VARIANT_GROUPS: Record<string, readonly string[]> = {
  mohammad: ['md', 'mohd', 'mohammad', 'mohammed', 'muhammad', 'muhammed', 'mohamad', 'mohamed', 'muhamad', 'mohammod', 'muhammod', 'mohummad'],
  mosammat: ['mst', 'most', 'mosammat', 'mosammot', 'mossammat', 'musammat', 'mosamat', 'mushammat'],
  sheikh: ['sk', 'sheikh', 'shaikh', 'sheik', 'shekh'],
  abdul: ['abdul', 'abdool'],
  abdus: ['abdus', 'abdoos'],
  abdur: ['abdur', 'abdoor'],
  আবদুল: ['আবদুল', 'আব্দুল'],
  আবদুস: ['আবদুস', 'আব্দুস'],
  আবদুর: ['আবদুর', 'আব্দুর'],
  uddin: ['uddin', 'uddeen'],
  hossain: ['hossain', 'hossen', 'hosen', 'hosain', 'hussain', 'husain', 'hussein'],
  chowdhury: ['chowdhury', 'chowdhuri', 'choudhury', 'choudhuri', 'chaudhury', 'chowdury', 'chowdhary'],
  ahmed: ['ahmed', 'ahmad', 'ahamed', 'ahammed', 'ahmmed'],
  miah: ['miah', 'mia', 'meah'],
  khatun: ['khatun', 'khatoon'],
  begum: ['begum', 'begom', 'begam'],
  akter: ['akter', 'akhter', 'aktar', 'akhtar'],
  মোহাম্মদ: ['মো', 'মোঃ', 'মোহাঃ', 'মুহাঃ', 'মোহাম্মদ', 'মোহাম্মাদ', 'মুহাম্মদ', 'মুহাম্মাদ', 'মোহম্মদ', 'মুহম্মদ', 'মহাম্মদ', 'মহম্মদ'],
  মোছাম্মৎ: ['মোছাঃ', 'মোসাঃ', 'মোছাম্মৎ', 'মোসাম্মৎ', 'মোছাম্মাৎ', 'মোসাম্মাৎ', 'মোছাম্মত', 'মোসাম্মত', 'মোছাম্মাত', 'মোসাম্মাত'],
};

const TITLES = [
  'mr',
  'mrs',
  'ms',
  'miss',
  'dr',
  'late',
  'prof',
  'alhaj',
  'alhajj',
  'alhaji',
  'মৃত',
  'মরহুম',
  'মরহুমা',
  'জনাব',
  'মিসেস',
  'মিস্টার',
  'ডাঃ',
  'ডা',
  'আলহাজ',
  'আলহাজ্ব',
];

const VARIANTS = new Map<string, string>(
  Object.entries(VARIANT_GROUPS).flatMap(([unified, spellings]) => spellings.map((spelling) => [canonicalText(spelling), canonicalText(unified)] as const)),
);
const TITLE_WORDS = new Set(TITLES.map(canonicalText));
// Visarga-abbreviated prefixes are often written glued to the name that follows them ("মোঃআবদুস").
const GLUED_BENGALI_PREFIX = new RegExp(`^(${['মোঃ', 'মোছাঃ', 'মোসাঃ', 'ডাঃ'].map(canonicalText).join('|')})(.+)$`);

function splitGluedPrefixes(words: string[]): string[] {
  return words.flatMap((word) => {
    const glued = GLUED_BENGALI_PREFIX.exec(word);
    return glued ? [glued[1], glued[2]] : [word];
  });
}

/** "Ud-Din" and "ud din" are the same suffix as "Uddin". */
function joinSplitUddin(words: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === 'ud' && (words[i + 1] === 'din' || words[i + 1] === 'deen')) {
      joined.push('uddin');
      i++;
    } else {
      joined.push(words[i]);
    }
  }
  return joined;
}

/** Name normalisation for comparison; Bengali and Latin spellings each follow their own rules (the word lists do not overlap). */
export function normaliseName(raw: string): string {
  let words = comparableWords(raw);
  if (detectScript(raw) === 'bengali') words = splitGluedPrefixes(words);
  return joinSplitUddin(words)
    .filter((word) => !TITLE_WORDS.has(word))
    .map((word) => VARIANTS.get(word) ?? word)
    .join(' ');
}
