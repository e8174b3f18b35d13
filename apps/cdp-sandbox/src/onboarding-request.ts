import {
  CDP_ID_NUMBER_PATTERNS,
  CDP_MASTER_DATA,
  CDP_MAX_DOCUMENT_BYTES,
  CDP_MESSAGES,
  CDP_MOBILE_NUMBER,
  CDP_RESPONSE_CODES,
  type CdpFieldError,
  type CdpIdType,
} from '@ekyc/provider-contracts';

type Problem = CdpFieldError & { code: 'MANDATORY_FIELD_MISSING' | 'INVALID_MASTER_DATA' | 'INVALID_FIELD_VALUE' };

export interface CheckedOnboarding {
  requestId: string;
  idType: CdpIdType;
  idNumber: string;
  fullName: string;
}

export type OnboardingCheck = { ok: true; request: CheckedOnboarding } | { ok: false; responseCode: string; responseMessage: string; problems: Problem[] };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MAGIC: Record<string, (bytes: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'application/json': (b) => {
    try {
      JSON.parse(b.toString('utf8'));
      return true;
    } catch {
      return false;
    }
  },
};

function isPastDate(value: string, now: number): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && date.getUTCFullYear() >= 1900 && date.getTime() < now;
}

/**
 * Checks an onboarding body the way the designed contract describes (libs/provider-contracts,
 * cdp-customer-onboarding.ts): every problem at once, each with its field and kind.
 */
