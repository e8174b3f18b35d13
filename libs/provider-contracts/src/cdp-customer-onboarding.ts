import { z } from 'zod';

/**
 * The Customer Data Platform's customer onboarding API, as its contract
 * (shared/seeds/cdp-customer-onboarding-api.txt) describes it. The contract's payload tables were lost;
 * what survives is the list of APIs, their methods, headers and the HTTP status of every documented
 * answer. The payloads below are designed as the real service would have them, and `apps/cdp-sandbox`
 * and `apps/provider-cdp` both follow them.
 *
 * Access tokens (OpenID Connect, Keycloak realm `cdp`):
 * - `POST /auth/realms/cdp/protocol/openid-connect/token`, `application/x-www-form-urlencoded`, with
 *   `grant_type` `client_credentials` (`client_id`, `client_secret`), `password` (`client_id`, optional
 *   `client_secret`, `username`, `password`) or `refresh_token` (`client_id`, optional `client_secret`,
 *   `refresh_token`). 200: `{ access_token, expires_in, refresh_expires_in, refresh_token, token_type:
 *   'Bearer', 'not-before-policy', session_state, scope }`: `expires_in` is the lifetime the contract says
 *   is "echoed in the response" (default 300 s), `refresh_expires_in` the refresh token's (default 1800 s).
 * - Designed: the realm issues refresh tokens for the client-credentials grant too (the contract documents a
 *   "Refresh Token Payload" for partners, who authenticate as clients).
 * - Errors as Keycloak answers them (`CDP_OAUTH_ERRORS`): 401 `invalid_client` for an unknown client or a
 *   wrong secret; 401 `invalid_grant` "Invalid user credentials" for a wrong username or password; 400
 *   `invalid_grant` for a refresh token that is expired ("Token is not active"), whose session ended
 *   ("Session not active") or that is not one ("Invalid refresh token"); 400 `unauthorized_client` when the
 *   client may not use the grant; 400 `unsupported_grant_type`; 400 `invalid_request` without grant_type.
 * - A token used after its validity period is refused (the contract): the API answers 401, and the partner
 *   gets a new token.
 *
 * The CAAS APIs (JSON, `Authorization: Bearer <access_token>`) answer with one envelope (`cdpEnvelope`):
 * `{ responseCode, responseMessage, requestId, traceId, timestamp, data, errors? }`. `responseCode` is a
 * stable code (`CDP_RESPONSE_CODES`) partners switch on, because several outcomes share HTTP 200:
 * - Customer lookup (`POST`, `{ requestId?, idType, idNumber }`): found (CDP-2000, data: the customer),
 *   not found (CDP-2001), subscription pending (CDP-2002, data: the customer), bad request (CDP-4000, with
 *   `errors`), internal error (CDP-5000), under compliance investigation (CDP-4061) and blocked (CDP-4062),
 *   all with HTTP 200 as the contract documents. The contract prints the investigation case's status as
 *   "401200" (a table cell merged with its neighbour); read as 200 like the other validation failures. 401
 *   (CDP-4010) for a missing, invalid, expired or revoked token. Investigated and blocked customers are
 *   reported without data: the CDP does not disclose them further.
 * - Customer onboarding (`POST /caas-lcm/api/v1/CAAS/onBoarding/customer`, `cdpOnboardingRequest`): 200
 *   CDP-2000 with the new customer; 406 CDP-4061 (compliance investigation: an investigated customer, or a
 *   screening hit on a new one) and CDP-4062 (blocked customer or blocked id); 400 CDP-4001 (mandatory field
 *   missing) and CDP-4002 (invalid master data), each listing `errors: [{ field, code, message }]`; 401
 *   CDP-4010; 502 CDP-5000. Designed where the contract is silent:
 *   - `requestId` is the idempotency key: the same client sending the same `requestId` again gets the answer
 *     of the first success, the same customer (never a second one). The same `requestId` for another id
 *     number is a 400 CDP-4003 on `requestId`.
 *   - An id number that already belongs to a customer is never onboarded twice: 200 CDP-2004 "Customer
 *     already onboarded", data: the existing customer.
 *   - A value in the wrong format (a date, a mobile number, base64, a length) is 400 CDP-4003 "Invalid field
 *     value"; a body that is not a JSON object is 400 CDP-4000. When several kinds of problem occur the top
 *     code is the first of CDP-4001, CDP-4002, CDP-4003 that applies; `errors` lists them all.
 *   - A new customer's subscription is `PENDING` until the CDP activates it (`SUBSCRIBED`); meanwhile a
 *     lookup answers "subscription pending" with the customer. Customers created through this API carry the
 *     onboarding's `requestId` as `referenceId`, so a partner can tell its own onboarding from an older one.
 *   - Mandatory: `requestId`, `channel`, `customer.{ idType, idNumber, fullName, dateOfBirth, nationality,
 *     mobileNumber, presentAddress }`, `trustedSource.{ source, verifiedAt }`, the country's mandatory
 *     `additionalInfo.attributes` (Bangladesh: `NAME_BN`, `FATHER_NAME`, `MOTHER_NAME`) and one `FACE_IMAGE`
 *     document. ID images and the eKYC report are sent "if applicable".
 *   - Documents are base64 (`content`) with a `documentType` and `mimeType` from the master data, each at most
 *     `CDP_MAX_DOCUMENT_BYTES` decoded, one per type.
 * - Subscription status (`GET ?customerId=`): SUBSCRIBED (CDP-2000), PENDING (CDP-2002), not subscribed
 *   (CDP-2003), not found (CDP-2001), all 200, data `{ customerId, subscriptionStatus, subscribedAt }` when
 *   the customer exists; no customerId: 200 CDP-4000; 401 CDP-4010.
 * - Master data (`GET`, the contract's other GET, documented with a 200 only): the coded values onboarding
 *   accepts (`CDP_MASTER_DATA`). A coded value outside them is "invalid master data".
 * - Every API answers 401 with header `WWW-Authenticate: Bearer realm="cdp", error="invalid_token"`.
 */
