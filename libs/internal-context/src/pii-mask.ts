import type { Role } from './index';

/**
 * Who reads personal data in full: agents typed it in, partner admins answer for their customers, reviewers decide on
 * it. Analysts and platform operators work on aggregates and need only tell entries apart, so they read it masked,
 * unless the tenant grants them `pii_reader` as well.
 */
export const PII_READERS: readonly Role[] = ['agent', 'partner_admin', 'reviewer', 'pii_reader'];

export const seesPii = (roles: readonly Role[]): boolean => roles.some((role) => PII_READERS.includes(role));

const VISIBLE_NID_DIGITS = 4;

/** Keeps the last four digits, enough to tell applications apart on a call, and the length. */
export function maskNid(nid: string): string {
  if (nid.length <= VISIBLE_NID_DIGITS) return '*'.repeat(nid.length);
  return `${'*'.repeat(nid.length - VISIBLE_NID_DIGITS)}${nid.slice(-VISIBLE_NID_DIGITS)}`;
}

/** The first letter of each word (Latin or Bengali grapheme cluster aside, the first code point): "MD RAHIM" → "M* R****". */
export function maskName(name: string): string {
  return name
    .split(/(\s+)/)
    .map((part) => (/^\s+$/.test(part) || part === '' ? part : `${[...part][0]}${'*'.repeat(Math.max(1, [...part].length - 1))}`))
    .join('');
}

/** Operator prefix and the last two digits: "01712345678" → "017******78", "+8801712345678" → "+88017******78". */
export function maskMobile(mobile: string): string {
  const match = /^(\+?(?:88)?0\d{2})(\d*)(\d{2})$/.exec(mobile);
  if (!match) return '*'.repeat(mobile.length);
  return `${match[1]}${'*'.repeat((match[2] ?? '').length)}${match[3]}`;
}
