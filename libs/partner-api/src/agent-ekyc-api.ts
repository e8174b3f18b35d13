import { z } from 'zod';

/**
 * The agent eKYC API (shared/seeds/agent-ekyc-api.txt), with the underscore field names: the seed's
 * copies with spaces (`nid no`, `id front name`) are copy damage. Sent as printed, section B's example is a
 * 400 naming every damaged name with the real one ("did you mean \"nid_no\"?"), its photo's file field
 * (`applicant photo`, `UNEXPECTED_FILE`) first. The samples' JSON is damaged too (C's and D's lose braces,
 * D ends its array with `1`): C answers one object, D a JSON array of objects. Every request carries
 * `Authorization: Token <key>`. Where the contract is silent, the behaviour is designed here:
 * - Step 2 carries no submission id, so step 1's `id_front_name` / `id_back_name` carry it:
 *   `<submissionId>-front.jpg` and `<submissionId>-back.jpg`. Step 2 refuses names that do not resolve
 *   (`UNKNOWN_IMAGE_NAME`) or name two submissions (`IMAGE_NAMES_MISMATCH`).
 * - `pres_address` / `perm_address` are free text: the last three comma-separated parts are the upazila,
 *   the district and the division, as the card prints them; parts before them (house, road) are not sent
 *   to the EC check, which compares those three. Fewer than three parts is `INVALID_ADDRESS`.
 * - Dates: step 1's `dob` is `YYYY/M/D` like the sample's `1980/10/1`; the status' `dob` and the log's
 *   `submitted_on` are `DD/MM/YYYY` (the log's in Asia/Dhaka time); step 2 takes any format the graph
 *   takes (`1/10/1980` day first, `1980/10/1`, `1980-10-01`, `01 Oct 1980`).
 * - The status' `nid_no` is a JSON number as in the sample, written with all its digits (a 17-digit NID
 *   exceeds a double's precision: parse it as a big integer). Opt-in, for JavaScript clients, whose
 *   `JSON.parse` rounds it (`19816745063963839` → `…840`): the header `X-Nid-Format: string` answers it
 *   as a JSON string with the same digits. The log's `nid_no` is a string, as in its sample.
 * - Step 1 needs both images; a card that cannot be read is a 422 with the reader's code
 *   (`CARD_NOT_FOUND`, `MRZ_NOT_FOUND`, `FIELDS_UNREADABLE`, `READ_FAILED`) and, while tries are left, the submission's
 *   `submission_id` (also in `detail`: "… (2 tries left); to try again, send the new photos with
 *   submission_id=…"). Take the photos again and send them with that `submission_id` form field: the
 *   try counts for that submission (three in all, as the two-step contract's), not as a new one.
 * - Errors: every missing, unknown or invalid field of a request is reported at once (`errors`, beside
 *   the first one's `code` and `field`), on every route, as the GraphQL API reports them; problems only
 *   the graph can find (an NID that is not a date's, a submission that expired) follow once the form is
 *   complete, all of them at once too.
 * - Pending and invalid statuses carry no `detail` (the contract: no values and no scores), only `reason`.
 * - `applicant_photo_card_ec_match` / `applicant_photo_app_ec_match` are booleans, as in the sample: `true` only when
 *   the two faces were compared and match. Faces that were not compared (an NID the EC does not know has no EC photo;
 *   a tenant that does not require the comparison) are `false`; the graph's `VerificationDetail` says `null` there.
 */
export const AGENT_API_PATHS = {
  customerRegistration: '/agent/customer-registration/',
  verificationStatus: '/agent/get-verification-status/',
  verificationLog: '/agent/get-verification-log/',
} as const;

export const AGENT_SUBMITTED_DETAIL = 'Application successfully submitted, awaiting identity verification.';

export const AGENT_VERIFICATION_STATUSES = ['passed', 'failed', 'pending', 'invalid'] as const;
export type AgentVerificationStatus = (typeof AGENT_VERIFICATION_STATUSES)[number];

