import { z } from 'zod';

/**
 * The two-step KYC submission API (shared/seeds/kyc-submission-two-step-api.txt), authenticated with
 * `x-api-key`. Step 1 is form-data as documented; its response keeps the contract's keys
 * (`document_fields`, `missing_fields`, `reviewOCRData`, `submissionId`, `idImage`, `file_upload`, …).
 * Where the contract is silent, the behaviour is designed here:
 * - Field names: the reader's fields take the contract's names where it has one (`TWO_STEP_OCR_FIELDS`:
 *   `nidNumber` → `identityNumber`, `dateOfBirth` → `birthDate`, `expiryDate` → `expireDate`, `sex` →
 *   `gender`, …); Bangladesh NID fields it has no name for keep the graph's (`nameBn`, `fatherName`,
 *   `motherName`, `address`, `bloodGroup`, `birthPlace`).
 * - `ocr_identityNumber` (and `ocr_idNumber`) are masked: the first digit stays, every other digit is a
 *   `*`, length and separators are kept (`5*********` for a 10-digit NID). The last four digits are what
 *   the eKYC request's phone check asks for, so they never show.
 * - `idImage` / `idBackImage` are URLs of `GET /v3/submission/{submissionId}/images/{front|back}`, which
 *   returns the (cropped) JPEG to the same API key's tenant.
 * - What each idType is read as: `government_id` from BGD is the Bangladesh NID (OCR, the old card's PDF417, the
 *   smart card's TD1 zone); from any other country an ID card by its TD1/TD2 zone (front or back);
 *   `passport` by its TD3 zone; `residence_permit` by its TD1/TD2 zone; `visa` by its MRV-A/B zone;
 *   `drivers_license` from USA or CAN by the back's AAMVA PDF417 (jurisdiction and address included), and by
 *   the front's labelled fields when only the front is sent (those go to review unless label, check and
 *   confidence agree), from any other country by its ISO 18013 fields (1 surname, 2 given names, 3 birth, 4a/4b
 *   dates, 5 number, by figure or word); `aadhaar` from IND by its Secure QR and the Verhoeff-checked printed number;
 *   `pancard` from IND by its labels (the number accepted on its structure, the holder's surname initial and
 *   confidence; the older card's unlabelled rows by their order); `vehicle_registration_certificate` by its labels
 *   (mark, owner, registration and expiry dates); `universal` (any document) by its machine-readable zone when it has
 *   one, cross-checked with the print, else by the usual labels. Values with no check of their own (names, numbers
 *   other than the PAN) go to review. `aadhaar` and `pancard` from another country are a 400 `UNSUPPORTED_ID_TYPE`.
 *   Step 1 always finds and crops the document.
 * - `document_fields` carries every key the contract lists (`TWO_STEP_DOCUMENT_FIELDS`: expireDate, idNumber,
 *   identityNumber, gender, issueDate, nationality, number, name, birthDate, serialNumber, documentNumber), plus the
 *   reader's other fields: true when this kind of ID carries the field, false otherwise. The contract is
 *   self-contradictory here: its text lists six keys, its table eleven, Sample Response 1 names an ID's number
 *   `documentNumber` and the Step 1 Sample's driver's licence `number`. Chosen: `number` is the same as
 *   `documentNumber` (both always present, always equal); `serialNumber` (a serial apart from the document
 *   number, which no reader here extracts) is false.
 * - Sample Response 1 shows `file_back_upload: true` and an `idBackImage` for Sample Request 1, which sends
 *   no back: the answer says what was sent (`file_back_upload: false`, `idBackImage: null`). The output's
 *   `documnt_fields` and `Submissionid` are typos of the sample response's `document_fields` and `submissionId`.
 * - `retry` is `"<retryCode>: <retryMsg>"` while the submission is incomplete or rejected.
 * - Step 2 (not in the seed) is form-data too: `submissionId`, the customer details (`gender`,
 *   `profession`, `nominee`, `nomineeRelation`, `mobileNumber`), the `applicantPhoto` file, and the
 *   applicant as confirmed. Applicant fields left out take the value step 1 read and accepted;
 *   addresses are free text whose last three comma-separated parts are upazila, district, division.
 * - Errors: `{ error, code, field }`: 400 validation, 401 key, 404 unknown submission, 409 a submission
 *   in the wrong state, 413 an image over 2 MB.
 */