export const CDP_REALM = 'cdp';

export const CDP_PATHS = {
  token: '/auth/realms/cdp/protocol/openid-connect/token',
  customerLookup: '/caas-lcm/api/v1/CAAS/customer/lookup',
  onboarding: '/caas-lcm/api/v1/CAAS/onBoarding/customer',
  subscriptionStatus: '/caas-lcm/api/v1/CAAS/customer/subscription-status',
  masterData: '/caas-lcm/api/v1/CAAS/master-data',
} as const;

/** Keycloak's defaults: access tokens live 5 minutes, refresh tokens (the SSO session idle time) 30. */
export const CDP_ACCESS_TOKEN_TTL_SECONDS = 300;
export const CDP_REFRESH_TOKEN_TTL_SECONDS = 1800;
/** Largest document the onboarding API accepts, decoded. */
export const CDP_MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

// --- tokens ---------------------------------------------------------------------------------------

const formValue = z.string().min(1).max(4096);

export const cdpTokenRequest = z.discriminatedUnion('grant_type', [
  z.object({ grant_type: z.literal('client_credentials'), client_id: formValue, client_secret: formValue, scope: formValue.optional() }),
  z.object({
    grant_type: z.literal('password'),
    client_id: formValue,
    client_secret: formValue.optional(),
    username: formValue,
    password: formValue,
    scope: formValue.optional(),
  }),
  z.object({ grant_type: z.literal('refresh_token'), client_id: formValue, client_secret: formValue.optional(), refresh_token: formValue }),
]);
export type CdpTokenRequest = z.infer<typeof cdpTokenRequest>;

export const cdpTokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  refresh_expires_in: z.number().int().min(0),
  refresh_token: z.string().min(1).optional(),
  token_type: z.string(),
  'not-before-policy': z.number().int().optional(),
  session_state: z.string().optional(),
  scope: z.string().optional(),
});
export type CdpTokenResponse = z.infer<typeof cdpTokenResponse>;

export const cdpOAuthError = z.object({ error: z.string(), error_description: z.string().optional() });
export type CdpOAuthError = z.infer<typeof cdpOAuthError>;

