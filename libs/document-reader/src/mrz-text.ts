import type { ParseResult as MrzParse } from 'mrz';
import type { PassportField, ReadField } from './types';

export const MRZ_WHITELIST = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';
/** ICAO 9303 zones: ID cards (TD1, TD2), passports (TD3) and visas (MRV-A, MRV-B). */
export const MRZ_SHAPES = {
  TD1: { lines: 3, length: 30 },
  TD2: { lines: 2, length: 36 },
  TD3: { lines: 2, length: 44 },
  MRVA: { lines: 2, length: 44 },
  MRVB: { lines: 2, length: 36 },
} as const;
export type MrzShape = keyof typeof MRZ_SHAPES;

/** Confidence below which even check-digit-valid MRZ fields are not trusted: check digits catch most misreads. */
const MRZ_CONFIDENCE_THRESHOLD = 40;

/** One OCR'd line as MRZ characters: guillemets and spaced fillers back to `<`, anything else outside A-Z 0-9 dropped. */
export function cleanMrzLine(line: string): string {
  return line
    .toUpperCase()
    .replace(/[«‹]/g, '<<')
    .replace(/[»›]/g, '>')
    .replace(/\s+/g, '')
    .replace(/[^A-Z0-9<]/g, '');
}

/**
 * Fits a line to its length: OCR miscounts runs of fillers, so `<` are added to or taken from the longest run
 * (at the end of the line when it ends in fillers).
 */
export function fitMrzLine(line: string, length: number): string {
  let text = line;
  while (text.length !== length) {
    const runs = [...text.matchAll(/<+/g)];
    if (text.length > length && runs.length === 0) return text.slice(0, length);
    if (runs.length === 0) return text.padEnd(length, '<');
    const longest = runs.reduce((a, b) => (b[0].length >= a[0].length ? b : a));
    const at = (longest.index ?? 0) + longest[0].length;
    text = text.length < length ? `${text.slice(0, at)}<${text.slice(at)}` : `${text.slice(0, at - 1)}${text.slice(at)}`;
  }
  return text;
}

const TO_DIGIT: Record<string, string> = { O: '0', Q: '0', D: '0', U: '0', I: '1', Z: '2', S: '5', G: '6', B: '8' };
const TO_LETTER: Record<string, string> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '6': 'G', '8': 'B' };

type Kind = 'digit' | 'letter';
/** Character classes by position, per line: what ICAO 9303 allows there. */
const POSITIONS: Record<MrzShape, [from: number, to: number, kind: Kind][][]> = {
  TD3: [
    [[2, 44, 'letter']],
    [
      [9, 9, 'digit'],
      [10, 12, 'letter'],
      [13, 19, 'digit'],
      [21, 27, 'digit'],
      [43, 43, 'digit'],
    ],
  ],
  TD1: [
    [[2, 4, 'letter']],
    [
      [0, 6, 'digit'],
      [8, 14, 'digit'],
      [15, 17, 'letter'],
      [29, 29, 'digit'],
    ],
    [[0, 29, 'letter']],
  ],
  TD2: [
    [[2, 35, 'letter']],
    [
      [9, 9, 'digit'],
      [10, 12, 'letter'],
      [13, 19, 'digit'],
      [21, 27, 'digit'],
      [35, 35, 'digit'],
    ],
  ],
  MRVA: [
    [[2, 43, 'letter']],
    [
      [9, 9, 'digit'],
      [10, 12, 'letter'],
      [13, 19, 'digit'],
      [21, 27, 'digit'],
    ],
  ],
  MRVB: [
    [[2, 35, 'letter']],
    [
      [9, 9, 'digit'],
      [10, 12, 'letter'],
      [13, 19, 'digit'],
      [21, 27, 'digit'],
    ],
  ],
};
const WEIGHTS = [7, 3, 1];
const charValue = (char: string): number => (char === '<' ? 0 : char >= 'A' ? char.charCodeAt(0) - 55 : Number(char));
export const checkDigit = (text: string): string => String([...text].reduce((sum, char, i) => sum + charValue(char) * WEIGHTS[i % 3], 0) % 10);

/** Alphanumeric fields guarded by a check digit: [line, from, to (exclusive), check digit position]. */
const CHECKED_FIELDS: Record<MrzShape, [line: number, from: number, to: number, check: number][]> = {
  TD3: [
    [1, 0, 9, 9],
    [1, 28, 42, 42],
  ],
  TD1: [[0, 5, 14, 14]],
  TD2: [[1, 0, 9, 9]],
  MRVA: [[1, 0, 9, 9]],
  MRVB: [[1, 0, 9, 9]],
};
// T: OCR reads a monospaced I as T. Taking it as a look-alike also exposes the ambiguity when a number's I was read as T
// and another swap happens to pass the check too (IA2526721 read TA2526721: both IA2526721 and TAZ526721 pass).
const LOOKALIKES: Record<string, string> = { ...TO_DIGIT, ...TO_LETTER, T: 'I' };

