import { z } from 'zod';

/**
 * The eKYC request API (shared/seeds/ekyc-request-api.txt): `POST /api/kyc-request` with `x-api-key`, a
 * JSON body `{ email, phoneNumber, documentIdentificationId }`, 201 `{ "message": "Request submitted" }`
 * and the documented 401/409/400 errors (`EKYC_REQUEST_ERRORS`). The contract's table of contents also
 * lists accepting, retrieving one, retrieving, clearing and deleting requests without describing them;
 * they are designed here, with the OTP check and resend the flow needs:
 * - `POST /api/kyc-request/:id/verify-otp` `{ otp, documentNumberLast4 }`, `POST …/:id/resend-otp`,
 *   `POST …/:id/accept`, `POST …/:id/clear`, `DELETE /api/kyc-request/:id`: 200 `{ message, request }`;
 * - `GET /api/kyc-request/:id`: the request; `GET /api/kyc-request?status&limit&after`: `{ requests, nextCursor }`.
 * The 201 body also carries the new request's `id`, which those routes need. An `Idempotency-Key` header
 * makes a create safe to retry. Errors: `{ error, code, field }`.
 * - Uniqueness: an email or phone number used by any request that was not deleted is a 409, cleared requests included
 *   (the contract: "no other eKYC request have been initiated using the same or existing phone number or email
 *   address"). Deleting a request wipes its contact, which frees it.
 * - A submission that was rejected (three failed reads, refused by policy, a failed decision) is no document for a
 *   request: 400, as for an unknown id.
 * - A request follows "the document submission and face verification processes": when the tenant's policy requires the
 *   face match or liveness, the document's application (two-step step 2, then `POST /api/liveness-sessions`) must
 *   have passed first; until then 409 `DOCUMENT_NOT_VERIFIED`, and no OTP is sent. A tenant that verifies
 *   demographics alone builds requests on a step-1 document.
 * - Who may do what: an agent's key creates requests, verifies and resends OTPs, and reads them; accepting, clearing and
 *   deleting are the partner's decisions about its customer, so they need a partner admin's key (403 `FORBIDDEN`
 *   otherwise). The agent who collected a customer does not accept that customer: the same two-person rule the
 *   reviews keep.
 */
export const EKYC_REQUEST_PATHS = {
  collection: '/api/kyc-request',
  item: '/api/kyc-request/:id',
  verifyOtp: '/api/kyc-request/:id/verify-otp',
  resendOtp: '/api/kyc-request/:id/resend-otp',
  accept: '/api/kyc-request/:id/accept',
  clear: '/api/kyc-request/:id/clear',
} as const;

export const EKYC_REQUEST_MESSAGES = {
  submitted: 'Request submitted',
  otpVerified: 'OTP verified',
  otpSent: 'OTP sent',
  accepted: 'Request accepted',
  cleared: 'Request cleared',
  deleted: 'Request deleted',
} as const;

export const EKYC_REQUEST_STATUS_VALUES = ['otp_pending', 'otp_sent', 'verified', 'accepted', 'locked', 'cleared', 'deleted'] as const;

export const createEkycRequestBody = z.object({
  email: z.string().meta({ description: 'Unique and valid email address of the user; the OTP is sent there.' }),
  phoneNumber: z.string().meta({ description: 'Unique and valid phone number of the user, with the country code (+8801712345678).' }),
  documentIdentificationId: z.string().meta({ description: 'The submissionId returned by the ID document upload (two-step step 1).' }),
});
export type CreateEkycRequestBody = z.infer<typeof createEkycRequestBody>;

export const ekycRequestCreated = z.object({ message: z.literal(EKYC_REQUEST_MESSAGES.submitted), id: z.string().meta({ description: 'The new request.' }) });

export const verifyEkycRequestOtpBody = z.object({
  otp: z.string().meta({ description: 'The 6-digit code from the email.' }),
  documentNumberLast4: z.string().meta({ description: 'The last four characters of the document number.' }),
});

/** The JSON fields of each body and the graph input field each one fills. */
export const EKYC_REQUEST_FIELDS = {
  email: 'email',
  phoneNumber: 'phoneNumber',
  documentIdentificationId: 'documentIdentificationId',
  otp: 'otp',
  documentNumberLast4: 'documentNumberLast4',
  'Idempotency-Key': 'idempotencyKey',
} as const;

const instant = z.string().nullable().meta({ description: 'ISO 8601 instant.' });

export const ekycRequestView = z.object({
  id: z.string(),
  status: z.enum(EKYC_REQUEST_STATUS_VALUES),
  email: z.string().nullable().meta({ description: 'Null once deleted; masked for analysts.' }),
  phoneNumber: z.string().nullable(),
  contactMasked: z.boolean(),
  documentIdentificationId: z.string(),
  otpDelivery: z.enum(['sending', 'sent', 'failed']).nullable(),
  otpExpiresAt: instant,
  otpAttemptsRemaining: z.number().int(),
  verifiedAt: instant,
  acceptedAt: instant,
  clearedAt: instant,
  deletedAt: instant,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EkycRequestView = z.infer<typeof ekycRequestView>;

export const ekycRequestActionResponse = z.object({ message: z.string(), request: ekycRequestView });

export const ekycRequestListQuery = z
  .object({
    status: z.enum(EKYC_REQUEST_STATUS_VALUES).optional(),
    limit: z.coerce.number().int().min(1).max(100).optional().meta({ description: '1-100, default 20.' }),
    after: z.string().optional().meta({ description: "The previous page's nextCursor." }),
  })
  .strict();

export const ekycRequestList = z.object({ requests: z.array(ekycRequestView), nextCursor: z.string().nullable() });