export const agentRegistrationQuery = z
  .object({
    step: z.enum(['1', '2']).meta({ description: '1: NID upload; 2: photo and other information.' }),
    crop: z.enum(['0', '1']).optional().meta({ description: 'Step 1: 1 finds the card in the photo, deskews and crops it.' }),
  })
  .strict();

/** Step 1's multipart files, as the contract names them, and the graph input each one fills. */
export const AGENT_STEP1_FILES = { id_front: 'idImage', id_back: 'idBackImage' } as const;

export const agentStep1Data = z.object({
  nid_no: z.string().nullable(),
  dob: z.string().nullable().meta({ description: 'YYYY/M/D, e.g. 1980/10/1.' }),
  customer_name_ben: z.string().nullable(),
  customer_name_eng: z.string().nullable(),
  father_name: z.string().nullable(),
  mother_name: z.string().nullable(),
  address: z.string().nullable().meta({ description: 'As printed: `<upazila>, <district>, <division>` at its simplest.' }),
  id_front_image: z.string().nullable().meta({ description: 'The front, cropped when crop=1, base64 JPEG.' }),
  id_back_image: z.string().nullable().meta({ description: 'The back, cropped when crop=1, base64 JPEG.' }),
  id_front_name: z.string().meta({ description: '`<submissionId>-front.jpg`: send it back at step 2.' }),
  id_back_name: z.string().meta({ description: '`<submissionId>-back.jpg`: send it back at step 2.' }),
});
export type AgentStep1Data = z.infer<typeof agentStep1Data>;

export const agentStep1Response = z.object({ status: z.literal('success'), data: agentStep1Data });
export type AgentStep1Response = z.infer<typeof agentStep1Response>;

const mandatory = (description: string) => z.string().trim().min(1).meta({ description });

/** Step 2's text fields (all mandatory in the contract); `applicant_photo` is the file. */
export const agentStep2Form = z
  .object({
    nid_no: mandatory('10, 13 or 17 digits.'),
    dob: mandatory('e.g. 1/10/1980 (day first) or 1980/10/1.'),
    applicant_name_ben: mandatory('Name in Bengali.'),
    applicant_name_eng: mandatory('Name in English.'),
    father_name: mandatory("Father's name."),
    mother_name: mandatory("Mother's name."),
    pres_address: mandatory('Present address; the last three comma-separated parts are upazila, district, division.'),
    perm_address: mandatory('Permanent address, like pres_address.'),
    id_front_name: mandatory("Step 1's id_front_name."),
    id_back_name: mandatory("Step 1's id_back_name."),
    gender: mandatory('Male, Female or Third gender (any case).'),
    profession: mandatory('Profession.'),
    nominee: mandatory('Nominee.'),
    nominee_relation: mandatory('Relation of the nominee.'),
    mobile_number: mandatory('01XXXXXXXXX; the verification status is looked up by it.'),
  })
  .strict();
export type AgentStep2Form = z.infer<typeof agentStep2Form>;
export const AGENT_STEP2_FILE = 'applicant_photo';

/**
 * Step 2's fields and the `completeSubmission` input path each one fills (`applicant.nidNumber`); an
 * error on a graph path is reported on the field whose path is its prefix.
 */
export const AGENT_STEP2_FIELDS = {
  nid_no: 'applicant.nidNumber',
  dob: 'applicant.dateOfBirth',
  applicant_name_ben: 'applicant.nameBn',
  applicant_name_eng: 'applicant.nameEn',
  father_name: 'applicant.fatherName',
  mother_name: 'applicant.motherName',
  pres_address: 'applicant.presentAddress',
  perm_address: 'applicant.permanentAddress',
  id_front_name: 'submissionId',
  gender: 'gender',
  profession: 'profession',
  nominee: 'nominee',
  nominee_relation: 'nomineeRelation',
  mobile_number: 'mobileNumber',
  applicant_photo: 'applicantPhoto',
} as const;

