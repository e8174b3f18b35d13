import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { createPiiCipher, DecryptionError, randomToken, safeEqual, sha256Hex, UnknownKeyError } from './index';

const KEY = Buffer.alloc(32, 0x5a).toString('base64');
const OTHER_KEY = Buffer.alloc(32, 0x33).toString('base64');
const TENANT_A = '3f0b6b1e-2f7a-4c53-9d1e-6a2b8c4d5e6f';
const TENANT_B = '9b2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7b';

const cipher = createPiiCipher(KEY);

function decryptionFailure(run: () => unknown): DecryptionError {
  try {
    run();
  } catch (err) {
    if (err instanceof DecryptionError) return err;
    throw new Error(`expected a DecryptionError, got ${String(err)}`);
  }
  throw new Error('expected a DecryptionError, but decryption succeeded');
}

/** Flips one bit of the decoded segment at `index` and re-encodes the sealed value. */
function flipBit(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index], 'base64url');
  bytes[0] ^= 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('createPiiCipher', () => {
  it.each([
    ['ASCII', 'Rahim Uddin'],
    ['Bengali text', 'মোঃ রহিম উদ্দিন, ঢাকা ১২০৫'],
    ['emoji', 'passport 🇧🇩 ✅ 👩🏽‍💻'],
    ['an empty string', ''],
    ['a long value', 'x'.repeat(10_000)],
  ])('round-trips %s', (_label, plain) => {
    expect(cipher.decrypt(cipher.encrypt(plain, TENANT_A), TENANT_A)).toBe(plain);
  });

  it('produces a versioned ciphertext naming its key, that does not contain the plaintext', () => {
    const sealed = cipher.encrypt('1990-01-31', TENANT_A);
    expect(sealed).toMatch(/^v2\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/);
    expect(sealed.split('.')[1]).toBe(cipher.keyId);
    expect(cipher.keyIdOf(sealed)).toBe(cipher.keyId);
    expect(sealed).not.toContain('1990');
  });

  it('encrypts the same plaintext to different ciphertexts (random IV)', () => {
    const first = cipher.encrypt('1234567890', TENANT_A);
    const second = cipher.encrypt('1234567890', TENANT_A);
    expect(first).not.toBe(second);
    expect(first.split('.')[2]).not.toBe(second.split('.')[2]);
  });

  it('rejects a ciphertext moved to another tenant', () => {
    const sealed = cipher.encrypt('1234567890', TENANT_A);
    const err = decryptionFailure(() => cipher.decrypt(sealed, TENANT_B));
    expect(err.code).toBe('PII_DECRYPTION_FAILED');
    expect(err).toBeInstanceOf(Error);
  });

  it('refuses a ciphertext sealed under a key it was not given, naming that key', () => {
    const other = createPiiCipher(OTHER_KEY);
    const err = decryptionFailure(() => cipher.decrypt(other.encrypt('1234567890', TENANT_A), TENANT_A));
    expect(err).toBeInstanceOf(UnknownKeyError);
    expect(err.code).toBe('PII_KEY_UNKNOWN');
    expect((err as UnknownKeyError).keyId).toBe(other.keyId);
    expect(decryptionFailure(() => cipher.decryptBytes(other.encryptBytes(Buffer.from('x'), TENANT_A), TENANT_A)).code).toBe('PII_KEY_UNKNOWN');
  });

  it.each([
    ['the IV', 2],
    ['the auth tag', 3],
    ['the body', 4],
  ])('rejects a ciphertext whose %s was tampered with', (_label, index) => {
    const sealed = cipher.encrypt('1234567890', TENANT_A);
    expect(decryptionFailure(() => cipher.decrypt(flipBit(sealed, index), TENANT_A)).code).toBe('PII_DECRYPTION_FAILED');
  });

  it('rejects a ciphertext whose body was cut short', () => {
    const sealed = cipher.encrypt('a longer secret value', TENANT_A);
    const parts = sealed.split('.');
    parts[4] = parts[4].slice(0, 4);
    expect(decryptionFailure(() => cipher.decrypt(parts.join('.'), TENANT_A)).code).toBe('PII_DECRYPTION_FAILED');
  });

  it.each([
    ['an empty string', ''],
    ['plaintext', '1234567890'],
    ['an unknown version', 'v3.aaaa.bbbb.cccc'],
    ['a v2 value with a part missing', 'v2.aaaa.bbbb.cccc'],
    ['a missing IV', 'v1..bbbb.cccc'],
    ['a missing tag', 'v1.aaaa..cccc'],
    ['a missing body', 'v1.aaaa.bbbb'],
  ])('rejects malformed input: %s', (_label, sealed) => {
    expect(decryptionFailure(() => cipher.decrypt(sealed, TENANT_A)).code).toBe('PII_DECRYPTION_FAILED');
  });

  it.each([
    ['16 bytes', Buffer.alloc(16).toString('base64')],
    ['31 bytes', Buffer.alloc(31).toString('base64')],
    ['33 bytes', Buffer.alloc(33).toString('base64')],
    ['an empty key', ''],
  ])('refuses a master key of %s', (_label, key) => {
    expect(() => createPiiCipher(key)).toThrow('PII key must be 32 bytes');
  });
});

