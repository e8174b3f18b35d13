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

export const FIELD_LABELS: Record<ApplicantField, string> = {
  nidNumber: 'NID number',
  nameEn: 'Name (English)',
  nameBn: 'Name (Bengali)',
  dateOfBirth: 'Date of birth',
  fatherName: "Father's name",
  motherName: "Mother's name",
};

const emptyAddress = () => ({ division: '', district: '', upazila: '' });

/** The form as read: accepted OCR values filled in, the rest left for the agent. */
export function formFromSubmission(submission: Pick<ReadSubmission, 'reviewOcrData'>): ReviewForm {
  const read = new Map(submission.reviewOcrData.filter((f) => f.accepted && f.value).map((f) => [f.name, f.value ?? '']));
  const applicant = Object.fromEntries(APPLICANT_FIELDS.map((name) => [name, read.get(name) ?? ''])) as Record<ApplicantField, string>;
  return { applicant, presentAddress: emptyAddress(), permanentAddress: emptyAddress(), gender: '', profession: '', nominee: '', nomineeRelation: '', mobileNumber: '' };
}

/** How the reader saw one field, for the hint beside its input. */
export function readingOf(submission: Pick<ReadSubmission, 'reviewOcrData' | 'missingFields'>, name: string): { value: string | null; confidence: number; accepted: boolean; source: string } | 'missing' | null {
  const field = submission.reviewOcrData.find((f) => f.name === name);
  if (field) return { value: field.value, confidence: field.confidence, accepted: field.accepted, source: field.source };
  return submission.missingFields.includes(name) ? 'missing' : null;
}

const trimmed = (v: string) => v.trim();
const address = (a: ReviewForm['presentAddress']) => (ADDRESS_PARTS.every((p) => a[p].trim() === '') ? null : { division: trimmed(a.division), district: trimmed(a.district), upazila: trimmed(a.upazila) });
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
