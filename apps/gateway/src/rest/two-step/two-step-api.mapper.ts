import {
  MASKED_OCR_FIELDS,
  TWO_STEP_DOCUMENT_FIELDS,
  TWO_STEP_OCR_FIELDS,
  TWO_STEP_STEP2_FIELDS,
  type RestFieldProblem,
  type TwoStepStep1Response,
  type TwoStepStep2Form,
} from '@ekyc/partner-api';
import { parseAddressText, parseGender } from '../applicant-text';
import type { OcrFieldView, SubmissionRead } from '../operations';

/** The contract's name of a reader field (`nidNumber` → `identityNumber`); fields it has no name for keep theirs. */
export const contractFieldName = (name: string): string => (TWO_STEP_OCR_FIELDS as Record<string, string>)[name] ?? name;

/**
 * An identity number as `ocr_identityNumber` shows it: the first digit, then a star for every other
 * letter or digit, separators kept (`5090424675` → `5*********`). The last four are what the eKYC
 * request's phone check asks for, so they must not be readable here.
 */
export function maskIdentityNumber(value: string): string {
  let first = true;
  return [...value]
    .map((ch) => {
      if (!/[\p{L}\p{N}]/u.test(ch)) return ch;
      if (first) {
        first = false;
        return ch;
      }
      return '*';
    })
    .join('');
}

const SEX: Readonly<Record<string, string>> = { M: 'male', F: 'female', X: 'unspecified' };

function ocrValue(contractName: string, value: string | null): string | null {
  if (value === null) return null;
  if ((MASKED_OCR_FIELDS as readonly string[]).includes(contractName)) return maskIdentityNumber(value);
  if (contractName === 'gender') return SEX[value] ?? value.toLowerCase();
  return value;
}

/** Step 1's response in the contract's keys; `imageUrl` gives the URL serving one side's image. */
export function toTwoStepStep1Response(s: SubmissionRead, imageUrl: (side: 'front' | 'back') => string): TwoStepStep1Response {
  const documentFields: Record<string, boolean> = {};
  for (const f of s.documentFields) documentFields[contractFieldName(f.name)] = f.present;
  // Passports, ID cards, visas and licences have no one full-name field: the contract's `name` is their given names and
  // surname (documentFields lists every field the reader knows, those a document does not carry as false).
  const passportName = documentFields['lastName'] === true && documentFields['name'] !== true;
  if (passportName) documentFields['name'] = Boolean(documentFields['lastName'] || documentFields['firstName']);
  // Every key the contract lists; its two samples name a document's number `documentNumber` and `number`.
  for (const key of TWO_STEP_DOCUMENT_FIELDS) documentFields[key] ??= false;
  documentFields['number'] = documentFields['documentNumber'] === true;

  let reviewOCRData: Record<string, string | boolean | null> | undefined;
  // The contract returns reviewOCRData "when Step 1 is successfully completed": an incomplete try (retry) has none.
  if (s.reviewOcrData.length > 0 && !s.retry) {
    reviewOCRData = {};
    for (const f of s.reviewOcrData) {
      const name = contractFieldName(f.name);
      reviewOCRData[`ocr_${name}`] = ocrValue(name, f.value);
      reviewOCRData[`accepted_ocr_${name}`] = f.accepted;
    }
    if (passportName) {
      const parts = ['givenNames', 'surname'].map((n) => s.reviewOcrData.find((f) => f.name === n));
      reviewOCRData['ocr_name'] =
        parts
          .map((p) => p?.value ?? '')
          .join(' ')
          .trim() || null;
      reviewOCRData['accepted_ocr_name'] = parts.every((p) => p?.accepted === true);
    }
  }
  return {
    document_fields: documentFields,
    missing_fields: s.missingFields.map(contractFieldName),
    ...(reviewOCRData ? { reviewOCRData } : {}),
    submissionId: s.id,
    idImage: s.fileUpload ? imageUrl('front') : null,
    idBackImage: s.fileBackUpload ? imageUrl('back') : null,
    file_upload: s.fileUpload,
    file_back_upload: s.fileBackUpload,
    kycStatus: s.kycStatus,
    ...(s.retry ? { retry: `${s.retry.code}: ${s.retry.message}` } : {}),
    retryCount: s.retryCount,
  };
}

