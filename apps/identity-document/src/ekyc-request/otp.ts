import { createHmac, randomInt } from 'node:crypto';
import { safeEqual } from '@ekyc/crypto';
import { toAsciiDigits } from './contact';

export const OTP_DIGITS = 6;

/** A uniformly random 6-digit code from the CSPRNG. */
export const generateOtp = (): string => String(randomInt(0, 10 ** OTP_DIGITS)).padStart(OTP_DIGITS, '0');

/** The OTP hashing key: derived from the PII key for this one purpose, so neither reveals the other. */
export function deriveOtpKey(piiKeyBase64: string): Buffer {
  const master = Buffer.from(piiKeyBase64, 'base64');
  if (master.length !== 32) throw new Error('PII key must be 32 bytes');
  return createHmac('sha256', master).update('ekyc/ekyc-request/otp/v1').digest();
}

/** Keyed hash bound to the request, so a stored hash is useless for any other request or without the key. */
export const hashOtp = (key: Buffer, requestId: string, otp: string): string =>
  `v1.${createHmac('sha256', key).update(requestId).update('\0').update(otp).digest('base64url')}`;

/** Constant-time comparison against the stored hash. */
export const otpMatches = (key: Buffer, requestId: string, otp: string, storedHash: string): boolean => safeEqual(hashOtp(key, requestId, otp), storedHash);

/** The OTP as typed (spaces and Bengali digits allowed), or null when it cannot be a code we sent. */
export function normalizeOtp(raw: string): string | null {
  const value = toAsciiDigits(raw.normalize('NFKC')).replace(/\s/g, '');
  return new RegExp(`^\\d{${OTP_DIGITS}}$`).test(value) ? value : null;
}

/** The last four characters of a document number: digits, or letters for some passports; compared case-insensitively. */
export function normalizeLastFour(raw: string): string | null {
  const value = toAsciiDigits(raw.normalize('NFKC')).replace(/\s/g, '').toUpperCase();
  return /^[0-9A-Z]{4}$/.test(value) ? value : null;
}

/** Constant-time: the phone-call verifier must not learn from timing which character was wrong. */
export const lastFourMatches = (expected: string, given: string): boolean => safeEqual(expected.trim().toUpperCase().slice(-4), given);