export function checkOnboardingRequest(body: Json, now: number): OnboardingCheck {
  const problems: Problem[] = [];
  const missing = (field: string) => problems.push({ field, code: 'MANDATORY_FIELD_MISSING', message: `${field} is mandatory` });
  const master = (field: string, value: unknown) =>
    problems.push({ field, code: 'INVALID_MASTER_DATA', message: `${String(value)} is not a valid value of ${field}` });
  const invalid = (field: string, message: string) => problems.push({ field, code: 'INVALID_FIELD_VALUE', message });

  /** A mandatory (or, with `optional`, an optional) string field; returns it when present and a string. */
  const text = (object: Json, path: string, key: string, { optional = false, max = 200 } = {}): string | undefined => {
    const value = object[key];
    const field = `${path}${key}`;
    if (blank(value)) {
      if (!optional) missing(field);
      return undefined;
    }
    if (typeof value !== 'string') return void invalid(field, `${field} must be a string`);
    if (value.length > max) return void invalid(field, `${field} must be at most ${max} characters`);
    return value.trim();
  };
  const coded = (object: Json, path: string, key: string, allowed: readonly string[], options: { optional?: boolean } = {}) => {
    const value = text(object, path, key, options);
    if (value !== undefined && !allowed.includes(value)) master(`${path}${key}`, value);
    return value !== undefined && allowed.includes(value) ? value : undefined;
  };
  const object = (parent: Json, path: string, key: string, optional = false): Json | undefined => {
    const value = parent[key];
    if (value === undefined || value === null) {
      if (!optional) missing(`${path}${key}`);
      return undefined;
    }
    if (!isObject(value)) return void invalid(`${path}${key}`, `${path}${key} must be an object`);
    return value;
  };

  const requestId = text(body, '', 'requestId', { max: 64 });
  if (requestId !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(requestId)) invalid('requestId', 'requestId may contain letters, digits, - and _ only');
  coded(body, '', 'channel', CDP_MASTER_DATA.channels);

  let idType: CdpIdType | undefined;
  let idNumber: string | undefined;
  let fullName: string | undefined;
  const customer = object(body, '', 'customer');
  if (customer) {
    const p = 'customer.';
    idType = coded(customer, p, 'idType', CDP_MASTER_DATA.idTypes) as CdpIdType | undefined;
    idNumber = text(customer, p, 'idNumber', { max: 32 });
    if (idType && idNumber !== undefined && !CDP_ID_NUMBER_PATTERNS[idType].test(idNumber)) invalid('customer.idNumber', `not a valid ${idType} number`);
    fullName = text(customer, p, 'fullName');
    const dateOfBirth = text(customer, p, 'dateOfBirth');
    if (dateOfBirth !== undefined && !isPastDate(dateOfBirth, now)) invalid('customer.dateOfBirth', 'dateOfBirth must be a past date as yyyy-MM-dd');
    coded(customer, p, 'gender', CDP_MASTER_DATA.genders, { optional: true });
    const nationality = coded(customer, p, 'nationality', CDP_MASTER_DATA.countries);
    const mobile = text(customer, p, 'mobileNumber', { max: 15 });
    if (mobile !== undefined && (nationality === 'BD' ? !CDP_MOBILE_NUMBER.test(mobile) : !/^\d{8,15}$/.test(mobile))) {
      invalid('customer.mobileNumber', nationality === 'BD' ? 'mobileNumber must be 8801XXXXXXXXX' : 'mobileNumber must be 8-15 digits with the country code');
    }
    const email = text(customer, p, 'email', { optional: true, max: 254 });
    if (email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) invalid('customer.email', 'not an email address');
    for (const [key, optional] of [
      ['presentAddress', false],
      ['permanentAddress', true],
    ] as const) {
      const address = object(customer, p, key, optional);
      if (!address) continue;
      const ap = `${p}${key}.`;
      text(address, ap, 'addressLine', { optional: true });
      text(address, ap, 'upazila', { max: 100 });
      text(address, ap, 'district', { max: 100 });
      const country = coded(address, ap, 'countryCode', CDP_MASTER_DATA.countries);
      const division = text(address, ap, 'divisionCode', { max: 10 });
      if (division !== undefined && country === 'BD' && !CDP_MASTER_DATA.bdDivisions.some((d) => d.code === division)) master(`${ap}divisionCode`, division);
      const postCode = text(address, ap, 'postCode', { optional: true, max: 10 });
      if (postCode !== undefined && country === 'BD' && !/^\d{4}$/.test(postCode)) invalid(`${ap}postCode`, 'a Bangladeshi post code has 4 digits');
    }
  }

  const source = object(body, '', 'trustedSource');
  if (source) {
    coded(source, 'trustedSource.', 'source', CDP_MASTER_DATA.trustedSources);
    const verifiedAt = text(source, 'trustedSource.', 'verifiedAt', { max: 40 });
    const at = verifiedAt === undefined ? NaN : Date.parse(verifiedAt);
    if (verifiedAt !== undefined && (!/^\d{4}-\d{2}-\d{2}T/.test(verifiedAt) || Number.isNaN(at) || at > now + 5 * 60_000)) {
      invalid('trustedSource.verifiedAt', 'verifiedAt must be an ISO date-time, not in the future');
    }
    text(source, 'trustedSource.', 'referenceId', { optional: true, max: 100 });
  }

  const additional = object(body, '', 'additionalInfo');
  if (additional) {
    const country = coded(additional, 'additionalInfo.', 'countryCode', CDP_MASTER_DATA.countries);
    const attributes = object(additional, 'additionalInfo.', 'attributes');
    if (country && attributes) {
      const known = CDP_MASTER_DATA.additionalAttributes[country] ?? [];
      for (const [key, value] of Object.entries(attributes)) {
        const field = `additionalInfo.attributes.${key}`;
        if (!known.some((a) => a.key === key)) master(field, key);
        else if (value !== null && typeof value !== 'string') invalid(field, `${field} must be a string`);
        else if (typeof value === 'string' && value.length > 200) invalid(field, `${field} must be at most 200 characters`);
      }
      for (const { key } of known.filter((a) => a.mandatory)) if (blank(attributes[key])) missing(`additionalInfo.attributes.${key}`);
    }
  }

  const documents = body['documents'];
  if (!Array.isArray(documents)) {
    if (documents === undefined || documents === null) missing('documents');
    else invalid('documents', 'documents must be a list');
  } else {
    const seen = new Set<string>();
    documents.forEach((doc: unknown, i) => {
      const p = `documents[${i}].`;
      if (!isObject(doc)) return void invalid(`documents[${i}]`, 'each document must be an object');
      const type = coded(doc, p, 'documentType', CDP_MASTER_DATA.documentTypes);
      const mimeType = coded(doc, p, 'mimeType', CDP_MASTER_DATA.mimeTypes);
      text(doc, p, 'fileName', { optional: true, max: 100 });
      if (type) {
        if (seen.has(type)) invalid(`${p}documentType`, `only one ${type} document may be sent`);
        seen.add(type);
      }
      const content = doc['content'];
      if (blank(content)) return void missing(`${p}content`);
      if (typeof content !== 'string' || content.length % 4 !== 0 || !BASE64.test(content)) return void invalid(`${p}content`, 'content must be base64');
      const bytes = Buffer.from(content, 'base64');
      if (bytes.length > CDP_MAX_DOCUMENT_BYTES) return void invalid(`${p}content`, `a document may have at most ${CDP_MAX_DOCUMENT_BYTES} bytes`);
      if (mimeType && MAGIC[mimeType] && !MAGIC[mimeType](bytes)) invalid(`${p}content`, `content is not ${mimeType}`);
    });
    if (!seen.has('FACE_IMAGE')) missing('documents[FACE_IMAGE]');
  }

  if (problems.length > 0) {
    const top = problems.some((p) => p.code === 'MANDATORY_FIELD_MISSING')
      ? { responseCode: CDP_RESPONSE_CODES.mandatoryFieldMissing, responseMessage: CDP_MESSAGES.mandatoryFieldMissing }
      : problems.some((p) => p.code === 'INVALID_MASTER_DATA')
        ? { responseCode: CDP_RESPONSE_CODES.invalidMasterData, responseMessage: CDP_MESSAGES.invalidMasterData }
        : { responseCode: CDP_RESPONSE_CODES.invalidFieldValue, responseMessage: CDP_MESSAGES.invalidFieldValue };
    return { ok: false, ...top, problems };
  }
  return { ok: true, request: { requestId: requestId as string, idType: idType as CdpIdType, idNumber: idNumber as string, fullName: fullName as string } };
}