/**
 * Letters and digits look alike (B/8, S/5, O/0) and in a number like A85261154 either may stand. When a field's check
 * digit fails and exactly one single swap of a look-alike makes it pass, that swap is the reading.
 */
function correctByCheckDigit(line: string, from: number, to: number, check: number): string {
  const digit = line[check];
  if (digit === undefined || !/\d/.test(digit) || checkDigit(line.slice(from, to)) === digit) return line;
  const fixes: string[] = [];
  for (let i = from; i < to; i++) {
    const swap = LOOKALIKES[line[i]];
    if (!swap) continue;
    const candidate = line.slice(0, i) + swap + line.slice(i + 1);
    if (checkDigit(candidate.slice(from, to)) === digit) fixes.push(candidate);
  }
  return fixes.length === 1 ? fixes[0] : line;
}

/** Free-text fields (end exclusive): after their first run of three fillers they hold nothing but fillers. */
const FILLER_TAILS: Record<MrzShape, [line: number, from: number, to: number][]> = {
  TD3: [
    [0, 5, 44],
    [1, 28, 42],
  ],
  TD1: [
    [0, 15, 30],
    [1, 18, 29],
    [2, 0, 30],
  ],
  TD2: [[0, 5, 36]],
  MRVA: [[0, 5, 44]],
  MRVB: [[0, 5, 36]],
};

function fixClasses(line: string, ranges: [number, number, Kind][]): string {
  const chars = [...line];
  for (const [from, to, kind] of ranges) {
    for (let i = from; i <= to && i < chars.length; i++) {
      const map = kind === 'digit' ? TO_DIGIT : TO_LETTER;
      chars[i] = map[chars[i]] ?? chars[i];
    }
  }
  return chars.join('');
}

/**
 * OCR'd MRZ lines made to follow the format: fitted to length, letters and digits swapped back where only one of
 * them may stand, and the tail of a free-text field turned to fillers after its first run of three (Tesseract
 * reads long runs of `<` as L, K or C).
 */
export function repairMrzLines(lines: string[], shape: MrzShape): string[] {
  const { length } = MRZ_SHAPES[shape];
  const repaired = lines.map((line) => cleanMrzLine(line));
  for (const [index, from, to] of FILLER_TAILS[shape]) {
    const line = repaired[index];
    if (line === undefined) continue;
    const run = line.indexOf('<<<', from);
    // Free text at the end of a line: cut at its fillers, which also fixes the line's length.
    if (run >= 0 && to >= length) repaired[index] = line.slice(0, run).padEnd(length, '<');
  }
  return repaired.map((line, index) => {
    let fitted = fitMrzLine(line, length);
    for (const [lineIndex, from, to] of FILLER_TAILS[shape]) {
      if (lineIndex !== index || to >= length) continue;
      const run = fitted.indexOf('<<<', from);
      if (run >= 0 && run < to) fitted = fitted.slice(0, run) + '<'.repeat(to - run) + fitted.slice(to);
    }
    for (const [lineIndex, from, to] of FILLER_TAILS[shape]) if (lineIndex === index) fitted = fillerTail(fitted, from, Math.min(to, length));
    let fixed = fixClasses(fitted, POSITIONS[shape][index] ?? []);
    // ID documents' codes start with I, A or C; OCR reads a monospaced I as T or 1.
    if (index === 0 && (shape === 'TD1' || shape === 'TD2') && /^[T1L]/.test(fixed)) fixed = `I${fixed.slice(1)}`;
    for (const [lineIndex, from, to, check] of CHECKED_FIELDS[shape]) if (lineIndex === index) fixed = correctByCheckDigit(fixed, from, to, check);
    return fixed;
  });
}

/**
 * A free-text field that ends in a filler followed only by letters OCR reads fillers as (`<LLLLKL`): those are fillers.
 * Some monospaced faces draw `<` so thin that Tesseract reads every one after the first as L, K or C.
 */
function fillerTail(line: string, from: number, to: number): string {
  for (let i = line.indexOf('<', from); i >= 0 && i < to - 1; i = line.indexOf('<', i + 1)) {
    if (/^<[<LKC]+$/.test(line.slice(i, to))) return line.slice(0, i) + '<'.repeat(to - i) + line.slice(to);
  }
  return line;
}

/**
 * The words of an OCR'd line that make up its MRZ line: MRZ lines have no spaces, so a separate word is a speck
 * (the card's edge, a corner) unless it is needed to reach the line's length.
 */
