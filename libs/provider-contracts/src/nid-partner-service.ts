import { z } from 'zod';

/**
 * The Election Commission NID partner service, as its contract (shared/seeds/nid-partner-service-api.txt)
 * describes it. Every response has the same envelope: `status` (HTTP reason), `statusCode`
 * (SUCCESS | ERROR) and either `success.data` or `error` ({ field?, message? }).
 *
 * Where the contract is silent, the real service's behaviour is designed here and the sandbox and the
 * adapter both follow it:
 * - Unknown national id: 404 `{ status: 'NOT_FOUND', statusCode: 'ERROR', error: { field: 'nid10Digit' |
 *   'nid17Digit', message: 'No person found with the given national id' } }`.
 * - Missing, invalid, expired or revoked bearer token: 401 `{ status: 'UNAUTHORIZED', statusCode: 'ERROR',
 *   error: { field: 'token', message: 'You are not authorized to view the resource' } }`. This differs
 *   from the password-expiry 401, whose error is `{ field: 'Authorization', message: 'Access is denied' }`.
 * - Wrong username or password at login: 401 with `error.field: 'username/password'`.
 * - Password expiry: login still issues a token (so `change-user-password` can be called with it); every
 *   other API answers the documented 401 "Access is denied" until the password is changed.
 * - There is no refresh endpoint in the contract: a client refreshes by logging in again shortly before
 *   the 12-hour access token expires.
 * - Billing: every verification that reached a person lookup is a billed call (2.0 BDT each, matching
 *   the sample's 172 calls for 344.0): 200 counts as success, 404/406 as failed. 400/401/403 are not
 *   billed. `processingCount` counts calls still being served when the report is generated.
 */
export const NID_PARTNER_PATHS = {
  login: '/partner-service/rest/auth/login',
  logout: '/partner-service/rest/auth/logout',
  demographicVerification: '/partner-service/rest/demographic/verification',
  changePassword: '/partner-service/rest/common/change-user-password',
  billingReport: '/partner-service/rest/partner-billing/get-billing-report',
} as const;

/** Access tokens are valid for 12 hours; the contract asks partners to reuse them, not log in per call. */
export const NID_ACCESS_TOKEN_TTL_SECONDS = 12 * 60 * 60;
/** The EC photo URL in a verification response expires after 120 seconds (`X-Amz-Expires=120`). */
export const NID_PHOTO_URL_TTL_SECONDS = 120;
/** Passwords longer than this are refused by `change-user-password`. */
export const NID_PASSWORD_MAX_LENGTH = 50;
/** Price of one billed verification call, in BDT, as implied by the contract's sample report. */
export const NID_PRICE_PER_CALL = 2.0;

export const NID_MESSAGES = {
  unauthorized: 'You are not authorized to view the resource',
  accessDenied: 'Access is denied',
  slaNotAssigned: 'SLA is not Assigned',
  missingIdentifier: 'Search permission without one of the mandatory fields is not allowed',
  fieldNotAllowed: 'Search permission with this fields is not allowed',
  missingVerify: 'Please provide person information for verification',
  personMismatch: 'Person data mismatch',
  personNotFound: 'No person found with the given national id',
  samePassword: 'Old Password and New Password Cannot Be Same',
  passwordTooLong: 'Password Should Not Be Greater than 50 Character',
  unreadable: 'Message not readable or request body is empty',
  passwordUpdated: 'Password Updated Successfully',
  logoutSuccessful: 'Logout Successful',
  internalError: 'Internal Server Error',
} as const;

export const nidErrorBody = z.object({ field: z.string().optional(), message: z.string().optional() });
export type NidErrorBody = z.infer<typeof nidErrorBody>;

export const nidErrorEnvelope = z.object({ status: z.string(), statusCode: z.literal('ERROR'), error: nidErrorBody });
export type NidErrorEnvelope = z.infer<typeof nidErrorEnvelope>;

export const nidEnvelope = <T extends z.ZodType>(data: T) =>
  z.union([z.object({ status: z.string(), statusCode: z.literal('SUCCESS'), success: z.object({ data }) }), nidErrorEnvelope]);