/** The request field a step 1 graph error is about (`input.customOptions.ageLimit` → `customOptions`). */
export const twoStepStep1FieldOf = (graphField: string | null): string | null =>
  graphField ? (graphField.replace(/^input\./, '').split('.')[0] ?? null) : null;

export function twoStepStep2FieldOf(graphField: string | null): string | null {
  if (!graphField) return null;
  const path = graphField.replace(/^input\./, '');
  const match = Object.entries(TWO_STEP_STEP2_FIELDS).find(([, graphPath]) => path === graphPath || path.startsWith(`${graphPath}.`));
  return match ? match[0] : path;
}

const APPLICANT_REQUIRED = ['nidNumber', 'nameEn', 'nameBn', 'dateOfBirth'] as const;

const acceptedOf = (read: OcrFieldView[]) => (name: string) => read.find((f) => f.name === name && f.accepted && f.value)?.value ?? undefined;

/** The applicant as step 2 sends it, each field left out taken from what step 1 read and accepted. */
function applicantOf(form: Partial<TwoStepStep2Form>, read: OcrFieldView[]): Record<string, unknown> {
  const accepted = acceptedOf(read);
  const passportName = [accepted('givenNames'), accepted('surname')].filter(Boolean).join(' ') || undefined;
  return {
    nidNumber: form.nidNumber ?? accepted('nidNumber'),
    nameEn: form.nameEn ?? accepted('nameEn') ?? passportName,
    nameBn: form.nameBn ?? accepted('nameBn'),
    dateOfBirth: form.dateOfBirth ?? accepted('dateOfBirth'),
    fatherName: form.fatherName ?? accepted('fatherName') ?? null,
    motherName: form.motherName ?? accepted('motherName') ?? null,
  };
}

/**
 * Every problem of step 2's form beyond each field being there, at once: a required applicant field
 * neither sent nor read by step 1 (only when `read` is known), an address that does not end in upazila,
 * district and division, a gender that is none. Fields not sent are not checked here (the schema reports
 * the required ones), so a partly filled form is checked as far as it goes.
 */
export function twoStepStep2Problems(form: Partial<TwoStepStep2Form>, read: OcrFieldView[] | null): RestFieldProblem[] {
  const problems: RestFieldProblem[] = [];
  if (read) {
    const applicant = applicantOf(form, read);
    for (const name of APPLICANT_REQUIRED)
      if (!applicant[name]) problems.push({ code: 'REQUIRED', field: name, message: `${name} is required: step 1 did not read it` });
  }
  for (const key of ['presentAddress', 'permanentAddress'] as const) {
    const text = form[key];
    if (text === undefined) continue;
    const address = parseAddressText(text);
    if (!address.ok) problems.push({ code: 'INVALID_ADDRESS', field: key, message: address.message });
  }
  if (form.gender !== undefined && !parseGender(form.gender))
    problems.push({ code: 'INVALID_GENDER', field: 'gender', message: `"${form.gender}" is not a gender: send male, female or third_gender` });
  return problems;
}

/**
 * Step 2's form as the `completeSubmission` input (without the photo). Applicant fields left out take
 * the value step 1 read and accepted; the permanent address defaults to the card's address when it
 * parses. Every field that cannot be mapped is reported (twoStepStep2Problems).
 */
export function twoStepStep2Input(
  form: TwoStepStep2Form,
  read: OcrFieldView[],
): { ok: true; input: Record<string, unknown> } | { ok: false; problems: RestFieldProblem[] } {
  const problems = twoStepStep2Problems(form, read);
  const gender = parseGender(form.gender);
  if (problems.length > 0 || !gender) return { ok: false, problems };
  const applicant = applicantOf(form, read);
  for (const key of ['presentAddress', 'permanentAddress'] as const) {
    const text = form[key];
    const address = text === undefined ? null : parseAddressText(text);
    if (address?.ok) applicant[key] = address.value;
  }
  if (applicant['permanentAddress'] === undefined) {
    const printed = acceptedOf(read)('address');
    const address = printed === undefined ? null : parseAddressText(printed);
    if (address?.ok) applicant['permanentAddress'] = address.value;
  }
  return {
    ok: true,
    input: {
      submissionId: form.submissionId,
      applicant,
      gender,
      profession: form.profession,
      nominee: form.nominee,
      nomineeRelation: form.nomineeRelation,
      mobileNumber: form.mobileNumber,
    },
  };
}
