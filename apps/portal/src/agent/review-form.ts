import type { CompleteSubmissionInput, Gender, SubmitIdDocumentMutation } from '../graphql/generated';

export type ReadSubmission = NonNullable<SubmitIdDocumentMutation['submitIdDocument']['submission']>;
export type OcrField = ReadSubmission['reviewOcrData'][number];

/** The applicant fields the agent confirms (agent contract B), in form order. */
export const APPLICANT_FIELDS = ['nidNumber', 'nameEn', 'nameBn', 'dateOfBirth', 'fatherName', 'motherName'] as const;
export type ApplicantField = (typeof APPLICANT_FIELDS)[number];
export const ADDRESS_PARTS = ['division', 'district', 'upazila'] as const;
export type AddressKind = 'presentAddress' | 'permanentAddress';

export interface ReviewForm {
  applicant: Record<ApplicantField, string>;
  presentAddress: Record<(typeof ADDRESS_PARTS)[number], string>;
  permanentAddress: Record<(typeof ADDRESS_PARTS)[number], string>;
  gender: Gender | '';
  profession: string;
  nominee: string;
  nomineeRelation: string;
  mobileNumber: string;
}

const emptyAddress = () => ({ division: '', district: '', upazila: '' });

const DIVISIONS = ['ঢাকা', 'চট্টগ্রাম', 'রাজশাহী', 'খুলনা', 'বরিশাল', 'সিলেট', 'রংপুর', 'ময়মনসিংহ'];

/**
 * The address printed on the card, split into the boxes the bank's records use. A card's address ends with the
 * upazila, the district and, on newer cards, the division (`…, মোহনগঞ্জ, নেত্রকোণা, ময়মনসিংহ`); older ones stop at
 * the district (after a labelled part such as `ডাকঘর: …`, which is never taken as a box), and the division is then
 * known only when the district is a division's seat, which shares its name.
 */
