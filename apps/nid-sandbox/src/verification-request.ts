import { NID_DESIGNED_MESSAGES, NID_MESSAGES, NID_VERIFY_FIELDS, nidVerifyBlock, type NidVerifyBlock } from '@ekyc/provider-contracts';
import { badRequest, unreadable, type ContractAnswer } from './responses';
import { sentFields } from './person-matching';

export type NationalIdLookup = { field: 'nid10Digit'; nid10: string; nid17?: string } | { field: 'nid17Digit'; nid17: string };

export type VerificationRequestCheck = { ok: true; lookup: NationalIdLookup; verify: NidVerifyBlock } | { ok: false; answer: ContractAnswer };

const IDENTIFY_FIELDS = ['nid10Digit', 'nid17Digit'];
const ADDRESS_FIELDS = ['division', 'district', 'upozila'];

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** Keys the service does not search or verify by (blood group, gender…), in the order sent. */
function forbiddenFields(identify: unknown, verify: unknown): string[] {
  const offending: string[] = [];
  if (isObject(identify)) offending.push(...Object.keys(identify).filter((key) => !IDENTIFY_FIELDS.includes(key)));
  if (isObject(verify)) {
    for (const [key, value] of Object.entries(verify)) {
      if (!(NID_VERIFY_FIELDS as readonly string[]).includes(key)) offending.push(key);
      else if ((key === 'permanentAddress' || key === 'presentAddress') && isObject(value)) {
        offending.push(
          ...Object.keys(value)
            .filter((part) => !ADDRESS_FIELDS.includes(part))
            .map((part) => `${key}.${part}`),
        );
      }
    }
  }
  return offending;
}

function nationalId(
  identify: Record<string, unknown>,
  field: 'nid10Digit' | 'nid17Digit',
  digits: 10 | 17,
): { ok: true; value: string | null } | { ok: false; answer: ContractAnswer } {
  const raw = identify[field];
  if (blank(raw)) return { ok: true, value: null };
  const value = typeof raw === 'string' ? raw.trim() : null;
  if (value === null || !new RegExp(`^\\d{${digits}}$`).test(value)) return { ok: false, answer: badRequest(field, NID_DESIGNED_MESSAGES.invalidNationalId) };
  return { ok: true, value };
}

/** A JSON null is an absent field, as the service's deserialiser reads it. */
function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).flatMap(([key, v]) => (v === null ? [] : [[key, isObject(v) ? withoutNulls(v) : v]])));
}

/** The documented 400s of demographic verification, in the order the service reports them. */
export function checkVerificationRequest(body: Record<string, unknown>): VerificationRequestCheck {
  const { identify, verify } = body;
  const offending = forbiddenFields(identify, verify);
  if (offending.length > 0) return { ok: false, answer: badRequest(offending.join('/'), NID_MESSAGES.fieldNotAllowed) };

  const ids = isObject(identify) ? identify : {};
  const nid10 = nationalId(ids, 'nid10Digit', 10);
  const nid17 = nationalId(ids, 'nid17Digit', 17);
  if (nid10.ok && nid17.ok && nid10.value === null && nid17.value === null) {
    return { ok: false, answer: badRequest('nid10Digit/nid17Digit', NID_MESSAGES.missingIdentifier) };
  }
  if (!nid10.ok) return nid10;
  if (!nid17.ok) return nid17;

  if (!isObject(verify)) return { ok: false, answer: badRequest('verify', NID_MESSAGES.missingVerify) };
  const parsed = nidVerifyBlock.safeParse(withoutNulls(verify));
  if (!parsed.success) return { ok: false, answer: unreadable() };
  if (sentFields(parsed.data).length === 0) return { ok: false, answer: badRequest('verify', NID_MESSAGES.missingVerify) };

  const lookup: NationalIdLookup =
    nid10.value !== null
      ? { field: 'nid10Digit', nid10: nid10.value, ...(nid17.value !== null ? { nid17: nid17.value } : {}) }
      : { field: 'nid17Digit', nid17: nid17.value as string };
  return { ok: true, lookup, verify: parsed.data };
}