/** True for the documented password-expiry 401, which applies to every API until the password changes. */
export function isPasswordExpiredError(body: unknown): boolean {
  const parsed = nidErrorEnvelope.safeParse(body);
  return parsed.success && parsed.data.error.field === 'Authorization' && parsed.data.error.message === NID_MESSAGES.accessDenied;
}

// --- auth ---------------------------------------------------------------------------------------

export const nidLoginRequest = z.object({ username: z.string().min(1), password: z.string().min(1) });
export type NidLoginRequest = z.infer<typeof nidLoginRequest>;

export const nidLoginData = z.object({ username: z.string(), access_token: z.string().min(1), refresh_token: z.string().min(1) });
export const nidLoginResponse = nidEnvelope(nidLoginData);
export type NidLoginResponse = z.infer<typeof nidLoginResponse>;

export const nidLogoutResponse = nidEnvelope(z.string());

export const nidChangePasswordRequest = z.object({
  currentPassword: z.string(),
  newPassword: z.string(),
  confirmPassword: z.string(),
});
export type NidChangePasswordRequest = z.infer<typeof nidChangePasswordRequest>;
export const nidChangePasswordResponse = nidEnvelope(z.string());

// --- demographic verification -----------------------------------------------------------------

const nidAddress = z.object({ division: z.string().optional(), district: z.string().optional(), upozila: z.string().optional() });
export type NidAddress = z.infer<typeof nidAddress>;

/** The fields a partner may send in `verify`; anything else (blood group, gender…) is refused with a 400. */
export const NID_VERIFY_FIELDS = ['nameEn', 'name', 'dateOfBirth', 'father', 'mother', 'spouse', 'permanentAddress', 'presentAddress'] as const;
export type NidVerifyField = (typeof NID_VERIFY_FIELDS)[number];

export const nidVerifyBlock = z.object({
  nameEn: z.string().optional(),
  name: z.string().optional(),
  dateOfBirth: z.string().optional(),
  father: z.string().optional(),
  mother: z.string().optional(),
  spouse: z.string().optional(),
  permanentAddress: nidAddress.optional(),
  presentAddress: nidAddress.optional(),
});
export type NidVerifyBlock = z.infer<typeof nidVerifyBlock>;

export const nidVerificationRequest = z.object({
  identify: z.object({ nid10Digit: z.string().nullable().optional(), nid17Digit: z.string().nullable().optional() }),
  verify: nidVerifyBlock,
});
export type NidVerificationRequest = z.infer<typeof nidVerificationRequest>;

export const nidPersonData = z.object({ requestId: z.string(), nationalId: z.string(), pin: z.string(), photo: z.string() });
export type NidPersonData = z.infer<typeof nidPersonData>;

/**
 * Per-field booleans. The contract's samples spell some keys with spaces (`" father "`); the sandbox
 * answers exactly so, and `normaliseFieldResults` trims them on the way in.
 */
export const nidFieldResults = z.record(z.string(), z.boolean());

export const nidVerificationSuccess = z.object({
  status: z.literal('OK'),
  statusCode: z.literal('SUCCESS'),
  success: z.object({ data: nidPersonData }),
  verified: z.literal(true),
  fieldVerificationResult: nidFieldResults,
});
export type NidVerificationSuccess = z.infer<typeof nidVerificationSuccess>;

/** 406: `verified` is the string "false" in the contract; the partial response appears only when nameEn matched. */
export const nidVerificationMismatch = z.object({
  message: z.literal(NID_MESSAGES.personMismatch),
  status: z.literal('NOT_ACCEPTABLE'),
  verified: z.union([z.literal('false'), z.literal(false)]),
  fieldVerificationResult: nidFieldResults,
  partialResponse: nidPersonData.optional(),
});
export type NidVerificationMismatch = z.infer<typeof nidVerificationMismatch>;

export function normaliseFieldResults(results: Record<string, boolean>): Record<string, boolean> {
  return Object.fromEntries(Object.entries(results).map(([key, value]) => [key.trim(), value]));
}

// --- billing ------------------------------------------------------------------------------------

const isoDate = z.iso.date();
export const nidBillingRequest = z.object({ startDate: isoDate, endDate: isoDate });
export type NidBillingRequest = z.infer<typeof nidBillingRequest>;

