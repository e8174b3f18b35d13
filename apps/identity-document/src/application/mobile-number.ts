const BENGALI_ZERO = 0x09e6;

/** Bengali digits (০-৯) are common in typed input; they mean the same numbers. */
const toAsciiDigits = (value: string) => value.replace(/[\u09e6-\u09ef]/g, (d) => String(d.charCodeAt(0) - BENGALI_ZERO));

export type MobileNumberResult = { ok: true; value: string } | { ok: false; message: string };

/** Normalises a Bangladeshi mobile number to 01XXXXXXXXX (operator prefixes 013-019). */
export function normalizeBdMobileNumber(raw: string): MobileNumberResult {
  const cleaned = toAsciiDigits(raw.normalize('NFKC')).replace(/[\s\-().\u200b-\u200d\ufeff]/g, '');
  const local = cleaned.replace(/^(\+?88)(?=01)/, '');
  if (!/^01[3-9]\d{8}$/.test(local)) {
    return { ok: false, message: 'must be a Bangladeshi mobile number such as 01712345678 or +8801712345678' };
  }
  return { ok: true, value: local };
}
