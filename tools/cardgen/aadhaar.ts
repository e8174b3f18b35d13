import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import bwipjs from 'bwip-js';
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { Rng } from './prng';

/**
 * Aadhaar test data: a Verhoeff-valid 12-digit number and the Secure QR (UIDAI, 2019) that carries the holder's
 * fields: `V2`, the email/mobile indicator, a reference id (the number's last four digits, then a timestamp), name,
 * date of birth, gender, care-of, district, landmark, house, location, pincode, post office, state, street,
 * sub-district, village/town, the mobile's last four, each ended by byte 255; then the photo (a stand-in here) and a
 * 256-byte SHA256withRSA signature of everything before it, made with this repository's test key (`keys/`, not
 * UIDAI's), gzip-compressed and written as one decimal integer.
 * Verhoeff's tables are written here again on purpose: the generator imports nothing from the reader it measures, and
 * an implementation of its own checks the reader's (a number made here must pass the reader's check).
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
const INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/** The Verhoeff check digit of `digits`. */
export function verhoeffCheckDigit(digits: string): string {
  let c = 0;
  [...digits].reverse().forEach((ch, i) => {
    c = (D[c] as number[])[(P[(i + 1) % 8] as number[])[Number(ch)] as number] as number;
  });
  return String(INV[c]);
}

export function aadhaarNumber(rng: Rng): string {
  const body = `${rng.int(2, 9)}${Array.from({ length: 10 }, () => rng.int(0, 9)).join('')}`;
  return body + verhoeffCheckDigit(body);
}

export interface AadhaarHolder {
  number: string;
  name: string;
  /** ISO date. */
  dateOfBirth: string;
  sex: 'M' | 'F';
  careOf: string;
  house: string;
  street: string;
  vtc: string;
  district: string;
  state: string;
  pincode: string;
}

/** The certificate of the test key that signs generated Secure QRs: what identity-document is given to check them. */
export const AADHAAR_TEST_CERTIFICATE_PATH = path.join(__dirname, 'keys', 'aadhaar-test-signer.cert.pem');
let testSigningKey: ReturnType<typeof createPrivateKey> | null = null;
const signingKey = () => (testSigningKey ??= createPrivateKey(readFileSync(path.join(__dirname, 'keys', 'aadhaar-test-signer.key.pem'))));

export function secureQrDigits(holder: AadhaarHolder, rng: Rng): string {
  const dob = `${holder.dateOfBirth.slice(8, 10)}-${holder.dateOfBirth.slice(5, 7)}-${holder.dateOfBirth.slice(0, 4)}`;
  const text = [
    'V2',
    '0',
    `${holder.number.slice(-4)}20240105101500123`,
    holder.name,
    dob,
    holder.sex,
    holder.careOf,
    holder.district,
    '',
    holder.house,
    '',
    holder.pincode,
    holder.vtc,
    holder.state,
    holder.street,
    holder.district,
    holder.vtc,
    String(rng.int(1000, 9999)),
  ];
  const photo = Buffer.from(Array.from({ length: 64 }, () => rng.int(0, 254)));
  const signed = Buffer.concat([...text.map((t) => Buffer.concat([Buffer.from(t, 'utf8'), Buffer.from([255])])), photo]);
  const payload = Buffer.concat([signed, sign('sha256', signed, signingKey())]);
  return BigInt(`0x${gzipSync(payload).toString('hex')}`).toString(10);
}

/** A QR code drawn module by module on whole pixels. */
export function drawQr(ctx: SKRSContext2D, text: string, left: number, top: number, maxSize: number): number {
  const [raw] = bwipjs.raw({ bcid: 'qrcode', text, eclevel: 'M' } as unknown as Parameters<typeof bwipjs.raw>[0]) as Array<{
    pixs: number[];
    pixx: number;
    pixy: number;
  }>;
  if (!raw) throw new Error('bwip-js returned no QR code');
  const quiet = 4;
  const scale = Math.max(1, Math.floor(maxSize / (raw.pixx + 2 * quiet)));
  const size = (raw.pixx + 2 * quiet) * scale;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(left, top, size, size);
  ctx.fillStyle = '#000000';
  for (let y = 0; y < raw.pixy; y++)
    for (let x = 0; x < raw.pixx; x++) if (raw.pixs[y * raw.pixx + x]) ctx.fillRect(left + (x + quiet) * scale, top + (y + quiet) * scale, scale, scale);
  return size;
}
