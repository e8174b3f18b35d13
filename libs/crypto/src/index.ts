import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

export class DecryptionError extends Error {
  readonly code = 'PII_DECRYPTION_FAILED';
}

export interface PiiCipher {
  /** Encrypts a value; the tenant id is bound as associated data, so a ciphertext cannot be moved to another tenant. */
  encrypt(plain: string, tenantId: string): string;
  decrypt(sealed: string, tenantId: string): string;
  /** The same for binary content (photos, documents): iv ‖ tag ‖ ciphertext. */
  encryptBytes(plain: Buffer, tenantId: string): Buffer;
  decryptBytes(sealed: Buffer, tenantId: string): Buffer;
  /** Deterministic keyed hash for equality lookups on encrypted columns. */
  blindIndex(value: string, tenantId: string): string;
}

/** Keys are separated per purpose so the lookup hash never reveals the encryption key. */
export function createPiiCipher(masterKeyBase64: string): PiiCipher {
  const master = Buffer.from(masterKeyBase64, 'base64');
  if (master.length !== 32) throw new Error('PII key must be 32 bytes');
  const encKey = createHmac('sha256', master).update('ekyc/pii/enc/v1').digest();
  const indexKey = createHmac('sha256', master).update('ekyc/pii/index/v1').digest();

  return {
    encrypt(plain, tenantId) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, encKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(tenantId));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    decrypt(sealed, tenantId) {
      const parts = sealed.split('.');
      const [version, ivText, tagText, body] = parts;
      if (parts.length !== 4 || version !== VERSION || !ivText || !tagText || body === undefined) throw new DecryptionError('unrecognised ciphertext format');
      const iv = Buffer.from(ivText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      // A shortened tag would make forgery cheap; only full-length tags are accepted.
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DecryptionError('unrecognised ciphertext format');
      try {
        const decipher = createDecipheriv(ALGORITHM, encKey, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(tenantId));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new DecryptionError('ciphertext failed authentication');
      }
    },
    encryptBytes(plain, tenantId) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, encKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(tenantId));
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptBytes(sealed, tenantId) {
      if (sealed.length < IV_BYTES + TAG_BYTES) throw new DecryptionError('unrecognised ciphertext format');
      try {
        const decipher = createDecipheriv(ALGORITHM, encKey, sealed.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(tenantId));
        decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      } catch {
        throw new DecryptionError('ciphertext failed authentication');
      }
    },
    blindIndex(value, tenantId) {
      return createHmac('sha256', indexKey).update(tenantId).update('\0').update(value.normalize('NFC')).digest('base64url');
    },
  };
}

export const sha256Hex = (value: string | Buffer): string => createHash('sha256').update(value).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');
