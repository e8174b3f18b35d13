import type { Role } from '@ekyc/internal-context';

const VISIBLE_DIGITS = 4;

/** Keeps the last four digits, enough to tell applications apart on a call, and the length. */
export function maskNid(nid: string): string {
  if (nid.length <= VISIBLE_DIGITS) return '*'.repeat(nid.length);
  return `${'*'.repeat(nid.length - VISIBLE_DIGITS)}${nid.slice(-VISIBLE_DIGITS)}`;
}

/**
 * Agents typed the number in and partner admins answer for their customers, so they read it in full.
 * Analysts and platform operators work on aggregates and only need to tell entries apart.
 */
export const NID_READERS: readonly Role[] = ['agent', 'partner_admin'];

export const seesFullNid = (roles: readonly Role[]): boolean => roles.some((role) => NID_READERS.includes(role));
