import {
  NID_SIDE_FIELDS,
  type AadhaarReadResult,
  type DriversLicenceReadResult,
  type LatinDocumentReadResult,
  type MrzDocumentReadResult,
  type NidReadResult,
  type PassportReadResult,
  type ReadField,
} from '@ekyc/document-reader';
import type { DocumentTypeValue } from '../application/application.entity';

/** One field as read from the document, as the submission keeps it (sealed) and returns it. */
export interface OcrFieldValue {
  name: string;
  value: string | null;
  confidence: number;
  accepted: boolean;
  source: ReadField['source'];
}

export interface ReadSummary {
  documentType: DocumentTypeValue;
  fields: OcrFieldValue[];
  /** Which fields this kind of document carries (two-step contract: `document_fields`). */
  documentFields: Record<string, boolean>;
  /** Fields the document carries that were not read with confidence (`missing_fields`): missing or for review. */
  missingFields: string[];
  /** Null when the read is good enough for step 2; otherwise why this try is incomplete. */
  retry: { code: string; message: string } | null;
}

/**
 * Without these the applicant cannot be verified: a read that found no value for one is an incomplete try. A value
 * that was read but not accepted (its checks or its confidence fell short) goes to the agent for review instead: the
 * agent confirms or corrects it in step 2, which is cheaper and surer than another photo of a card a person can read.
 */
const REQUIRED_NID_FIELDS = ['nidNumber', 'dateOfBirth', 'nameEn', 'nameBn'];
const REQUIRED_PASSPORT_FIELDS = ['documentNumber', 'surname', 'dateOfBirth', 'nationality', 'expiryDate'];
const REQUIRED_MRZ_DOCUMENT_FIELDS = ['documentNumber', 'surname', 'dateOfBirth', 'expiryDate'];
const REQUIRED_LICENCE_FIELDS = ['documentNumber', 'surname', 'dateOfBirth'];
/** What an ID card, residence permit or visa carries in its zone (TD1, TD2, MRV: no personal number of its own). */
const MRZ_DOCUMENT_FIELDS = ['documentNumber', 'surname', 'givenNames', 'nationality', 'issuingState', 'dateOfBirth', 'sex', 'expiryDate'];
/** A licence's front; its back's barcode adds the jurisdiction and the address. */
const LICENCE_FRONT_FIELDS = ['documentNumber', 'surname', 'givenNames', 'dateOfBirth', 'expiryDate', 'issueDate', 'sex'];
const LICENCE_BACK_FIELDS = ['issuingState', 'address'];
/** Aadhaar: the number (printed, Verhoeff-checked) and what its QR carries. */
const AADHAAR_FIELDS = ['documentNumber', 'nameEn', 'dateOfBirth', 'sex', 'address'];
const REQUIRED_AADHAAR_FIELDS = ['documentNumber', 'dateOfBirth'];
/**
 * Documents read by their printed labels, and what each carries and must yield. A full name is `nameEn`, as on an
 * Aadhaar. A licence from outside the US and Canada prints no sex (ISO 18013); a registration certificate names its
 * owner, not their birth date.
 */
const LABELLED_FIELDS: Record<'pancard' | 'vehicle_registration' | 'drivers_license' | 'universal', { carried: string[]; required: string[] }> = {
  pancard: { carried: ['documentNumber', 'nameEn', 'fatherName', 'dateOfBirth'], required: ['documentNumber', 'nameEn', 'dateOfBirth'] },
  vehicle_registration: { carried: ['documentNumber', 'nameEn', 'issueDate', 'expiryDate'], required: ['documentNumber', 'nameEn'] },
  drivers_license: { carried: ['documentNumber', 'surname', 'givenNames', 'dateOfBirth', 'issueDate', 'expiryDate'], required: REQUIRED_LICENCE_FIELDS },
  universal: {
    carried: ['documentNumber', 'surname', 'givenNames', 'nameEn', 'dateOfBirth', 'sex', 'nationality', 'expiryDate'],
    required: ['documentNumber', 'dateOfBirth'],
  },
};

/**
 * Which documents an idType of the two-step contract is read as, for an issuing country: the first is what the reader
 * reads it as. Types without a reader say so (`UNSUPPORTED_ID_TYPE`).
 */
export function documentTypesFor(idType: string, country: string): { ok: true; types: DocumentTypeValue[] } | { ok: false; message: string } {
  switch (idType) {
    case 'passport':
      return { ok: true, types: ['passport'] };
    case 'government_id':
      return { ok: true, types: country === 'BGD' ? ['nid_smart', 'nid_old'] : ['id_card'] };
    case 'residence_permit':
      return { ok: true, types: ['residence_permit'] };
    case 'visa':
      return { ok: true, types: ['visa'] };
    case 'aadhaar':
      return country === 'IND' ? { ok: true, types: ['aadhaar'] } : { ok: false, message: 'aadhaar is issued by India: send issuingCountry IND' };
    case 'drivers_license':
      return { ok: true, types: ['drivers_license'] };
    case 'pancard':
      return country === 'IND' ? { ok: true, types: ['pancard'] } : { ok: false, message: 'PAN cards are issued by India: send issuingCountry IND' };
    case 'vehicle_registration_certificate':
      return { ok: true, types: ['vehicle_registration'] };
    case 'universal':
      return { ok: true, types: ['universal'] };
    default:
      return { ok: false, message: `${idType} is not an idType of this API` };
  }
}
const ALL_FIELDS = [
  'nidNumber',
  'nameBn',
  'nameEn',
  'fatherName',
  'motherName',
  'dateOfBirth',
  'address',
  'bloodGroup',
  'birthPlace',
  'issueDate',
  'documentNumber',
  'surname',
  'givenNames',
  'nationality',
  'issuingState',
  'sex',
  'expiryDate',
  'personalNumber',
];