/** What the cipher wrote before key ids (v1): the same key derivation and layout, without the key id. */
function legacySeal(keyBase64: string, plain: Buffer, tenantId: string): { text: string; bytes: Buffer } {
  const enc = createHmac('sha256', Buffer.from(keyBase64, 'base64')).update('ekyc/pii/enc/v1').digest();
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', enc, iv, { authTagLength: 16 });
  c.setAAD(Buffer.from(tenantId));
  const body = Buffer.concat([c.update(plain), c.final()]);
  const tag = c.getAuthTag();
  return { text: ['v1', iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join('.'), bytes: Buffer.concat([iv, tag, body]) };
}

describe('the keyring', () => {
  const rotated = createPiiCipher(OTHER_KEY, [KEY]);

  it('seals with the current key and opens values of previous keys', () => {
    const old = cipher.encrypt('01712345678', TENANT_A);
    const oldBytes = cipher.encryptBytes(Buffer.from('photo'), TENANT_A);
    expect(rotated.decrypt(old, TENANT_A)).toBe('01712345678');
    expect(rotated.decryptBytes(oldBytes, TENANT_A).toString()).toBe('photo');
    const fresh = rotated.encrypt('01712345678', TENANT_A);
    expect(rotated.keyIdOf(fresh)).toBe(createPiiCipher(OTHER_KEY).keyId);
    expect(rotated.keyIds).toEqual([createPiiCipher(OTHER_KEY).keyId, cipher.keyId]);
    expect(rotated.keyIdOf(rotated.encryptBytes(Buffer.from('x'), TENANT_A))).toBe(rotated.keyId);
  });

  it('opens values written before key ids (v1) with whichever key of the ring sealed them', () => {
    const legacy = legacySeal(KEY, Buffer.from('মোঃ রহিম'), TENANT_A);
    expect(cipher.decrypt(legacy.text, TENANT_A)).toBe('মোঃ রহিম');
    expect(rotated.decrypt(legacy.text, TENANT_A)).toBe('মোঃ রহিম');
    expect(rotated.decryptBytes(legacy.bytes, TENANT_A).toString()).toBe('মোঃ রহিম');
    expect(rotated.keyIdOf(legacy.text)).toBeNull();
    expect(decryptionFailure(() => createPiiCipher(OTHER_KEY).decrypt(legacy.text, TENANT_A)).code).toBe('PII_DECRYPTION_FAILED');
  });

  it('keeps lookup hashes across a rotation: they are keyed by the oldest key', () => {
    expect(rotated.blindIndex('01712345678', TENANT_A)).toBe(cipher.blindIndex('01712345678', TENANT_A));
  });
});

describe('encryptBytes', () => {
  const cipher = createPiiCipher(KEY);
  const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('JFIF face bytes')]);

  it('round-trips binary content for the same tenant and hides it', () => {
    const sealed = cipher.encryptBytes(photo, TENANT_A);
    expect(sealed.includes(Buffer.from('face bytes'))).toBe(false);
    expect(cipher.decryptBytes(sealed, TENANT_A).equals(photo)).toBe(true);
  });

  it('refuses another tenant, a flipped bit and a truncated blob', () => {
    const sealed = cipher.encryptBytes(photo, TENANT_A);
    expect(() => cipher.decryptBytes(sealed, TENANT_B)).toThrow(DecryptionError);
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    expect(() => cipher.decryptBytes(flipped, TENANT_A)).toThrow(DecryptionError);
    expect(() => cipher.decryptBytes(sealed.subarray(0, 20), TENANT_A)).toThrow(DecryptionError);
  });
});