/** The token endpoint's error bodies, word for word as Keycloak sends them, with their HTTP status. */
export const CDP_OAUTH_ERRORS = {
  invalidClient: { status: 401, body: { error: 'invalid_client', error_description: 'Invalid client or Invalid client credentials' } },
  invalidUserCredentials: { status: 401, body: { error: 'invalid_grant', error_description: 'Invalid user credentials' } },
  invalidRefreshToken: { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid refresh token' } },
  refreshTokenInactive: { status: 400, body: { error: 'invalid_grant', error_description: 'Token is not active' } },
  sessionNotActive: { status: 400, body: { error: 'invalid_grant', error_description: 'Session not active' } },
  noDirectAccess: { status: 400, body: { error: 'unauthorized_client', error_description: 'Client not allowed for direct access grants' } },
  noServiceAccount: { status: 400, body: { error: 'unauthorized_client', error_description: 'Client not enabled to retrieve service account' } },
  unsupportedGrantType: { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Unsupported grant_type' } },
  missingGrantType: { status: 400, body: { error: 'invalid_request', error_description: 'Missing form parameter: grant_type' } },
} as const satisfies Record<string, { status: number; body: CdpOAuthError }>;

// --- the CAAS envelope -----------------------------------------------------------------------------

export const CDP_RESPONSE_CODES = {
  success: 'CDP-2000',
  customerNotFound: 'CDP-2001',
  subscriptionPending: 'CDP-2002',
  notSubscribed: 'CDP-2003',
  alreadyOnboarded: 'CDP-2004',
  badRequest: 'CDP-4000',
  mandatoryFieldMissing: 'CDP-4001',
  invalidMasterData: 'CDP-4002',
  invalidFieldValue: 'CDP-4003',
  unauthorized: 'CDP-4010',
  complianceInvestigation: 'CDP-4061',
  blocked: 'CDP-4062',
  internalError: 'CDP-5000',
} as const;
export type CdpResponseCode = (typeof CDP_RESPONSE_CODES)[keyof typeof CDP_RESPONSE_CODES];

export const CDP_MESSAGES = {
  customerFound: 'Customer found',
  customerNotFound: 'Customer not found',
  subscriptionPending: 'Customer subscription is pending',
  subscribed: 'Customer is subscribed',
  notSubscribed: 'Customer is not subscribed',
  onboarded: 'Customer onboarded successfully',
  alreadyOnboarded: 'Customer already onboarded',
  badRequest: 'Bad request',
  mandatoryFieldMissing: 'Mandatory field missing',
  invalidMasterData: 'Invalid master data',
  invalidFieldValue: 'Invalid field value',
  unauthorized: 'Full authentication is required to access this resource',
  complianceInvestigation: 'Customer is under compliance investigation',
  blocked: 'Customer is blocked',
  internalError: 'Internal server error',
  masterData: 'Master data',
} as const;

/** One problem of a 400, or of a lookup's 200 bad request. */
export const cdpFieldError = z.object({ field: z.string(), code: z.string(), message: z.string() });
export type CdpFieldError = z.infer<typeof cdpFieldError>;

export const cdpEnvelope = <T extends z.ZodType>(data: T) =>
  z.object({
    responseCode: z.string(),
    responseMessage: z.string(),
    requestId: z.string().nullable(),
    traceId: z.string(),
    timestamp: z.string(),
    data: data.nullable(),
    errors: z.array(cdpFieldError).optional(),
  });
export const cdpErrorEnvelope = cdpEnvelope(z.unknown());
export type CdpEnvelope<T> = {
  responseCode: string;
  responseMessage: string;
  requestId: string | null;
  traceId: string;
  timestamp: string;
  data: T | null;
  errors?: CdpFieldError[];
};

// --- master data ---------------------------------------------------------------------------------

export const CDP_ID_TYPES = ['NID', 'PASSPORT', 'BIRTH_CERTIFICATE'] as const;
export type CdpIdType = (typeof CDP_ID_TYPES)[number];
/** NID: 10, 13 or 17 digits; passport: one or two letters and 7 or 8 digits; birth registration: 17 digits. */
export const CDP_ID_NUMBER_PATTERNS: Record<CdpIdType, RegExp> = {
  NID: /^(\d{10}|\d{13}|\d{17})$/,
  PASSPORT: /^[A-Z]{1,2}\d{7,8}$/,
  BIRTH_CERTIFICATE: /^\d{17}$/,
};

export const CDP_DOCUMENT_TYPES = ['ID_FRONT', 'ID_BACK', 'FACE_IMAGE', 'EKYC_REPORT'] as const;
export type CdpDocumentType = (typeof CDP_DOCUMENT_TYPES)[number];

export const CDP_MASTER_DATA = {
  idTypes: CDP_ID_TYPES,
  channels: ['EKYC', 'AGENT', 'BRANCH', 'SELF_SERVICE'],
  trustedSources: ['EC_NID', 'DIP_PASSPORT', 'EKYC_PROVIDER'],
  genders: ['M', 'F', 'T'],
  countries: ['BD', 'IN', 'NP', 'LK', 'MY', 'SG', 'AE', 'SA', 'GB', 'US'],
  documentTypes: CDP_DOCUMENT_TYPES,
  mimeTypes: ['image/jpeg', 'image/png', 'application/pdf', 'application/json'],
  /** Bangladesh's divisions by their BBS geocode, the codes `divisionCode` takes. */
  bdDivisions: [
    { code: '10', nameEn: 'Barishal', nameBn: 'বরিশাল' },
    { code: '20', nameEn: 'Chattogram', nameBn: 'চট্টগ্রাম' },
    { code: '30', nameEn: 'Dhaka', nameBn: 'ঢাকা' },
    { code: '40', nameEn: 'Khulna', nameBn: 'খুলনা' },
    { code: '45', nameEn: 'Mymensingh', nameBn: 'ময়মনসিংহ' },
    { code: '50', nameEn: 'Rajshahi', nameBn: 'রাজশাহী' },
    { code: '55', nameEn: 'Rangpur', nameBn: 'রংপুর' },
    { code: '60', nameEn: 'Sylhet', nameBn: 'সিলেট' },
  ],
  /** The country-specific `additionalInfo.attributes`; a key not listed for the country is invalid master data. */
  additionalAttributes: {
    BD: [
      { key: 'NAME_BN', mandatory: true },
      { key: 'FATHER_NAME', mandatory: true },
      { key: 'MOTHER_NAME', mandatory: true },
      { key: 'SPOUSE_NAME', mandatory: false },
      { key: 'TIN', mandatory: false },
    ],
  } as Record<string, ReadonlyArray<{ key: string; mandatory: boolean }>>,
} as const;
export type CdpMasterData = typeof CDP_MASTER_DATA;

export const cdpMasterDataSchema = z.object({
  idTypes: z.array(z.string()),
  channels: z.array(z.string()),
  trustedSources: z.array(z.string()),
  genders: z.array(z.string()),
  countries: z.array(z.string()),
  documentTypes: z.array(z.string()),
  mimeTypes: z.array(z.string()),
  bdDivisions: z.array(z.object({ code: z.string(), nameEn: z.string(), nameBn: z.string() })),
  additionalAttributes: z.record(z.string(), z.array(z.object({ key: z.string(), mandatory: z.boolean() }))),
});
export const cdpMasterDataResponse = cdpEnvelope(cdpMasterDataSchema);

// --- customer lookup ------------------------------------------------------------------------------

export const cdpLookupRequest = z.object({
  requestId: z.string().min(1).max(64).optional(),
  idType: z.string(),
  idNumber: z.string(),
});
export type CdpLookupRequest = z.infer<typeof cdpLookupRequest>;

export const CDP_SUBSCRIPTION_STATUSES = ['SUBSCRIBED', 'PENDING', 'NOT_SUBSCRIBED'] as const;
export type CdpSubscriptionStatus = (typeof CDP_SUBSCRIPTION_STATUSES)[number];

export const cdpCustomer = z.object({
  customerId: z.string(),
  idType: z.string(),
  idNumber: z.string(),
  customerName: z.string(),
  customerStatus: z.enum(['ACTIVE', 'INACTIVE']),
  subscriptionStatus: z.enum(CDP_SUBSCRIPTION_STATUSES),
  onboardedAt: z.string(),
  /** The `requestId` of the onboarding that created the customer; null for customers created otherwise. */
  referenceId: z.string().nullable(),
});
export type CdpCustomer = z.infer<typeof cdpCustomer>;
export const cdpLookupResponse = cdpEnvelope(cdpCustomer);

// --- onboarding -----------------------------------------------------------------------------------

export const cdpAddress = z.object({
  addressLine: z.string().max(200).optional(),
  upazila: z.string().min(1).max(100),
  district: z.string().min(1).max(100),
  divisionCode: z.string(),
  postCode: z.string().optional(),
  countryCode: z.string(),
});
export type CdpAddress = z.infer<typeof cdpAddress>;

export const cdpDocument = z.object({
  documentType: z.string(),
  mimeType: z.string(),
  fileName: z.string().max(100).optional(),
  content: z.string(),
});
export type CdpDocument = z.infer<typeof cdpDocument>;

export const cdpOnboardingRequest = z.object({
  requestId: z.string().min(1).max(64),
  channel: z.string(),
  customer: z.object({
    idType: z.string(),
    idNumber: z.string(),
    /** As printed on the ID, in English. */
    fullName: z.string().min(1).max(200),
    dateOfBirth: z.iso.date(),
    gender: z.string().optional(),
    nationality: z.string(),
    /** MSISDN without the plus: 8801XXXXXXXXX for Bangladesh. */
    mobileNumber: z.string(),
    email: z.string().optional(),
    presentAddress: cdpAddress,
    permanentAddress: cdpAddress.optional(),
  }),
  /** Where the customer details come from, and when that source confirmed them. */
  trustedSource: z.object({
    source: z.string(),
    verifiedAt: z.iso.datetime(),
    referenceId: z.string().max(100).optional(),
    verifiedFields: z.array(z.string()).optional(),
  }),
  additionalInfo: z.object({ countryCode: z.string(), attributes: z.record(z.string(), z.string()) }),
  documents: z.array(cdpDocument),
});
export type CdpOnboardingRequest = z.infer<typeof cdpOnboardingRequest>;

export const cdpOnboardingResponse = cdpEnvelope(cdpCustomer);

/** Mobile numbers as the CDP takes them. */
export const CDP_MOBILE_NUMBER = /^8801[3-9]\d{8}$/;

// --- subscription status --------------------------------------------------------------------------

export const cdpSubscription = z.object({
  customerId: z.string(),
  subscriptionStatus: z.enum(CDP_SUBSCRIPTION_STATUSES),
  subscribedAt: z.string().nullable(),
});
export type CdpSubscription = z.infer<typeof cdpSubscription>;
export const cdpSubscriptionResponse = cdpEnvelope(cdpSubscription);

// --- the port provider-cdp's adapter implements ---------------------------------------------------

export type CdpOperation = 'token' | 'customer_lookup' | 'onboarding' | 'subscription_status' | 'master_data';

export type CdpErrorCode =
  | 'CDP_BAD_CREDENTIALS'
  | 'CDP_REFRESH_REJECTED'
  | 'CDP_TOKEN_REJECTED'
  | 'CDP_BAD_REQUEST'
  | 'CDP_MANDATORY_FIELD_MISSING'
  | 'CDP_INVALID_MASTER_DATA'
  | 'CDP_INVALID_FIELD_VALUE'
  | 'CDP_INTERNAL_ERROR'
  | 'CDP_UNAVAILABLE'
  | 'CDP_TIMEOUT'
  | 'CDP_CIRCUIT_OPEN'
  | 'CDP_UNEXPECTED_RESPONSE';

/** One HTTP exchange with the CDP, as recorded for audit and billing. */
export interface CdpCall {
  operation: CdpOperation;
  outcome: 'success' | 'rejected' | 'unavailable' | 'timeout';
  httpStatus: number | null;
  /** The envelope's `responseCode`, or the OAuth `error` of the token endpoint. */
  responseCode: string | null;
  latencyMs: number;
  startedAt: Date;
}

export interface CdpError {
  code: CdpErrorCode;
  message: string;
  httpStatus: number | null;
  responseCode: string | null;
  /** Whether trying again later may help: 502, network errors, timeouts, an open circuit, a lookup's internal error. */
  retryable: boolean;
  problems: CdpFieldError[];
}

export type CdpResult<T> = { ok: true; value: T } | { ok: false; error: CdpError };

export interface CdpTokenSet {
  accessToken: string;
  /** Seconds, as `expires_in` echoed them, counted from `issuedAt`. */
  expiresIn: number;
  refreshToken: string | null;
  refreshExpiresIn: number;
  /** When the request for this token was sent: lifetimes count from here, never from when the answer arrived. */
  issuedAt: Date;
}

export type CdpLookupOutcome =
  | { kind: 'found'; customer: CdpCustomer }
  | { kind: 'subscription_pending'; customer: CdpCustomer | null }
  | { kind: 'not_found' }
  | { kind: 'under_investigation' }
  | { kind: 'blocked' };

export type CdpOnboardingOutcome =
  { kind: 'onboarded'; customer: CdpCustomer } | { kind: 'already_onboarded'; customer: CdpCustomer } | { kind: 'under_investigation' } | { kind: 'blocked' };

export type CdpSubscriptionOutcome = { kind: 'found'; subscription: CdpSubscription } | { kind: 'not_found' };

export interface CdpPort {
  token(request: CdpTokenRequest, onCall: (call: CdpCall) => void): Promise<CdpResult<CdpTokenSet>>;
  lookupCustomer(accessToken: string, request: CdpLookupRequest, onCall: (call: CdpCall) => void): Promise<CdpResult<CdpLookupOutcome>>;
  /** Never retried inside the call: a 502 or a lost answer leaves the outcome unknown, and only a lookup can tell. */
  onboardCustomer(accessToken: string, request: CdpOnboardingRequest, onCall: (call: CdpCall) => void): Promise<CdpResult<CdpOnboardingOutcome>>;
  subscriptionStatus(accessToken: string, request: { customerId: string }, onCall: (call: CdpCall) => void): Promise<CdpResult<CdpSubscriptionOutcome>>;
  masterData(accessToken: string, onCall: (call: CdpCall) => void): Promise<CdpResult<z.infer<typeof cdpMasterDataSchema>>>;
}
