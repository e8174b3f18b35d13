/**
 * Every code the eKYC request operations return, with the HTTP status and `{"error": message}` body the
 * REST compatibility routes answer with. `contract: true` marks the ones taken word for word from the
 * Lapis contract (`POST /api/kyc-request`); the others are designed here, where the contract is silent.
 * Codes and statuses are stable: clients switch on them. identity-document returns the codes from the
 * graph; the gateway's REST routes answer them with these statuses and messages.
 */
export const EKYC_REQUEST_ERRORS = {
  EKYC_CONTACT_TAKEN: { status: 409, message: '(email, phone) already taken', contract: true },
  DOCUMENT_NOT_FOUND: { status: 400, message: 'There is no document identification data with the provided id!', contract: true },
  DOCUMENT_NOT_VERIFIED: {
    status: 409,
    message:
      "the customer of this document has not passed the checks your policy requires (face match, liveness): complete the submission's step 2 and the liveness check first",
    contract: false,
  },
  INVALID_EMAIL: { status: 400, message: 'invalid email address', contract: false },
  INVALID_PHONE_NUMBER: { status: 400, message: 'invalid phone number: include the country code, e.g. +8801712345678', contract: false },
  INVALID_IDEMPOTENCY_KEY: { status: 400, message: 'invalid idempotency key', contract: false },
  IDEMPOTENCY_KEY_REUSED: { status: 409, message: 'this idempotency key was already used with different input', contract: false },
  NOT_FOUND: { status: 404, message: 'eKYC request not found', contract: false },
  INVALID_STATE: { status: 409, message: 'the eKYC request is not in a state that allows this operation', contract: false },
  ALREADY_VERIFIED: { status: 409, message: 'the eKYC request is already verified', contract: false },
  INVALID_OTP_FORMAT: { status: 400, message: 'the OTP is 6 digits', contract: false },
  INVALID_DOCUMENT_NUMBER_LAST4: { status: 400, message: 'give the last 4 characters of the document number', contract: false },
  OTP_INVALID: { status: 400, message: 'the OTP or the document number digits do not match', contract: false },
  OTP_EXPIRED: { status: 410, message: 'the OTP has expired; request a new one', contract: false },
  OTP_ATTEMPTS_EXCEEDED: { status: 423, message: 'too many wrong attempts; the eKYC request is locked', contract: false },
  OTP_RESEND_TOO_SOON: { status: 429, message: 'an OTP was sent moments ago; wait before asking for another', contract: false },
  OTP_RESEND_LIMIT: { status: 429, message: 'no more OTPs can be sent for this eKYC request', contract: false },
} as const satisfies Record<string, { status: number; message: string; contract: boolean }>;

export type EkycRequestErrorCode = keyof typeof EKYC_REQUEST_ERRORS;

/** The shape of subgraph-kit's FieldProblem, restated so that this file depends on nothing. */
export interface EkycRequestProblem {
  code: string;
  message: string;
  field: string | null;
}

/** A problem whose code is one of EKYC_REQUEST_ERRORS; the message may be more specific than the REST one. */
export const problem = (code: EkycRequestErrorCode, field: string | null, message: string = EKYC_REQUEST_ERRORS[code].message): EkycRequestProblem => ({
  code,
  field,
  message,
});

const isEkycRequestErrorCode = (code: string): code is EkycRequestErrorCode => Object.prototype.hasOwnProperty.call(EKYC_REQUEST_ERRORS, code);

/**
 * What a REST route answers for the problems of one operation: the first one decides (services list them
 * most important first, e.g. a taken contact before an unknown document, as the contract lists them).
 * `restField` names the problem's graph field (`input.email`) as the REST request does (`email`).
 */
export function restErrorOf(
  problems: readonly EkycRequestProblem[],
  restField: (graphField: string | null) => string | null = (f) => f,
): { status: number; body: { error: string; code: string; field: string | null } } | null {
  const first = problems[0];
  if (!first) return null;
  const field = restField(first.field);
  if (!isEkycRequestErrorCode(first.code)) return { status: 400, body: { error: first.message, code: first.code, field } };
  const { status, message } = EKYC_REQUEST_ERRORS[first.code];
  return { status, body: { error: message, code: first.code, field } };
}
