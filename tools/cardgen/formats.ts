import { canonicalText, parseDate } from '@ekyc/field-matching';
import type { CardText, NidCardKind, NidField } from './card-types';
import type { CardAddress, CardCitizen } from './citizen';
import { createRng, seedOf, type Rng } from './prng';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function isoParts(iso: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new Error(`expected an ISO date YYYY-MM-DD, got "${iso}"`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Date of birth as the front of both card kinds prints it: `23 Mar 1978`. */
export function formatBirthDate(iso: string): string {
  const { year, month, day } = isoParts(iso);
  return `${pad2(day)} ${MONTHS[month - 1]} ${year}`;
}

/** Issue date as the back prints it: `12/05/2017` (dd/mm/yyyy). */
export function formatIssueDate(iso: string): string {
  const { year, month, day } = isoParts(iso);
  return `${pad2(day)}/${pad2(month)}/${year}`;
}

/** The permanent address at its simplest, as printed on the back. */
export function formatAddress(address: CardAddress): string {
  return `${address.upozila}, ${address.district}, ${address.division}`;
}

const BENGALI_DIGITS = '০১২৩৪৫৬৭৮৯';
export const toBengaliDigits = (text: string): string => text.replace(/[0-9]/g, (d) => BENGALI_DIGITS[Number(d)] as string);

const VILLAGES = [
  'উত্তর পাড়া',
  'দক্ষিণ পাড়া',
  'মধ্য পাড়া',
  'পূর্ব বাজার',
  'স্টেশন রোড',
  'কলেজ রোড',
  'মিয়া বাড়ি',
  'নতুন বাজার',
  'খান বাড়ি',
  'হাজী পাড়া',
  'চৌধুরী বাড়ি',
  'মসজিদ রোড',
];

/**
 * The long address form, as on many printed cards: house or holding, village or road, post office with its code,
 * upazila and district, in Bengali digits. Two templates, one per data split, so that held-out addresses are not
 * shaped like the tuning ones.
 */
export function formatLongAddress(address: CardAddress, rng: Rng, template: 'holding' | 'village'): string {
  const village = rng.pick(VILLAGES);
  const postCode = toBengaliDigits(String(rng.int(1000, 9499)));
  if (template === 'holding') {
    const house = toBengaliDigits(String(rng.int(1, 250)));
    return `বাসা/হোল্ডিং: ${house}, গ্রাম/রাস্তা: ${village}, ডাকঘর: ${address.upozila} - ${postCode}, ${address.upozila}, ${address.district}`;
  }
  return `গ্রাম: ${village}, ডাকঘর: ${address.upozila} - ${postCode}, উপজেলা: ${address.upozila}, জেলা: ${address.district}`;
}

/** `8637051672` as some cards print it: `863 705 1672`; 17 digits as `1978 26995 01359687`. */
export function groupNid(nid: string): string {
  return nid.length === 10 ? `${nid.slice(0, 3)} ${nid.slice(3, 6)} ${nid.slice(6)}` : `${nid.slice(0, 4)} ${nid.slice(4, 9)} ${nid.slice(9)}`;
}

/** English names are printed in capitals on both kinds. */
export function formatEnglishName(nameEn: string): string {
  return nameEn.trim().replace(/\s+/g, ' ').toUpperCase();
}

export function addYears(iso: string, years: number): string {
  const { year, month, day } = isoParts(iso);
  // 29 February becomes 28 February in a year without it.
  const last = new Date(Date.UTC(year + years, month, 0)).getUTCDate();
  return `${year + years}-${pad2(month)}-${pad2(Math.min(day, last))}`;
}

const ISSUE_YEARS: Record<NidCardKind, readonly [number, number]> = { nid_old: [2008, 2015], nid_smart: [2016, 2024] };

/** A plausible issue date (ISO) for a card kind, fixed per person: no earlier than their 18th birthday. */
export function defaultIssueDate(citizen: CardCitizen, kind: NidCardKind, seed = 0): string {
  const rng = createRng(seedOf('issue', citizen.nid10, kind, seed));
  const [first, last] = ISSUE_YEARS[kind];
  const low = Math.max(first, isoParts(addYears(citizen.dateOfBirth, 18)).year);
  const year = rng.int(low, Math.max(low, last));
  return `${year}-${pad2(rng.int(1, 12))}-${pad2(rng.int(1, 28))}`;
}

/**
 * A field's value as the platform reports it: dates as `YYYY-MM-DD`, the NID as digits only, blood group
 * without spaces in capitals, any other text canonical (NFC, Bengali digits as ASCII, one space between words).
 */
export function normaliseFieldValue(field: NidField, value: string): string {
  const text = canonicalText(value);
  switch (field) {
    case 'dateOfBirth':
    case 'issueDate': {
      const parsed = parseDate(text);
      return parsed.ok ? parsed.value : text;
    }
    case 'nidNumber':
      return text.replace(/\D/g, '');
    case 'bloodGroup':
      return text.replace(/\s/g, '').toUpperCase();
    default:
      return text;
  }
}

export function normaliseCardText(text: CardText): CardText {
  const out: CardText = {};
  for (const [field, value] of Object.entries(text) as Array<[NidField, string | undefined]>) {
    if (value !== undefined) out[field] = normaliseFieldValue(field, value);
  }
  return out;
}