const toValue = (name: string, f: ReadField): OcrFieldValue => ({
  name,
  value: f.value,
  confidence: Math.round(f.confidence * 10) / 10,
  accepted: f.accepted,
  source: f.source,
});

function summarise(
  documentType: DocumentTypeValue,
  fields: OcrFieldValue[],
  carried: Set<string>,
  required: string[],
  problems: { code: string; message: string }[],
): ReadSummary {
  const documentFields = Object.fromEntries(ALL_FIELDS.map((name) => [name, carried.has(name)]));
  const missingFields = fields.filter((f) => carried.has(f.name) && !f.accepted).map((f) => f.name);
  const unread = required.filter((name) => fields.find((f) => f.name === name)?.value == null);
  let retry: ReadSummary['retry'] = null;
  if (unread.length > 0) {
    const notFound = problems.find((p) => p.code === 'NO_TEXT' || p.code === 'MRZ_NOT_FOUND');
    retry = notFound
      ? {
          code: notFound.code === 'NO_TEXT' ? 'CARD_NOT_FOUND' : notFound.code,
          message: `${notFound.message}; retake the photo with the whole document visible, in good light`,
        }
      : { code: 'FIELDS_UNREADABLE', message: `could not read ${unread.join(', ')}; retake the photo in good light, flat and in focus` };
  }
  return { documentType, fields, documentFields, missingFields, retry };
}

/** Fields of the back are only expected when a back image was sent. */
export function summariseNidRead(result: NidReadResult, hasBack: boolean): ReadSummary {
  const sides = NID_SIDE_FIELDS[result.kind];
  const carried = new Set<string>([...sides.front, ...(hasBack ? sides.back : [])]);
  const fields = Object.entries(result.fields)
    .filter(([name]) => carried.has(name as never))
    .map(([name, f]) => toValue(name, f));
  return summarise(result.kind, fields, carried, REQUIRED_NID_FIELDS, result.problems);
}

/** A zone that was found but failed its check digits is an incomplete try, even when every required field has a value. */
function retryOnInvalidZone(summary: ReadSummary, mrz: { found: boolean; valid: boolean; failedChecks: string[] }): ReadSummary {
  if (!summary.retry && mrz.found && !mrz.valid) {
    summary.retry = { code: 'MRZ_INVALID', message: `the machine-readable zone failed its check digits (${mrz.failedChecks.join(', ')}); retake the photo` };
  }
  return summary;
}

export function summarisePassportRead(result: PassportReadResult): ReadSummary {
  const fields = Object.entries(result.fields).map(([name, f]) => toValue(name, f));
  const carried = new Set(fields.map((f) => f.name));
  return retryOnInvalidZone(summarise('passport', fields, carried, REQUIRED_PASSPORT_FIELDS, result.problems), result.mrz);
}

/** ID cards, residence permits and visas: what their zone carries. */
export function summariseMrzDocumentRead(result: MrzDocumentReadResult, documentType: DocumentTypeValue): ReadSummary {
  const carried = new Set(MRZ_DOCUMENT_FIELDS);
  const fields = Object.entries(result.fields)
    .filter(([name]) => carried.has(name))
    .map(([name, f]) => toValue(name, f));
  return retryOnInvalidZone(summarise(documentType, fields, carried, REQUIRED_MRZ_DOCUMENT_FIELDS, result.problems), result.mrz);
}

/** A licence: the front's fields, and with a back, the barcode's jurisdiction and address. */
export function summariseDriversLicenceRead(result: DriversLicenceReadResult, hasBack: boolean): ReadSummary {
  const carried = new Set([...LICENCE_FRONT_FIELDS, ...(hasBack ? LICENCE_BACK_FIELDS : [])]);
  const fields = Object.entries(result.fields)
    .filter(([name]) => carried.has(name))
    .map(([name, f]) => toValue(name, f));
  return summarise('drivers_license', fields, carried, REQUIRED_LICENCE_FIELDS, result.problems);
}

/** Aadhaar: the QR's fields and the printed number. */
export function summariseAadhaarRead(result: AadhaarReadResult): ReadSummary {
  const carried = new Set(AADHAAR_FIELDS);
  const fields = Object.entries(result.fields).map(([name, f]) => toValue(name, f));
  return summarise('aadhaar', fields, carried, REQUIRED_AADHAAR_FIELDS, result.problems);
}

/**
 * A document read by its printed labels. A licence's document type stays `drivers_license` (read by its ISO 18013
 * fields outside the US and Canada); the full name is `nameEn`. A universal document read by its zone carries what the
 * zone carries.
 */
export function summariseLatinDocumentRead(result: LatinDocumentReadResult, documentType: DocumentTypeValue): ReadSummary {
  const rules = LABELLED_FIELDS[result.kind];
  const named = Object.entries(result.fields).map(([name, f]) => toValue(name === 'fullName' ? 'nameEn' : name, f));
  const carried = new Set(result.source === 'mrz' ? [...MRZ_DOCUMENT_FIELDS.filter((f) => f !== 'issuingState')] : rules.carried);
  // A universal document's name is its surname and given names, or one full name: whichever it prints.
  if (result.kind === 'universal' && result.source === 'labels') {
    const printed = (name: string) => named.some((f) => f.name === name && f.value !== null);
    if (printed('nameEn') && !printed('surname')) ['surname', 'givenNames'].forEach((n) => carried.delete(n));
    else carried.delete('nameEn');
  }
  const fields = named.filter((f) => carried.has(f.name));
  return summarise(documentType, fields, carried, rules.required, result.problems);
}