describe('blindIndex', () => {
  it('is deterministic for the same value and tenant', () => {
    expect(cipher.blindIndex('1234567890', TENANT_A)).toBe(cipher.blindIndex('1234567890', TENANT_A));
    expect(createPiiCipher(KEY).blindIndex('1234567890', TENANT_A)).toBe(cipher.blindIndex('1234567890', TENANT_A));
  });

  it('differs across tenants, values and keys', () => {
    const base = cipher.blindIndex('1234567890', TENANT_A);
    expect(cipher.blindIndex('1234567890', TENANT_B)).not.toBe(base);
    expect(cipher.blindIndex('1234567891', TENANT_A)).not.toBe(base);
    expect(createPiiCipher(OTHER_KEY).blindIndex('1234567890', TENANT_A)).not.toBe(base);
  });

  it('treats the NFC and NFD forms of the same Bengali string as equal', () => {
    const nfc = 'রহিম কোরেশী'.normalize('NFC');
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    expect(cipher.blindIndex(nfd, TENANT_A)).toBe(cipher.blindIndex(nfc, TENANT_A));
  });

  it('does not reveal the value or a plain hash of it', () => {
    const index = cipher.blindIndex('1234567890', TENANT_A);
    expect(index).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(index).not.toContain('1234567890');
    expect(Buffer.from(index, 'base64url').toString('hex')).not.toBe(sha256Hex('1234567890'));
  });
});

describe('sha256Hex', () => {
  it('hashes strings and buffers to the standard SHA-256 hex digest', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(Buffer.from('abc'))).toBe(sha256Hex('abc'));
  });
});

describe('safeEqual', () => {
  it('compares strings by content', () => {
    expect(safeEqual('token-abc', 'token-abc')).toBe(true);
    expect(safeEqual('token-abc', 'token-abd')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });

  it('returns false for different lengths instead of throwing', () => {
    expect(safeEqual('short', 'longer value')).toBe(false);
    expect(safeEqual('a', '')).toBe(false);
  });

  it('compares multi-byte text by its UTF-8 bytes', () => {
    expect(safeEqual('রহিম', 'রহিম')).toBe(true);
    expect(safeEqual('রহিম', 'রহিমা')).toBe(false);
  });
});

describe('randomToken', () => {
  it('returns distinct base64url tokens of the requested size', () => {
    const token = randomToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(randomToken(16), 'base64url')).toHaveLength(16);
    expect(randomToken()).not.toBe(token);
  });
});

describe('ciphertext format', () => {
  const sealed = cipher.encrypt('1234567890', TENANT_A);
  const [version, iv, tag, body] = sealed.split('.') as [string, string, string, string];

  it('rejects a truncated authentication tag, which would make forgery cheap', () => {
    const shortTag = Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => cipher.decrypt([version, iv, shortTag, body].join('.'), TENANT_A)).toThrow(DecryptionError);
  });

  it('rejects an IV of the wrong length', () => {
    const longIv = Buffer.concat([Buffer.from(iv, 'base64url'), Buffer.alloc(4)]).toString('base64url');
    expect(() => cipher.decrypt([version, longIv, tag, body].join('.'), TENANT_A)).toThrow(DecryptionError);
  });

  it('rejects extra segments appended to a valid ciphertext', () => {
    expect(() => cipher.decrypt(`${sealed}.junk`, TENANT_A)).toThrow(DecryptionError);
  });
});