export function mrzWords(line: string, length: number): string {
  const words = line
    .split(/\s+/)
    .map(cleanMrzLine)
    .filter((word) => word !== '');
  let best = '';
  for (let start = 0; start < words.length; start++) {
    for (let end = start + 1; end <= words.length; end++) {
      const joined = words.slice(start, end).join('');
      const closer = Math.abs(joined.length - length) < Math.abs(best.length - length);
      if (closer || (Math.abs(joined.length - length) === Math.abs(best.length - length) && joined.length > best.length)) best = joined;
    }
  }
  return best;
}

/** The MRZ lines in OCR output: the last `lines` lines that look like MRZ (long, with fillers), repaired. */
export function extractMrzLines(ocrText: string, shape: MrzShape): string[] | null {
  const { lines, length } = MRZ_SHAPES[shape];
  const candidates = ocrText
    .split('\n')
    .map((line) => mrzWords(line, length))
    .filter((line) => line.length >= length * 0.75 && line.length <= length * 1.25 && line.includes('<'));
  if (candidates.length < lines) return null;
  return repairMrzLines(candidates.slice(-lines), shape);
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * `YYMMDD` → ISO. Birth dates are never in the future, so a year after this one is last century; expiry dates run
 * at most a few decades ahead.
 */
export function mrzDateToIso(value: string | null | undefined, kind: 'birth' | 'expiry', today = new Date()): string | null {
  if (!value || !/^\d{6}$/.test(value)) return null;
  const yy = Number(value.slice(0, 2));
  const month = Number(value.slice(2, 4));
  const day = Number(value.slice(4, 6));
  const thisYear = today.getUTCFullYear();
  let year = 2000 + yy;
  if (kind === 'birth' && year > thisYear) year -= 100;
  if (kind === 'expiry' && year > thisYear + 50) year -= 100;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

type MrzFieldName = NonNullable<MrzParse['details'][number]['field']>;

const detail = (parsed: MrzParse, field: MrzFieldName) => parsed.details.find((d) => d.field === field);
const rawOf = (parsed: MrzParse, lines: string[], field: MrzFieldName): string => {
  const found = detail(parsed, field);
  return found ? (lines[found.line] ?? '').slice(found.start, found.end) : '';
};

const CHECKED: { check: MrzFieldName; name: string }[] = [
  { check: 'documentNumberCheckDigit', name: 'documentNumber' },
  { check: 'birthDateCheckDigit', name: 'dateOfBirth' },
  { check: 'expirationDateCheckDigit', name: 'expiryDate' },
  { check: 'personalNumberCheckDigit', name: 'personalNumber' },
  { check: 'compositeCheckDigit', name: 'composite' },
];

/** Names of the check digits that failed: documentNumber, dateOfBirth, expiryDate, personalNumber, composite. */
export function failedChecks(parsed: MrzParse): string[] {
  return CHECKED.filter(({ check }) => {
    const found = detail(parsed, check);
    return found !== undefined && !found.valid;
  }).map(({ name }) => name);
}

const SEX: Record<string, string> = { male: 'M', female: 'F', nonspecified: 'X' };
/** Confidence reported for a value whose check digits pass: a misread digit fails them. */
export const CHECKED_MRZ_CONFIDENCE = 97;

/** Where a zone's name field is: [line, from, to (exclusive)]. */
const NAME_FIELD: Record<MrzShape, [line: number, from: number, to: number]> = {
  TD1: [2, 0, 30],
  TD2: [0, 5, 36],
  TD3: [0, 5, 44],
  MRVA: [0, 5, 44],
  MRVB: [0, 5, 36],
};

/** The zone's shape from its lines: line count and length, and V for visas. */
export function shapeOf(lines: readonly string[]): MrzShape | null {
  const first = lines[0] ?? '';
  if (lines.length === 3 && first.length === 30) return 'TD1';
  if (lines.length !== 2) return null;
  if (first.length === 44) return first.startsWith('V') ? 'MRVA' : 'TD3';
  if (first.length === 36) return first.startsWith('V') ? 'MRVB' : 'TD2';
  return null;
}

/**
 * Whether a zone's name field (TD3: line 1, characters 6-44) reads as names padded with fillers. No check digit
 * covers names, and the composite check does not either, so the field must prove itself: letters in tokens parted by
 * `<`, ending in at least two fillers, with no token (and no token's end) made of the letters OCR reads fillers as
 * (`<<<` comes back as KKK or LLL). Measured on the generated passports: every accepted wrong name (74 of 240 in
 * `npm run bench:ocr` before this check) had filler cells read as K, L or C. A real name caught by it (RUSSELL, a
 * one-letter K) goes to review, never silently wrong.
 */
export function cleanNameField(lines: string | readonly string[], shape: MrzShape = 'TD3'): boolean {
  const [line, from, to] = NAME_FIELD[shape];
  const field = (typeof lines === 'string' ? lines : (lines[line] ?? '')).slice(from, to);
  if (!/^[A-Z<]+$/.test(field) || !field.endsWith('<<')) return false;
  const name = field.replace(/<+$/, '');
  const tokens = name.split(/<+/);
  // Names are parted from given names by `<<`: words parted only by single fillers are a filler misread (BROWN<KNOAH).
  if (tokens.length > 1 && !name.includes('<<')) return false;
  return tokens.length > 0 && tokens.every((t) => t.length > 0 && !/^[KLC]+$/.test(t) && !/[KL]{2,}$/.test(t));
}

/**
 * Document fields from a parsed zone (TD1, TD2, TD3, MRV-A, MRV-B). Fields under a check digit are accepted when it and the composite check pass.
 * The rest (names, nationality, sex) have no check digit: they are accepted when they parse and either the composite
 * check passed (the zone was read right) or the OCR was confident; names also need a clean name field (`cleanNameField`).
 * Visas have no composite check at all: nothing vouches for their unchecked fields, so those go to review. Measured in
 * `npm run bench:ocr` (held-out visas): accepting them on OCR confidence alone let a misread through.
 */
export function mrzFields(parsed: MrzParse, lines: string[], confidence: number): Record<PassportField, ReadField> {
  const failed = new Set(failedChecks(parsed));
  const hasComposite = detail(parsed, 'compositeCheckDigit') !== undefined;
  const compositeOk = detail(parsed, 'compositeCheckDigit')?.valid === true;
  const parsedOk = (name: MrzFieldName, value: string | null): boolean => detail(parsed, name)?.valid === true && value !== null && value !== '';
  // A failed composite check is explained by a failed field check; on its own it means an unchecked field is wrong.
  const compositeUnexplained = failed.has('composite') && failed.size === 1;
  // Without a composite (visas), one field's check digit passing by chance on a garbled line is not enough: every
  // check digit of the zone must pass (measured: a held-out visa's shifted line kept a number whose digit matched).
  const zoneOk = hasComposite || failed.size === 0;
  const checked = (name: MrzFieldName, value: string | null, check: string): ReadField => {
    const accepted = parsedOk(name, value) && !failed.has(check) && !compositeUnexplained && zoneOk;
    return { value: value || null, raw: rawOf(parsed, lines, name), confidence: accepted ? CHECKED_MRZ_CONFIDENCE : confidence, accepted, source: 'mrz' };
  };
  const unchecked = (name: MrzFieldName, value: string | null, raw = rawOf(parsed, lines, name)): ReadField => ({
    value: value || null,
    raw,
    confidence,
    // A country code is accepted only when it is a real one (or ICAO's specimen state UTO): a filler lost after `P`
    // shifts the line and reads BGD as GDK.
    accepted:
      value !== null &&
      value !== '' &&
      (detail(parsed, name)?.valid === true || value === 'UTO') &&
      (compositeOk || (hasComposite && confidence >= MRZ_CONFIDENCE_THRESHOLD)),
    source: 'mrz',
  });
  const country = (name: MrzFieldName): ReadField => {
    const raw = rawOf(parsed, lines, name).replace(/</g, '');
    // mrz knows real country codes only; a specimen's UTO is still the code printed.
    return unchecked(name, parsed.fields[name] ?? (/^[A-Z]{3}$/.test(raw) ? raw : null), raw);
  };
  const namesClean = cleanNameField(lines, shapeOf(lines) ?? 'TD3');
  const names = (field: ReadField): ReadField => (namesClean ? field : { ...field, accepted: false });
  const f = parsed.fields;
  return {
    documentNumber: checked('documentNumber', parsed.documentNumber ?? f.documentNumber ?? null, 'documentNumber'),
    surname: names(unchecked('lastName', f.lastName ?? null)),
    givenNames: names(unchecked('firstName', f.firstName ?? null)),
    nationality: country('nationality'),
    issuingState: country('issuingState'),
    dateOfBirth: checked('birthDate', mrzDateToIso(f.birthDate, 'birth'), 'dateOfBirth'),
    sex: unchecked('sex', f.sex ? (SEX[f.sex] ?? null) : null),
    expiryDate: checked('expirationDate', mrzDateToIso(f.expirationDate, 'expiry'), 'expiryDate'),
    personalNumber: checked('personalNumber', f.personalNumber ?? null, 'personalNumber'),
  };
}