export const agentStep2Response = z.object({ status: z.literal('success'), detail: z.string() });
export type AgentStep2Response = z.infer<typeof agentStep2Response>;

export const agentVerificationStatusForm = z.object({ mobile_number: mandatory('e.g. 01711132446.') }).strict();

const score = z
  .number()
  .int()
  .min(0)
  .max(100)
  .nullable()
  .meta({ description: 'How well the declared value agrees with the ID document, 0-100; null when the document was not read.' });

export const agentVerificationDetail = z.object({
  nid_no: z
    .union([z.number().int(), z.string()])
    .nullable()
    .meta({ description: 'A JSON number with all its digits (a string only if it is not a plain number).' }),
  nid_no_score: score,
  dob: z.string().nullable().meta({ description: 'DD/MM/YYYY.' }),
  dob_score: score,
  applicant_name_eng: z.string().nullable(),
  applicant_name_eng_score: score,
  applicant_name_ben: z.string().nullable(),
  applicant_name_ben_score: score,
  father_name: z.string().nullable(),
  father_name_score: score,
  mother_name: z.string().nullable(),
  mother_name_score: score,
  pres_address: z.string().nullable(),
  pres_address_score: score,
  textual_info_match: z.boolean(),
  applicant_photo_from_card: z.string().nullable().meta({ description: 'base64 JPEG' }),
  applicant_photo_card_ec_match: z
    .boolean()
    .meta({ description: 'true when the card photo and the EC photo were compared and match; false otherwise (also when not compared).' }),
  applicant_photo_from_app: z.string().nullable().meta({ description: 'base64' }),
  applicant_photo_app_ec_match: z
    .boolean()
    .meta({ description: 'true when the selfie and the EC photo were compared and match; false otherwise (also when not compared).' }),
});
export type AgentVerificationDetail = z.infer<typeof agentVerificationDetail>;

/** The status detail's value fields and the graph's `VerificationDetail` field each one reads; `<key>_score` is its score. */
export const AGENT_STATUS_FIELDS = {
  nid_no: 'nidNumber',
  dob: 'dateOfBirth',
  applicant_name_eng: 'applicantNameEng',
  applicant_name_ben: 'applicantNameBen',
  father_name: 'fatherName',
  mother_name: 'motherName',
  pres_address: 'presAddress',
} as const;

export const agentVerificationStatusResponse = z.object({
  status: z.enum(AGENT_VERIFICATION_STATUSES),
  detail: agentVerificationDetail.optional().meta({ description: 'Passed and failed applications only.' }),
  reason: z.string().optional().meta({ description: 'What a pending application waits for, or why it failed or is invalid (a stable code first).' }),
});
export type AgentVerificationStatusResponse = z.infer<typeof agentVerificationStatusResponse>;

export const AGENT_LOG_STATUSES = ['passed', 'failed', 'pending', 'invalid', 'all'] as const;

export const agentVerificationLogQuery = z
  .object({
    status: z.enum(AGENT_LOG_STATUSES).meta({ description: 'passed, failed, pending or all (invalid too).' }),
    page: z.coerce.number().int().min(1).optional().meta({ description: '1-based, default 1.' }),
    per_page: z.coerce.number().int().min(1).max(100).optional().meta({ description: '1-100, default 20.' }),
  })
  .strict();

export const agentVerificationLogEntry = z.object({
  mobile_number: z.string().nullable(),
  applicant_name_eng: z.string().nullable(),
  nid_no: z.string().nullable(),
  submitted_on: z.string().meta({ description: 'DD/MM/YYYY, Asia/Dhaka.' }),
  verification_status: z.enum(AGENT_VERIFICATION_STATUSES),
});
export type AgentVerificationLogEntry = z.infer<typeof agentVerificationLogEntry>;
export const agentVerificationLogResponse = z.array(agentVerificationLogEntry);
