import { canonicalText, normaliseNid, parseDate } from '@ekyc/field-matching';
import type { BarcodePayload } from './types';

export type PayloadResult = { ok: true; value: BarcodePayload } | { ok: false; code: 'BARCODE_PAYLOAD_INVALID'; message: string };

const tag = (text: string, name: string): string | null => {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`, 'i').exec(text);
  return match ? canonicalText(match[1]) : null;
};

const invalid = (message: string): PayloadResult => ({ ok: false, code: 'BARCODE_PAYLOAD_INVALID', message });

/** The old card's PDF417 text: `<pin>{nid}</pin><name>{NAME}</name><DOB>{23 Mar 1978}</DOB>` and fingerprint and signature tags after. */
export function parseNidBarcodePayload(text: string): PayloadResult {
  const pin = tag(text, 'pin');
  const name = tag(text, 'name');
  const dob = tag(text, 'DOB');
  if (pin === null || name === null || dob === null) return invalid('the barcode text has no <pin>, <name> and <DOB> tags');
  const dateOfBirth = parseDate(dob);
  if (!dateOfBirth.ok) return invalid(`the barcode's date of birth is not a date: ${dateOfBirth.message}`);
  const nidNumber = pin.replace(/\s/g, '');
  // Decoded bits, not OCR: no lookalike letters to forgive. A 17-digit PIN must start with the birth year.
  const nid = normaliseNid(nidNumber, Number(dateOfBirth.value.slice(0, 4)));
  if (!/^\d+$/.test(nidNumber) || !nid.ok) return invalid(`the barcode PIN is not a valid NID: ${nid.ok ? 'not digits' : nid.message}`);
  if (name === '') return invalid('the barcode has an empty name');
  return { ok: true, value: { nidNumber, nameEn: name.toUpperCase(), dateOfBirth: dateOfBirth.value } };
}
