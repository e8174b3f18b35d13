import { z } from 'zod';
import { canonicalText, comparableWords } from './canonical-text';

const part = z.string().nullable().optional();
export const addressSchema = z.object({ division: part, district: part, upozila: part, line: part });

export interface Address {
  division?: string | null;
  district?: string | null;
  upozila?: string | null;
  /** Free-text address line, as OCR or an agent gives it. */
  line?: string | null;
}

export const ADDRESS_PARTS = ['division', 'district', 'upozila', 'line'] as const;
export type AddressPart = (typeof ADDRESS_PARTS)[number];

/** Words naming the kind of area, not the area: "Dhaka Division" and "ঢাকা বিভাগ" are Dhaka. */
const AREA_KIND_WORDS = new Set(
  ['division', 'div', 'district', 'dist', 'zila', 'zilla', 'jela', 'upazila', 'upazilla', 'upozila', 'upojila', 'thana', 'বিভাগ', 'জেলা', 'উপজেলা', 'থানা'].map(
    canonicalText,
  ),
);
/** Places renamed in 2018: the old spelling is still on many documents. */
const RENAMED_PLACES = new Map([
  ['chittagong', 'chattogram'],
  ['barisal', 'barishal'],
  ['comilla', 'cumilla'],
  ['jessore', 'jashore'],
  ['bogra', 'bogura'],
]);

export function normaliseAddressPart(raw: string): string {
  return comparableWords(raw)
    .filter((word) => !AREA_KIND_WORDS.has(word))
    .map((word) => RENAMED_PLACES.get(word) ?? word)
    .join(' ');
}

/** Each part normalised for comparison; absent parts stay absent and null stays null. */
export function normaliseAddress(a: Address): Address {
  const normalised: Address = {};
  for (const key of ADDRESS_PARTS) {
    const value = a[key];
    if (typeof value === 'string') normalised[key] = normaliseAddressPart(value);
    else if (value === null) normalised[key] = null;
  }
  return normalised;
}
