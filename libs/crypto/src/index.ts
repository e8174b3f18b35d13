import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Raw bytes of a key id: a keyed hash of the key, enough to tell the keys of one deployment apart. */
const KEY_ID_BYTES = 6;
/** Binary ciphertexts start with these two bytes, then the key id; older ones (v1) are iv ‖ tag ‖ ciphertext alone. */
const BYTES_MAGIC = Buffer.from([0xec, 0x02]);

export class DecryptionError extends Error {
  readonly code: string = 'PII_DECRYPTION_FAILED';
}

/** Sealed under a key this process was not given: say which, so an operator can supply it. */
export class UnknownKeyError extends DecryptionError {
  override readonly code = 'PII_KEY_UNKNOWN';
  constructor(readonly keyId: string) {
    super(`sealed under key ${keyId}, which is neither PII_ENCRYPTION_KEY nor one of PII_PREVIOUS_KEYS`);
  }
}

export interface PiiCipher {
  /** Encrypts a value with the current key; the tenant id is bound as associated data, so a ciphertext cannot be moved to another tenant. */
  encrypt(plain: string, tenantId: string): string;
  /** Opens a value sealed under any key of the ring (current or previous). */
  decrypt(sealed: string, tenantId: string): string;
  /** The same for binary content (photos, documents): magic ‖ key id ‖ iv ‖ tag ‖ ciphertext. */
  encryptBytes(plain: Buffer, tenantId: string): Buffer;
  decryptBytes(sealed: Buffer, tenantId: string): Buffer;
  /** Deterministic keyed hash for equality lookups on encrypted columns. */
  blindIndex(value: string, tenantId: string): string;
  /** The id of the key new values are sealed with. */
  readonly keyId: string;
  /** The ids of every key in the ring, current first. */
  readonly keyIds: readonly string[];
  /** The key id a value names, or null for a value sealed before key ids (v1), which is tried with every key. */
  keyIdOf(sealed: string | Buffer): string | null;
}

interface RingKey {
  id: string;
  idBytes: Buffer;
  enc: Buffer;
}

const keyOf = (base64: string): RingKey => {
  const master = Buffer.from(base64, 'base64');
  if (master.length !== 32) throw new Error('PII key must be 32 bytes');
  const idBytes = createHmac('sha256', master).update('ekyc/pii/key-id/v1').digest().subarray(0, KEY_ID_BYTES);
  return { id: idBytes.toString('base64url'), idBytes, enc: createHmac('sha256', master).update('ekyc/pii/enc/v1').digest() };
};

function seal(key: RingKey, plain: Buffer, tenantId: string): { iv: Buffer; tag: Buffer; body: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key.enc, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(tenantId));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), body };
}

/** The plaintext, or null when this key (or the tenant) is not the one the value was sealed with. */
function open(key: RingKey, iv: Buffer, tag: Buffer, body: Buffer, tenantId: string): Buffer | null {
  // A shortened tag would make forgery cheap; only full-length tags are accepted.
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv(ALGORITHM, key.enc, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(tenantId));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return null;
  }
}

/**
 * AES-256-GCM under a keyring: new values are sealed with `currentKey` and name its id; values naming a previous key are
 * opened with it, so keys rotate without downtime (`npm run pii:rekey` re-seals stored values with the current key).
 * Keys are separated per purpose so the lookup hash never reveals the encryption key. The lookup hashes are keyed by the
 * oldest key of the ring (the last of `previousKeys`, else the current one), so rotating does not change them.
 */
export function createPiiCipher(currentKey: string, previousKeys: readonly string[] = []): PiiCipher {
  const ring = [currentKey, ...previousKeys].map(keyOf);
  const current = ring[0] as RingKey;
  const byId = new Map(ring.map((k) => [k.id, k]));
  const oldest = Buffer.from(previousKeys.at(-1) ?? currentKey, 'base64');
  const indexKey = createHmac('sha256', oldest).update('ekyc/pii/index/v1').digest();

  /** Opens with the key the value names, or with every key for a v1 value. */
  const openWith = (keyId: string | null, iv: Buffer, tag: Buffer, body: Buffer, tenantId: string): Buffer => {
    if (keyId !== null) {
      const key = byId.get(keyId);
      if (!key) throw new UnknownKeyError(keyId);
      const plain = open(key, iv, tag, body, tenantId);
      if (plain) return plain;
      throw new DecryptionError('ciphertext failed authentication');
    }
    for (const key of ring) {
      const plain = open(key, iv, tag, body, tenantId);
      if (plain) return plain;
    }
    throw new DecryptionError('ciphertext failed authentication');
  };

  const keyIdOfBytes = (sealed: Buffer): string | null =>
    sealed.length >= BYTES_MAGIC.length + KEY_ID_BYTES && sealed.subarray(0, BYTES_MAGIC.length).equals(BYTES_MAGIC)
      ? sealed.subarray(BYTES_MAGIC.length, BYTES_MAGIC.length + KEY_ID_BYTES).toString('base64url')
      : null;

  return {
    keyId: current.id,
    keyIds: ring.map((k) => k.id),
    keyIdOf(sealed) {
      if (Buffer.isBuffer(sealed)) return keyIdOfBytes(sealed);
      const parts = sealed.split('.');
      return parts[0] === 'v2' && parts.length === 5 ? (parts[1] ?? null) : null;
    },
    encrypt(plain, tenantId) {
      const { iv, tag, body } = seal(current, Buffer.from(plain, 'utf8'), tenantId);
      return ['v2', current.id, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join('.');
    },
    decrypt(sealed, tenantId) {
      const parts = sealed.split('.');
      const b = (text: string | undefined) => Buffer.from(text ?? '', 'base64url');
      if (parts[0] === 'v2' && parts.length === 5 && parts[1] && parts[2] && parts[3])
        return openWith(parts[1], b(parts[2]), b(parts[3]), b(parts[4]), tenantId).toString('utf8');
      if (parts[0] === 'v1' && parts.length === 4 && parts[1] && parts[2])
        return openWith(null, b(parts[1]), b(parts[2]), b(parts[3]), tenantId).toString('utf8');
      throw new DecryptionError('unrecognised ciphertext format');
    },
    encryptBytes(plain, tenantId) {
      const { iv, tag, body } = seal(current, plain, tenantId);
      return Buffer.concat([BYTES_MAGIC, current.idBytes, iv, tag, body]);
    },
    decryptBytes(sealed, tenantId) {
      const keyId = keyIdOfBytes(sealed);
      const legacy = () => {
        if (sealed.length < IV_BYTES + TAG_BYTES) throw new DecryptionError('unrecognised ciphertext format');
        return openWith(null, sealed.subarray(0, IV_BYTES), sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES), sealed.subarray(IV_BYTES + TAG_BYTES), tenantId);
      };
      if (keyId === null) return legacy();
      const at = BYTES_MAGIC.length + KEY_ID_BYTES;
      try {
        return openWith(
          keyId,
          sealed.subarray(at, at + IV_BYTES),
          sealed.subarray(at + IV_BYTES, at + IV_BYTES + TAG_BYTES),
          sealed.subarray(at + IV_BYTES + TAG_BYTES),
          tenantId,
        );
      } catch (err) {
        // One v1 blob in 65,536 starts with the magic bytes by chance: it opens as v1, or the first error stands.
        try {
          return legacy();
        } catch {
          throw err;
        }
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
