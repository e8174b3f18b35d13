import { maskEmail, maskPhoneNumber, normalizeEmail, normalizePhoneNumber } from './contact';

describe('normalizeEmail', () => {
  it.each([
    ['someone@example.com', 'someone@example.com'],
    ['  Some.One+kyc@Example.COM ', 'some.one+kyc@example.com'],
    ["o'brien@mail.example.co.uk", "o'brien@mail.example.co.uk"],
    ['user@example.xn--p1ai', 'user@example.xn--p1ai'],
  ])('accepts %j as %j', (raw, value) => {
    expect(normalizeEmail(raw)).toEqual({ ok: true, value });
  });

  it.each([
    '',
    'plainaddress',
    '@example.com',
    'someone@',
    'someone@example',
    'some one@example.com',
    'someone@@example.com',
    '.someone@example.com',
    'some..one@example.com',
    'someone@-example.com',
    'someone@example.c0m',
    'someone@example.com\r\nBcc: victim@example.com',
    `${'a'.repeat(65)}@example.com`,
    `someone@${'a'.repeat(250)}.com`,
  ])('refuses %j', (raw) => {
    expect(normalizeEmail(raw)).toEqual({ ok: false, message: expect.stringContaining('valid email') });
  });
});

describe('normalizePhoneNumber', () => {
  it.each([
    ['+8801712345678', '+8801712345678'],
    ['+880 1712-345678', '+8801712345678'],
    ['+880 (17) 1234 5678', '+8801712345678'],
    ['+৮৮০১৭১২৩৪৫৬৭৮', '+8801712345678'],
    ['+14155552671', '+14155552671'],
    ['+447911123456', '+447911123456'],
  ])('accepts %j as %j', (raw, value) => {
    expect(normalizePhoneNumber(raw)).toEqual({ ok: true, value });
  });

  it.each(['01712345678', '8801712345678', '0088 01712345678'])('asks for the country code in %j', (raw) => {
    expect(normalizePhoneNumber(raw)).toEqual({ ok: false, message: expect.stringContaining('country code') });
  });

  it.each(['+0123456789', '+1234', '+1234567890123456', '+88017123abc78'])('refuses %j as not E.164', (raw) => {
    expect(normalizePhoneNumber(raw).ok).toBe(false);
  });

  it.each(['+8801212345678', '+880171234567', '+88017123456789', '+880212345678'])('refuses %j: Bangladeshi numbers must be mobile numbers', (raw) => {
    expect(normalizePhoneNumber(raw)).toEqual({ ok: false, message: expect.stringContaining('Bangladeshi') });
  });
});

describe('masking', () => {
  it('keeps the first character of the local part and the domain of an email', () => {
    expect(maskEmail('alice@example.com')).toBe('a***@example.com');
    expect(maskEmail('a@example.com')).toBe('a***@example.com');
  });

  it('keeps the country and operator prefix and the last two digits of a phone number', () => {
    expect(maskPhoneNumber('+8801712345678')).toBe('+88017******78');
    expect(maskPhoneNumber('+14155552671')).toBe('+14155****71');
    expect(maskPhoneNumber('+8801712345678')).not.toContain('123456');
  });
});
