import { deriveOtpKey, generateOtp, hashOtp, lastFourMatches, normalizeLastFour, normalizeOtp, otpMatches } from './otp';

const KEY = deriveOtpKey(Buffer.alloc(32, 9).toString('base64'));
const REQUEST = '0b6f3c1e-9a4d-4e2b-8c7a-1d2e3f4a5b6c';

describe('generateOtp', () => {
  it('makes 6-digit codes, leading zeros included, spread over the whole range', () => {
    const codes = Array.from({ length: 2_000 }, generateOtp);
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(1_990);
    const firstDigits = new Set(codes.map((c) => c[0]));
    expect(firstDigits.size).toBe(10);
  });
});

describe('OTP hashing', () => {
  it('verifies the code it hashed, for the request it hashed it for', () => {
    const stored = hashOtp(KEY, REQUEST, '042137');
    expect(stored).toMatch(/^v1\.[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toContain('042137');
    expect(otpMatches(KEY, REQUEST, '042137', stored)).toBe(true);
    expect(otpMatches(KEY, REQUEST, '042138', stored)).toBe(false);
    expect(otpMatches(KEY, '7a1d3e5f-2b4c-4d6e-8f0a-1b2c3d4e5f60', '042137', stored)).toBe(false);
  });

  it('depends on the key, which is derived from the PII key for this purpose only', () => {
    const other = deriveOtpKey(Buffer.alloc(32, 8).toString('base64'));
    expect(hashOtp(other, REQUEST, '042137')).not.toBe(hashOtp(KEY, REQUEST, '042137'));
    expect(KEY.equals(Buffer.alloc(32, 9))).toBe(false);
    expect(() => deriveOtpKey(Buffer.alloc(16).toString('base64'))).toThrow('32 bytes');
  });

  it('treats a malformed stored hash as a mismatch rather than an error', () => {
    expect(otpMatches(KEY, REQUEST, '042137', 'v1.short')).toBe(false);
  });
});

describe('input normalisation', () => {
  it('reads an OTP with spaces or Bengali digits, and refuses anything else', () => {
    expect(normalizeOtp(' 042 137 ')).toBe('042137');
    expect(normalizeOtp('০৪২১৩৭')).toBe('042137');
    expect(normalizeOtp('42137')).toBeNull();
    expect(normalizeOtp('0421377')).toBeNull();
    expect(normalizeOtp('04213a')).toBeNull();
  });

  it('reads the last four of a document number, digits or letters, case-insensitively', () => {
    expect(normalizeLastFour('5678')).toBe('5678');
    expect(normalizeLastFour('৫৬৭৮')).toBe('5678');
    expect(normalizeLastFour('a12b')).toBe('A12B');
    expect(normalizeLastFour('567')).toBeNull();
    expect(normalizeLastFour('56789')).toBeNull();
    expect(lastFourMatches('1234567890', '7890')).toBe(true);
    expect(lastFourMatches('a12b', 'A12B')).toBe(true);
    expect(lastFourMatches('1234567890', '7891')).toBe(false);
  });
});
