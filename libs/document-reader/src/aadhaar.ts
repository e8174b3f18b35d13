import { createPublicKey, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

/**
 * Aadhaar (UIDAI, India). The number is 12 digits, the last a Verhoeff check digit. Cards and e-Aadhaar letters carry
 * a QR code: the Secure QR (2019-), a decimal integer whose bytes are a gzip stream of fields parted by byte 255
 * (`V2`, the email/mobile indicator, a reference id that begins with the number's last four digits, name, date of
 * birth, gender, care-of, district, landmark, house, location, pincode, post office, state, street, sub-district,
 * village/town, the mobile's last four), then the photo and a 256-byte RSA signature; or, on older prints, an XML
 * element `PrintLetterBarcodeData` with the full number. The Secure QR's signature (SHA-256 with RSA over every byte
 * before it) is verified against the keys the operator configures (UIDAI's published signing certificate); UIDAI's
 * certificate is not bundled, so without one what the QR says is as strong as its own error correction. The XML QR
 * carries no signature.
 */
const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** Verhoeff's check: true when the digits, check digit last, are consistent. */
export function verhoeffValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let c = 0;
  [...digits].reverse().forEach((ch, i) => {
    c = (D[c] as number[])[(P[i % 8] as number[])[Number(ch)] as number] as number;
  });
  return c === 0;
}

/** A 12-digit Aadhaar number: never starting with 0 or 1, Verhoeff-valid. */
export const validAadhaarNumber = (digits: string): boolean => /^[2-9]\d{11}$/.test(digits) && verhoeffValid(digits);

export interface AadhaarQr {
  kind: 'secure' | 'xml';
  /** The full number (XML QR only). */
  number: string | null;
  /** Its last four digits (the Secure QR's reference id starts with them). */
  last4: string | null;
  name: string | null;
  /** ISO date, or null when only the year is given. */
  dateOfBirth: string | null;
  sex: 'M' | 'F' | 'X' | null;
  address: string | null;
  /** The Secure QR's signed bytes and its 256-byte signature; null for the XML QR. */
  signed: { data: Buffer; signature: Buffer } | null;
}

/** The public key of a signing certificate (PEM or DER X.509, as UIDAI publishes it) or of a bare public key (PEM). */
export function qrSigningKeyOf(bytes: Buffer): KeyObject {
  try {
    return new X509Certificate(bytes).publicKey;
  } catch {
    return createPublicKey(bytes);
  }
}

/** The signature's length: UIDAI signs with a 2048-bit RSA key. */
const SIGNATURE_BYTES = 256;

/**
 * Whether a Secure QR's signature verifies with one of the keys (SHA256withRSA, PKCS #1 v1.5, as UIDAI signs).
 * `not_checked` when there is no key to check with or the QR carries no signature (the XML QR).
 */
export function qrSignatureStatus(qr: Pick<AadhaarQr, 'signed'>, keys: readonly KeyObject[]): 'verified' | 'invalid' | 'not_checked' {
  if (!qr.signed || keys.length === 0) return 'not_checked';
  const { data, signature } = qr.signed;
  const ok = keys.some((key) => {
    try {
      return verify('sha256', data, key, signature);
    } catch {
      return false;
    }
  });
  return ok ? 'verified' : 'invalid';
}

const SEX: Record<string, AadhaarQr['sex']> = { M: 'M', F: 'F', T: 'X', MALE: 'M', FEMALE: 'F', TRANSGENDER: 'X' };
const ddmmyyyy = (text: string): string | null => {
  const m = text.trim().match(/^(\d{2})[-/](\d{2})[-/](\d{4})$/);
  if (!m) return null;
  const iso = `${m[3]}-${m[2]}-${m[1]}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
};
/** The address parts in order, empty ones and repeats left out (the village is often also the post office and the sub-district). */
const joinAddress = (parts: Array<string | undefined>) => [...new Set(parts.map((p) => p?.trim() ?? '').filter((p) => p !== ''))].join(', ') || null;

/** The fields of a Secure QR's digits, or null when they are not one. */
export function parseSecureQr(digits: string): AadhaarQr | null {
  if (!/^\d{100,}$/.test(digits)) return null;
  let hex = BigInt(digits).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes: Buffer;
  try {
    bytes = gunzipSync(Buffer.from(hex, 'hex'));
  } catch {
    return null;
  }
  const fields: string[] = [];
  let start = 0;
  // The text fields come first; the photo and the signature after them are binary and may hold 255 too.
  for (let i = 0; i < bytes.length && fields.length < 18; i++) {
    if (bytes[i] === 255) {
      fields.push(bytes.subarray(start, i).toString('utf8'));
      start = i + 1;
    }
  }
  const versioned = /^V\d$/.test(fields[0] ?? '');
  const f = versioned ? fields.slice(1) : fields;
  // [indicator, reference id, name, dob, gender, care of, district, landmark, house, location, pincode, post office, state, street, sub-district, vtc]
  const [, reference, name, dob, gender, , district, landmark, house, location, pincode, postOffice, state, street, subDistrict, vtc] = f;
  if (!reference || !/^\d{4}/.test(reference) || !name) return null;
  return {
    kind: 'secure',
    number: null,
    last4: reference.slice(0, 4),
    name: name.trim().toUpperCase() || null,
    dateOfBirth: dob ? ddmmyyyy(dob) : null,
    sex: SEX[(gender ?? '').trim().toUpperCase()] ?? null,
    address: joinAddress([house, street, landmark, location, vtc, postOffice, subDistrict, district, state, pincode]),
    signed:
      bytes.length > SIGNATURE_BYTES
        ? { data: bytes.subarray(0, bytes.length - SIGNATURE_BYTES), signature: bytes.subarray(bytes.length - SIGNATURE_BYTES) }
        : null,
  };
}

/** The older QR: `<PrintLetterBarcodeData uid=".." name=".." gender="M" yob="1980" dob="..." .../>`. */
export function parseXmlQr(text: string): AadhaarQr | null {
  if (!/PrintLetterBarcodeData/.test(text)) return null;
  const attr = (name: string) => text.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1]?.trim() || undefined;
  const uid = attr('uid')?.replace(/\s/g, '') ?? null;
  const dob = attr('dob');
  return {
    kind: 'xml',
    number: uid,
    last4: uid ? uid.slice(-4) : null,
    name: attr('name')?.toUpperCase() ?? null,
    dateOfBirth: dob ? (ddmmyyyy(dob) ?? (/^\d{4}-\d{2}-\d{2}$/.test(dob) ? dob : null)) : null,
    sex: SEX[(attr('gender') ?? '').toUpperCase()] ?? null,
    address: joinAddress([
      attr('house'),
      attr('street'),
      attr('lm'),
      attr('loc'),
      attr('vtc'),
      attr('po'),
      attr('subdist'),
      attr('dist'),
      attr('state'),
      attr('pc'),
    ]),
    signed: null,
  };
}