export const nidBillingLine = z.object({
  partnerId: z.number(),
  partnerName: z.string(),
  username: z.string(),
  callCount: z.number(),
  successCount: z.number(),
  failedCount: z.number(),
  processingCount: z.number(),
  bill: z.number(),
});
export type NidBillingLine = z.infer<typeof nidBillingLine>;

export const nidBillingData = z.object({
  generatedTime: z.string(),
  partnerId: z.number(),
  totalCallCount: z.number(),
  totalSuccessCount: z.number(),
  totalFailedCount: z.number(),
  totalProcessingCount: z.number(),
  totalBill: z.number(),
  partnerBillingBeanList: z.array(nidBillingLine),
});
export type NidBillingData = z.infer<typeof nidBillingData>;
export const nidBillingResponse = nidEnvelope(nidBillingData);

// --- the port provider-nid's adapter implements ---------------------------------------------------

export type NidOperation = 'login' | 'logout' | 'demographic_verification' | 'change_password' | 'billing_report' | 'photo';

export type NidErrorCode =
  | 'NID_BAD_CREDENTIALS'
  | 'NID_TOKEN_REJECTED'
  | 'NID_PASSWORD_EXPIRED'
  | 'NID_SLA_NOT_ASSIGNED'
  | 'NID_BAD_REQUEST'
  | 'NID_UNAVAILABLE'
  | 'NID_TIMEOUT'
  | 'NID_CIRCUIT_OPEN'
  | 'NID_PHOTO_EXPIRED'
  | 'NID_UNEXPECTED_RESPONSE';

/** One HTTP exchange with the NID service, as recorded for audit and billing. */
export interface NidCall {
  operation: NidOperation;
  outcome: 'success' | 'rejected' | 'unavailable' | 'timeout';
  httpStatus: number | null;
  latencyMs: number;
  startedAt: Date;
}

export interface NidSession {
  username: string;
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
}

/** A call's result, with the field the service named (400s) so callers can report it. */
export type NidResult<T> =
  { ok: true; value: T } | { ok: false; error: { code: NidErrorCode; message: string; field: string | null; httpStatus: number | null } };

export type NidVerificationOutcome =
  | { kind: 'verified'; person: NidPersonData; fields: Record<string, boolean> }
  | { kind: 'mismatch'; person: NidPersonData | null; fields: Record<string, boolean> }
  | { kind: 'not_found'; field: string | null };

export interface NidPartnerPort {
  login(credentials: NidLoginRequest, onCall: (call: NidCall) => void): Promise<NidResult<NidSession>>;
  logout(accessToken: string, onCall: (call: NidCall) => void): Promise<NidResult<void>>;
  verify(accessToken: string, request: NidVerificationRequest, onCall: (call: NidCall) => void): Promise<NidResult<NidVerificationOutcome>>;
  changePassword(accessToken: string, request: NidChangePasswordRequest, onCall: (call: NidCall) => void): Promise<NidResult<void>>;
  billingReport(accessToken: string, request: NidBillingRequest, onCall: (call: NidCall) => void): Promise<NidResult<NidBillingData>>;
  fetchPhoto(url: string, onCall: (call: NidCall) => void): Promise<NidResult<{ bytes: Buffer; contentType: string }>>;
}

// --- designed answers the contract does not show --------------------------------------------------

/**
 * Messages of designed 400s the contract does not document (NID_MESSAGES holds the contract's own), worded
 * like the service's. Fields: `nid10Digit`/`nid17Digit` for a malformed national id, `currentPassword` for a
 * wrong current password, `confirmPassword` when it differs from `newPassword`, `startDate`/`endDate` for
 * billing dates.
 */
export const NID_DESIGNED_MESSAGES = {
  invalidNationalId: 'National Id Must Be 10 or 17 Digits',
  wrongCurrentPassword: 'Current Password Is Not Correct',
  passwordsDiffer: 'New Password and Confirm Password Must Be Same',
  invalidBillingDate: 'Date Must Be a Valid Date in yyyy-MM-dd Format',
  billingRangeReversed: 'Start Date Cannot Be After End Date',
} as const;
