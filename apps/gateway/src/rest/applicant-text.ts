export interface AddressParts {
  upazila: string;
  district: string;
  division: string;
  /** What comes before them (house, road, village), when there is anything. */
  line?: string;
}

export type GenderValue = 'male' | 'female' | 'third_gender';

/**
 * A free-text address as the partner contracts send it: the last three comma-separated parts are the
 * upazila, the district and the division, as the NID card prints them (`…, কুমারখালী, কুষ্টিয়া, খুলনা`).
 * Parts before them (house, road, village) are the address `line`: kept for the bank (CDP) and the
 * status; the EC check compares the three parts only.
 */
export function parseAddressText(text: string): { ok: true; value: AddressParts } | { ok: false; message: string } {
  const parts = text
    .split(/[,\n]/)
    .map((p) => p.trim().replace(/\s+/g, ' '))
    .filter((p) => p !== '');
  const [upazila, district, division] = parts.slice(-3);
  if (parts.length < 3 || !upazila || !district || !division) {
    return {
      ok: false,
      message: 'give the address as comma-separated text ending in "upazila, district, division", e.g. "22/1 Islampur Road, Kumarkhali, Kushtia, Khulna"',
    };
  }
  const line = parts.slice(0, -3).join(', ');
  return { ok: true, value: { upazila, district, division, ...(line ? { line } : {}) } };
}

const GENDER_WORDS: Readonly<Record<string, GenderValue>> = {
  male: 'male',
  m: 'male',
  পুরুষ: 'male',
  female: 'female',
  f: 'female',
  মহিলা: 'female',
  নারী: 'female',
  third_gender: 'third_gender',
  third: 'third_gender',
  hijra: 'third_gender',
  তৃতীয়_লিঙ্গ: 'third_gender',
  হিজড়া: 'third_gender',
};
// Bengali letters such as ড় and য় have two encodings: compare in NFC, as the input is compared.
const GENDERS = new Map(Object.entries(GENDER_WORDS).map(([word, gender]) => [word.normalize('NFC'), gender]));

/** `Male`, `female`, `Third gender`, `third_gender` (also in Bengali) as the graph's enum; null when it is none of them. */
export function parseGender(text: string): GenderValue | null {
  const key = text
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return GENDERS.get(key) ?? null;
}
