import type { PiiCipher } from '@ekyc/crypto';

/** A face descriptor is biometric PII: stored only as float32 bytes sealed under the tenant. */
export function sealDescriptor(cipher: Pick<PiiCipher, 'encryptBytes'>, tenantId: string, descriptor: readonly number[]): Buffer {
  const bytes = Buffer.alloc(descriptor.length * 4);
  descriptor.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
  return cipher.encryptBytes(bytes, tenantId);
}

export function openDescriptor(cipher: Pick<PiiCipher, 'decryptBytes'>, tenantId: string, sealed: Buffer): number[] {
  const bytes = cipher.decryptBytes(sealed, tenantId);
  return Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
}
