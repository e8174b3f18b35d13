import type { ApplicantFields } from '@ekyc/event-schemas';
import { canonicalText, detectScript, normaliseNid, parseDate } from '@ekyc/field-matching';
import type { FieldProblem } from '@ekyc/subgraph-kit';

export interface AddressInput {
  division: string;
  district: string;
  upazila: string;
  /** House, road, village. */
  line?: string | null;
}

export interface ApplicantInput {
  nidNumber: string;
  nameEn: string;
  nameBn: string;
  dateOfBirth: string;
  fatherName?: string | null;
  motherName?: string | null;
  spouseName?: string | null;
  presentAddress?: AddressInput | null;
  permanentAddress?: AddressInput | null;
}

const MAX_NAME = 200;
const MAX_ADDRESS_PART = 100;
const MAX_ADDRESS_LINE = 200;
// Letters of any script plus the marks Bengali needs; no digits, symbols, emoji or control characters in names.
const NAME_CHARS = /^[\p{L}\p{M}\s.'’()-]+$/u;
const LATIN_NAME = /^[A-Za-z\s.'’()-]+$/;
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}]/u;

/**
 * Validates and normalises what an agent declared about the applicant. Every problem is reported at
 * once, each with a stable code and the input field it concerns.
 */
export function validateApplicant(input: ApplicantInput, today = new Date()): { ok: true; value: ApplicantFields } | { ok: false; errors: FieldProblem[] } {
  const errors: FieldProblem[] = [];
  const problem = (field: string, code: string, message: string) => errors.push({ field: `input.applicant.${field}`, code, message });

  const dob = parseDate(input.dateOfBirth);
  let dateOfBirth = '';
  if (!dob.ok) problem('dateOfBirth', 'INVALID_DATE_OF_BIRTH', dob.message);
  else if (dob.value > today.toISOString().slice(0, 10)) problem('dateOfBirth', 'INVALID_DATE_OF_BIRTH', 'the date of birth is in the future');
  else if (dob.value < '1900-01-01') problem('dateOfBirth', 'INVALID_DATE_OF_BIRTH', 'the date of birth is before 1900');
  else dateOfBirth = dob.value;

  const nid = normaliseNid(input.nidNumber, dateOfBirth ? Number(dateOfBirth.slice(0, 4)) : undefined);
  if (!nid.ok) problem('nidNumber', nid.code, nid.message);

  const name = (field: string, raw: string | null | undefined, opts: { required: boolean; script: 'latin' | 'bengali' | 'any' }): string | null => {
    if (raw === null || raw === undefined || canonicalText(raw) === '') {
      if (opts.required) problem(field, 'REQUIRED', `${field} is required`);
      return null;
    }
    if (FORBIDDEN.test(raw.replace(/[\u200B-\u200D\u2060\uFEFF]/g, ''))) {
      problem(field, 'INVALID_CHARACTERS', `${field} contains control or unassigned characters`);
      return null;
    }
    const text = canonicalText(raw);
    if (text.length > MAX_NAME) problem(field, 'TOO_LONG', `${field} is longer than ${MAX_NAME} characters`);
    else if (!NAME_CHARS.test(text)) problem(field, 'INVALID_CHARACTERS', `${field} may contain letters, spaces and . ' ( ) - only`);
    else if (opts.script === 'latin' && !LATIN_NAME.test(text)) problem(field, 'WRONG_SCRIPT', `${field} must be written in English (Latin) letters`);
    else if (opts.script === 'bengali' && detectScript(text) !== 'bengali') problem(field, 'WRONG_SCRIPT', `${field} must be written in Bengali`);
    else return text;
    return null;
  };

  const address = (field: string, raw: AddressInput | null | undefined): ApplicantFields['presentAddress'] => {
    if (!raw) return null;
    const parts = { division: raw.division, district: raw.district, upozila: raw.upazila };
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(parts)) {
      const inputKey = key === 'upozila' ? 'upazila' : key;
      const text = canonicalText(value ?? '');
      if (!text) problem(`${field}.${inputKey}`, 'REQUIRED', `${inputKey} is required in an address`);
      else if (text.length > MAX_ADDRESS_PART || FORBIDDEN.test(text))
        problem(`${field}.${inputKey}`, 'INVALID_ADDRESS', `${inputKey} is too long or has invalid characters`);
      else out[key] = text;
    }
    // As written (Unicode-normalised, spaces collapsed): the bank gets the house number in the digits it was given.
    const line = (raw.line ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
    if (line.length > MAX_ADDRESS_LINE || FORBIDDEN.test(line))
      problem(`${field}.line`, 'INVALID_ADDRESS', `line must be at most ${MAX_ADDRESS_LINE} printable characters`);
    const lineValue = line && line.length <= MAX_ADDRESS_LINE && !FORBIDDEN.test(line) ? { line } : {};
    return out['division'] && out['district'] && out['upozila']
      ? { division: out['division'], district: out['district'], upozila: out['upozila'], ...lineValue }
      : null;
  };

  const nameEn = name('nameEn', input.nameEn, { required: true, script: 'latin' });
  const nameBn = name('nameBn', input.nameBn, { required: true, script: 'bengali' });
  const father = name('fatherName', input.fatherName, { required: false, script: 'any' });
  const mother = name('motherName', input.motherName, { required: false, script: 'any' });
  const spouse = name('spouseName', input.spouseName, { required: false, script: 'any' });
  const presentAddress = address('presentAddress', input.presentAddress);
  const permanentAddress = address('permanentAddress', input.permanentAddress);

  if (errors.length > 0 || !nid.ok || !nameEn || !nameBn) return { ok: false, errors };
  return {
    ok: true,
    value: { nid: nid.value.value, nameEn, name: nameBn, dateOfBirth, father, mother, spouse, presentAddress, permanentAddress },
  };
}