export const TWO_STEP_PATHS = {
  step1: '/v3/submission/step1',
  step2: '/v3/submission/step2',
  image: '/v3/submission/:submissionId/images/:side',
} as const;

export const TWO_STEP_ID_TYPES = [
  'passport',
  'government_id',
  'drivers_license',
  'residence_permit',
  'visa',
  'vehicle_registration_certificate',
  'aadhaar',
  'pancard',
  'universal',
] as const;
export const KYC_STATUSES = ['pending', 'approved', 'rejected', 'incomplete'] as const;

const optionalText = (description: string) => z.string().optional().meta({ description });

export const twoStepStep1Form = z
  .object({
    issuingCountry: z.string().trim().min(1).meta({ description: 'ISO alpha-3 country that issued the ID, e.g. BGD.' }),
    email: z.string().trim().min(1).meta({ description: 'Email address of the KYC applicant.' }),
    idType: z.enum(TWO_STEP_ID_TYPES).meta({
      description:
        'passport, government_id (BGD: the NID; other countries: TD1/TD2 zone), residence_permit, visa, drivers_license (USA, CAN: AAMVA barcode and front) and aadhaar (IND: Secure QR) are read; so are pancard (IND), vehicle_registration_certificate, universal and licences of other countries, by their printed labels.',
    }),
    submissionId: optionalText('Retry step 1 of this submission (valid for 4 hours).'),
    userid: optionalText('Custom optional unique identifier of the user.'),
    cf1: optionalText('Custom optional field.'),
    cf2: optionalText('Custom optional field.'),
    cf3: optionalText('Custom optional field.'),
    customOptions: optionalText('Serialized JSON, e.g. {"ageLimit":false,"rejectDuplicateUser":true}.'),
  })
  .strict();
export type TwoStepStep1Form = z.infer<typeof twoStepStep1Form>;

/** Step 1's files; the names are also the graph input fields. */
export const TWO_STEP_STEP1_FILES = ['idImage', 'idBackImage'] as const;

/** The reader's field names (the graph's `OcrField.name`) and the contract's name for each. */
export const TWO_STEP_OCR_FIELDS = {
  nidNumber: 'identityNumber',
  personalNumber: 'idNumber',
  documentNumber: 'documentNumber',
  nameEn: 'name',
  surname: 'lastName',
  givenNames: 'firstName',
  dateOfBirth: 'birthDate',
  issueDate: 'issueDate',
  expiryDate: 'expireDate',
  sex: 'gender',
  nationality: 'nationality',
  issuingState: 'issuingState',
  nameBn: 'nameBn',
  fatherName: 'fatherName',
  motherName: 'motherName',
  address: 'address',
  bloodGroup: 'bloodGroup',
  birthPlace: 'birthPlace',
} as const;
export type TwoStepOcrName = (typeof TWO_STEP_OCR_FIELDS)[keyof typeof TWO_STEP_OCR_FIELDS];

/** The keys the contract's `document_fields` table lists; every answer carries them all. */
export const TWO_STEP_DOCUMENT_FIELDS = [
  'expireDate',
  'idNumber',
  'identityNumber',
  'gender',
  'issueDate',
  'nationality',
  'number',
  'name',
  'birthDate',
  'serialNumber',
  'documentNumber',
] as const;

/** Contract names whose `ocr_` value is masked. */
export const MASKED_OCR_FIELDS: readonly TwoStepOcrName[] = ['identityNumber', 'idNumber'];