export function addressParts(text: string | null | undefined): ReviewForm['presentAddress'] {
  const parts = (text ?? '')
    .split(/[,،]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const clean = (p: string | undefined) => (p && !p.includes(':') ? p : '');
  const last = parts[parts.length - 1];
  const third = clean(parts[parts.length - 3]);
  if (last && DIVISIONS.includes(last) && third !== '') return { division: last, district: clean(parts[parts.length - 2]), upazila: third };
  // Every division shares its name with the district that is its seat: an address ending there is in that division.
  return { division: last && DIVISIONS.includes(last) ? last : '', district: clean(last), upazila: clean(parts[parts.length - 2]) };
}

/** The form as read: accepted OCR values filled in (the present address from the card's, split), the rest left for the agent. */
export function formFromSubmission(submission: Pick<ReadSubmission, 'reviewOcrData'>): ReviewForm {
  const read = new Map(submission.reviewOcrData.filter((f) => f.accepted && f.value).map((f) => [f.name, f.value ?? '']));
  const applicant = Object.fromEntries(APPLICANT_FIELDS.map((name) => [name, read.get(name) ?? ''])) as Record<ApplicantField, string>;
  // An address not accepted by the reader still saves typing: the agent checks every box anyway.
  const address = submission.reviewOcrData.find((f) => f.name === 'address')?.value;
  return {
    applicant,
    presentAddress: address ? addressParts(address) : emptyAddress(),
    permanentAddress: emptyAddress(),
    gender: '',
    profession: '',
    nominee: '',
    nomineeRelation: '',
    mobileNumber: '',
  };
}

/** The fields step 2 cannot go without, in form order (the server checks them all again, with the tenant's rules). */
export const REQUIRED_FIELDS = [
  'applicant.nidNumber',
  'applicant.nameEn',
  'applicant.nameBn',
  'applicant.dateOfBirth',
  'mobileNumber',
  'gender',
  'profession',
  'nominee',
  'nomineeRelation',
] as const;

const MOBILE = /^(?:\+?88)?01[3-9]\d{8}$/;

/**
 * What the agent must fix before the selfie is taken: every required field left empty (`REQUIRED`), a mobile number
 * that is not a Bangladeshi one, and an address started but not finished. Paths as the API names them (`input.…`).
 */
export function reviewProblems(form: ReviewForm): Array<{ code: string; field: string; message: string }> {
  const valueOf = (path: (typeof REQUIRED_FIELDS)[number]): string =>
    path.startsWith('applicant.')
      ? form.applicant[path.slice('applicant.'.length) as ApplicantField]
      : form[path as 'mobileNumber' | 'gender' | 'profession' | 'nominee' | 'nomineeRelation'];
  const problems = REQUIRED_FIELDS.filter((path) => valueOf(path).trim() === '').map((path) => ({
    code: 'REQUIRED',
    field: `input.${path}`,
    message: `${path} is required`,
  }));
  const mobile = form.mobileNumber.replace(/[\s-]/g, '');
  if (mobile !== '' && !MOBILE.test(mobile))
    problems.push({ code: 'INVALID_MOBILE_NUMBER', field: 'input.mobileNumber', message: 'a Bangladeshi mobile number: 01 and 9 more digits' });
  for (const kind of ['presentAddress', 'permanentAddress'] as const) {
    const filled = ADDRESS_PARTS.filter((part) => form[kind][part].trim() !== '');
    if (filled.length > 0 && filled.length < ADDRESS_PARTS.length) {
      for (const part of ADDRESS_PARTS.filter((p) => !filled.includes(p)))
        problems.push({ code: 'REQUIRED', field: `input.applicant.${kind}.${part}`, message: `${part} is required once the address is started` });
    }
  }
  return problems;
}

/** How the reader saw one field, for the hint beside its input. */
export function readingOf(
  submission: Pick<ReadSubmission, 'reviewOcrData' | 'missingFields'>,
  name: string,
): { value: string | null; confidence: number; accepted: boolean; source: string } | 'missing' | null {
  const field = submission.reviewOcrData.find((f) => f.name === name);
  if (field) return { value: field.value, confidence: field.confidence, accepted: field.accepted, source: field.source };
  return submission.missingFields.includes(name) ? 'missing' : null;
}

const trimmed = (v: string) => v.trim();
const address = (a: ReviewForm['presentAddress']) =>
  ADDRESS_PARTS.every((p) => a[p].trim() === '') ? null : { division: trimmed(a.division), district: trimmed(a.district), upazila: trimmed(a.upazila) };
const optional = (v: string) => (v.trim() === '' ? null : v.trim());

/** Step 2's input from the confirmed form; the server validates every field and names the bad ones. */
export function completeSubmissionInput(submissionId: string, form: ReviewForm, applicantPhoto: string): CompleteSubmissionInput {
  const a = form.applicant;
  return {
    submissionId,
    applicant: {
      nidNumber: trimmed(a.nidNumber),
      nameEn: trimmed(a.nameEn),
      nameBn: trimmed(a.nameBn),
      dateOfBirth: trimmed(a.dateOfBirth),
      fatherName: optional(a.fatherName),
      motherName: optional(a.motherName),
      presentAddress: address(form.presentAddress),
      permanentAddress: address(form.permanentAddress),
    },
    // reviewProblems keeps an unchosen gender from getting here.
    gender: form.gender === '' ? 'male' : form.gender,
    profession: trimmed(form.profession),
    nominee: trimmed(form.nominee),
    nomineeRelation: trimmed(form.nomineeRelation),
    mobileNumber: trimmed(form.mobileNumber),
    applicantPhoto,
  };
}

/** Form paths of the fields a UserError names (`input.applicant.nameEn` -> `applicant.nameEn`). */
export const formPathOf = (field: string | null | undefined) => (field ? field.replace(/^input\./, '') : null);
