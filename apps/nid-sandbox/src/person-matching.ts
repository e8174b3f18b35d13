import { canonicalText, normaliseName, parseDate } from '@ekyc/field-matching';
import { NID_VERIFY_FIELDS, type NidAddress, type NidVerifyBlock, type NidVerifyField } from '@ekyc/provider-contracts';
import type { Citizen } from './citizen-registry';

/** The contract's samples spell these two keys with surrounding spaces; the sandbox answers exactly so. */
export const FIELD_RESULT_KEYS: Record<NidVerifyField, string> = {
  nameEn: 'nameEn',
  name: 'name',
  dateOfBirth: 'dateOfBirth',
  father: ' father ',
  mother: ' mother ',
  spouse: 'spouse',
  permanentAddress: 'permanentAddress',
  presentAddress: 'presentAddress',
};

const ADDRESS_PARTS = ['division', 'district', 'upozila'] as const;

const filled = (value: string | undefined): value is string => typeof value === 'string' && canonicalText(value) !== '';
const addressParts = (value: NidAddress | undefined) => ADDRESS_PARTS.filter((part) => filled(value?.[part]));

/** The fields a request asks to verify: only those sent with a non-blank value. */
export function sentFields(verify: NidVerifyBlock): NidVerifyField[] {
  return NID_VERIFY_FIELDS.filter((field) => {
    if (field === 'permanentAddress' || field === 'presentAddress') return addressParts(verify[field]).length > 0;
    return filled(verify[field]);
  });
}

const sameName = (sent: string, registered: string) => normaliseName(sent) === normaliseName(registered);
const sameText = (sent: string, registered: string) => canonicalText(sent).toLowerCase() === canonicalText(registered).toLowerCase();

function sameDate(sent: string, registered: string): boolean {
  const parsed = parseDate(sent);
  return parsed.ok && parsed.value === registered;
}

function fieldMatches(field: NidVerifyField, verify: NidVerifyBlock, citizen: Citizen): boolean {
  switch (field) {
    case 'dateOfBirth':
      return sameDate(verify.dateOfBirth as string, citizen.dateOfBirth);
    case 'permanentAddress':
    case 'presentAddress': {
      const sent = verify[field] as NidAddress;
      return addressParts(sent).every((part) => sameText(sent[part] as string, citizen[field][part]));
    }
    case 'spouse':
      return citizen.spouse !== '' && sameName(verify.spouse as string, citizen.spouse);
    default:
      return sameName(verify[field] as string, citizen[field]);
  }
}

export interface PersonMatch {
  fieldVerificationResult: Record<string, boolean>;
  /** Every sent field matched. */
  verified: boolean;
  /** The English name was sent and matched: a mismatch then still returns the photo and national id. */
  nameEnMatched: boolean;
}

/** Compares each sent field with the registry after normalisation, as the EC does (whitespace, NFC, case, date formats). */
export function matchPerson(verify: NidVerifyBlock, citizen: Citizen): PersonMatch {
  const results = sentFields(verify).map((field) => [field, fieldMatches(field, verify, citizen)] as const);
  return {
    fieldVerificationResult: Object.fromEntries(results.map(([field, matched]) => [FIELD_RESULT_KEYS[field], matched])),
    verified: results.every(([, matched]) => matched),
    nameEnMatched: results.some(([field, matched]) => field === 'nameEn' && matched),
  };
}