export const twoStepReviewOcrData = z
  .object(
    Object.fromEntries(
      Object.values(TWO_STEP_OCR_FIELDS).flatMap((name) => [
        [`ocr_${name}`, z.string().nullable().optional()],
        [`accepted_ocr_${name}`, z.boolean().optional()],
      ]),
    ),
  )
  .meta({
    description:
      'Fields read from the ID: `ocr_<name>` (dates YYYY-MM-DD, identity numbers masked) and `accepted_ocr_<name>`. Absent when nothing could be read.',
  });

export const twoStepStep1Response = z.object({
  document_fields: z.record(z.string(), z.boolean()).meta({
    description:
      "Whether this kind of ID carries each field (contract names): every key of the contract (number equals documentNumber; serialNumber is false), and the reader's others.",
  }),
  missing_fields: z.array(z.string()).meta({ description: 'Fields the ID carries that could not be read.' }),
  reviewOCRData: twoStepReviewOcrData.optional(),
  submissionId: z.string().meta({ description: 'Needed to retry step 1 and for step 2; valid for 4 hours.' }),
  idImage: z.string().nullable().meta({ description: 'URL of the front image.' }),
  idBackImage: z.string().nullable().meta({ description: 'URL of the back image.' }),
  file_upload: z.boolean(),
  file_back_upload: z.boolean(),
  kycStatus: z.enum(KYC_STATUSES),
  retry: z.string().optional().meta({ description: '"<retryCode>: <retryMsg>" while incomplete or rejected.' }),
  retryCount: z.number().int().meta({ description: 'Step 1 tries so far; a third failed try rejects the submission.' }),
});
export type TwoStepStep1Response = z.infer<typeof twoStepStep1Response>;

export const twoStepStep2Form = z
  .object({
    submissionId: z.string().trim().min(1).meta({ description: "Step 1's submissionId." }),
    gender: z.string().trim().min(1).meta({ description: 'male, female or third_gender (any case).' }),
    profession: z.string().trim().min(1),
    nominee: z.string().trim().min(1),
    nomineeRelation: z.string().trim().min(1),
    mobileNumber: z.string().trim().min(1).meta({ description: 'Bangladeshi mobile number, 01XXXXXXXXX.' }),
    nidNumber: optionalText('Default: the number step 1 read.'),
    nameEn: optionalText('Default: the English name step 1 read.'),
    nameBn: optionalText('Default: the Bengali name step 1 read.'),
    dateOfBirth: optionalText('Default: the date step 1 read.'),
    fatherName: optionalText("Default: the father's name step 1 read."),
    motherName: optionalText("Default: the mother's name step 1 read."),
    presentAddress: optionalText('Free text ending "upazila, district, division"; not checked when absent.'),
    permanentAddress: optionalText('Like presentAddress; default: the address step 1 read.'),
  })
  .strict();
export type TwoStepStep2Form = z.infer<typeof twoStepStep2Form>;
export const TWO_STEP_STEP2_FILE = 'applicantPhoto';

/** Step 2's form fields and the `completeSubmission` input path each one fills. */
export const TWO_STEP_STEP2_FIELDS = {
  submissionId: 'submissionId',
  gender: 'gender',
  profession: 'profession',
  nominee: 'nominee',
  nomineeRelation: 'nomineeRelation',
  mobileNumber: 'mobileNumber',
  applicantPhoto: 'applicantPhoto',
  nidNumber: 'applicant.nidNumber',
  nameEn: 'applicant.nameEn',
  nameBn: 'applicant.nameBn',
  dateOfBirth: 'applicant.dateOfBirth',
  fatherName: 'applicant.fatherName',
  motherName: 'applicant.motherName',
  presentAddress: 'applicant.presentAddress',
  permanentAddress: 'applicant.permanentAddress',
} as const;

export const twoStepStep2Response = z.object({
  submissionId: z.string(),
  kycStatus: z.enum(KYC_STATUSES),
  applicationId: z.string(),
  status: z
    .enum(['pending', 'passed', 'failed', 'invalid'])
    .meta({ description: 'The application: pending while it is verified, invalid when the submission policy refused it.' }),
});
export type TwoStepStep2Response = z.infer<typeof twoStepStep2Response>;
