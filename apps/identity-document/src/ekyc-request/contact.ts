const BENGALI_ZERO = 0x09e6;

/** Bengali digits (০-৯) are common in typed input; they mean the same numbers. */
export const toAsciiDigits = (value: string): string => value.replace(/[\u09e6-\u09ef]/g, (d) => String(d.charCodeAt(0) - BENGALI_ZERO));

export type ContactResult = { ok: true; value: string } | { ok: false; message: string };

const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TOP_LEVEL = /^([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/**
 * A deliverable address in the common dot-atom form, lower-cased so that uniqueness ignores case (no
 * mail provider the partners' customers use treats `A@x` and `a@x` as different mailboxes).
 */
export function normalizeEmail(raw: string): ContactResult {
  const value = raw.normalize('NFKC').trim();
  const fail = { ok: false as const, message: 'must be a valid email address such as name@example.com' };
  const at = value.lastIndexOf('@');
  if (value.length > 254 || at <= 0) return fail;
  const local = value.slice(0, at);
  const labels = value.slice(at + 1).split('.');
  if (local.length > 64 || !EMAIL_LOCAL.test(local) || labels.length < 2) return fail;
  if (!labels.every((l) => DOMAIN_LABEL.test(l)) || !TOP_LEVEL.test(labels.at(-1) as string)) return fail;
  return { ok: true, value: value.toLowerCase() };
}

const E164 = /^\+[1-9]\d{7,14}$/;
const BANGLADESH = '+880';
const BD_MOBILE = /^\+8801[3-9]\d{8}$/;

/**
 * E.164 with the country code, as the contract demands (`+8801712345678`); spaces, dashes, dots and
 * brackets are dropped and Bengali digits accepted. Bangladeshi numbers must be mobile numbers
 * (operator prefixes 013-019), since the OTP call goes to them.
 */
export function normalizePhoneNumber(raw: string): ContactResult {
  const cleaned = toAsciiDigits(raw.normalize('NFKC')).replace(/[\s\-().\u200b-\u200d\ufeff]/g, '');
  if (!cleaned.startsWith('+')) return { ok: false, message: 'must include the country code in E.164 form, such as +8801712345678' };
  if (!E164.test(cleaned)) return { ok: false, message: 'must be + followed by the country code and number, 8 to 15 digits, such as +8801712345678' };
  if (cleaned.startsWith(BANGLADESH) && !BD_MOBILE.test(cleaned))
    return { ok: false, message: 'a Bangladeshi number must be a mobile number: +8801 followed by 3-9 and 8 digits' };
  return { ok: true, value: cleaned };
}

/** `a***@example.com`: enough for an analyst to tell requests apart, not enough to contact anyone. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** `+88017******78`: the country and operator prefix and the last two digits stay visible. */
export function maskPhoneNumber(phone: string): string {
  if (phone.length <= 8) return `${phone.slice(0, 3)}${'*'.repeat(Math.max(phone.length - 3, 0))}`;
  return `${phone.slice(0, 6)}${'*'.repeat(phone.length - 8)}${phone.slice(-2)}`;
}
