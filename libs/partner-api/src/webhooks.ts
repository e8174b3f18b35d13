import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Partner webhooks, signed as the Standard Webhooks specification (standardwebhooks.com) defines, so a
 * partner can check them with any of its libraries or with `verifyWebhook` below:
 *
 * - `webhook-id`: the event id; the same on every retry and replay, so receivers can drop duplicates;
 * - `webhook-timestamp`: Unix seconds when this attempt was signed;
 * - `webhook-signature`: `v1,<base64 HMAC-SHA256 over "<id>.<timestamp>.<body>">`, keyed with the
 *   base64 part of the endpoint's `whsec_…` secret. Several space-separated signatures may appear.
 */
export const WEBHOOK_HEADERS = { id: 'webhook-id', timestamp: 'webhook-timestamp', signature: 'webhook-signature' } as const;

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** Receivers should refuse timestamps further than this from their clock, which stops replays of captured requests. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

/** What partners may subscribe to: each type's payload carries ids, statuses and scores, never PII or images. */
export const WEBHOOK_EVENT_TYPES = {
  'application.submitted': 'An application was completed and is pending verification: applicationId, submissionId, documentType, status.',
  'verification.completed': 'The final decision of an application: applicationId, status (passed, failed, invalid), reason.',
  'document.read': 'One try at reading an ID document (step 1): submissionId, kycStatus, retryCount, retryCode, missingFields.',
  'nid.verification.completed': "The Election Commission's answer: applicationId, outcome, verified, per-field results.",
  'biometric.match.completed': 'Face comparisons: applicationId, per-pair similarity and decision, knownFace.',
  'biometric.liveness.completed': 'A liveness session was judged: applicationId, sessionId, status, challenges, reason.',
  'cdp.onboarding.completed': 'Onboarding into the bank CDP: applicationId, outcome, customerRef.',
  'review.opened':
    'A pending application waits for a person: caseId, applicationId, reason (FACE_REVIEW, DUPLICATE_FACE, LIVENESS_INCONCLUSIVE, STEP_OVERDUE), dueAt.',
  'review.resolved':
    'A reviewer approved or rejected the application or asked for items again (resubmission_requested), or it was decided without the case: caseId, applicationId, outcome, rejectionCodes.',
  'review.resubmission.requested':
    'A reviewer asked the agent to send items again (SELFIE, DOCUMENT_FRONT, DOCUMENT_BACK) by dueAt: caseId, applicationId, items, dueAt.',
  'application.resubmitted': 'The agent sent the items a reviewer asked for; the application is decided again: applicationId, items.',
  'review.escalated': 'A review case went past its due time: caseId, applicationId, reason, dueAt.',
  'ekyc_request.created': 'An eKYC request was created and its OTP is pending: ekycRequestId, submissionId, status.',
  'ekyc_request.verified': 'The applicant proved the OTP: ekycRequestId, status.',
  'ekyc_request.locked': 'Too many wrong OTPs: ekycRequestId, status.',
  'ekyc_request.accepted': 'The partner accepted the request: ekycRequestId, status.',
  'ekyc_request.cleared': 'The request was cleared: ekycRequestId, status, previousStatus.',
  'ekyc_request.deleted': 'The request and its personal data were deleted: ekycRequestId, status, previousStatus.',
} as const;
export type WebhookEventType = keyof typeof WEBHOOK_EVENT_TYPES;

export const isWebhookEventType = (type: string): type is WebhookEventType => Object.prototype.hasOwnProperty.call(WEBHOOK_EVENT_TYPES, type);

/** The JSON body of every delivery. */
export interface WebhookBody {
  /** The event id, equal to the `webhook-id` header. */
  id: string;
  type: WebhookEventType;
  /** When the event happened (ISO 8601), not when it was delivered. */
  timestamp: string;
  data: Record<string, unknown>;
}

/** A new endpoint secret: `whsec_` and 24 random bytes in base64. */
export const newWebhookSecret = (): string => `${WEBHOOK_SECRET_PREFIX}${randomBytes(24).toString('base64')}`;

function secretKey(secret: string): Buffer {
  const key = Buffer.from(secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret, 'base64');
  if (key.length < 16) throw new RangeError('webhook secret must hold at least 16 bytes, base64-encoded');
  return key;
}

const signatureOf = (key: Buffer, id: string, timestampSeconds: number, body: string): string =>
  createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64');

/** The three signature headers of one attempt; `secrets` signs once per secret (e.g. during a rotation). */
export function signWebhook(secrets: readonly string[], id: string, timestampSeconds: number, body: string): Record<string, string> {
  const signatures = secrets.map((s) => `v1,${signatureOf(secretKey(s), id, timestampSeconds, body)}`);
  return { [WEBHOOK_HEADERS.id]: id, [WEBHOOK_HEADERS.timestamp]: String(timestampSeconds), [WEBHOOK_HEADERS.signature]: signatures.join(' ') };
}

export type WebhookVerification =
  { ok: true; body: WebhookBody } | { ok: false; code: 'MISSING_HEADERS' | 'TIMESTAMP_OUT_OF_TOLERANCE' | 'SIGNATURE_MISMATCH' | 'INVALID_BODY' };

/** The receiver's side: checks the headers against the raw body (before any JSON parsing) and the clock. */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): WebhookVerification {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const id = header(WEBHOOK_HEADERS.id);
  const timestamp = Number(header(WEBHOOK_HEADERS.timestamp));
  const signatures = header(WEBHOOK_HEADERS.signature);
  if (!id || !signatures || !Number.isInteger(timestamp)) return { ok: false, code: 'MISSING_HEADERS' };
  if (Math.abs(nowSeconds - timestamp) > WEBHOOK_TOLERANCE_SECONDS) return { ok: false, code: 'TIMESTAMP_OUT_OF_TOLERANCE' };
  const expected = Buffer.from(signatureOf(secretKey(secret), id, timestamp, rawBody));
  const matches = signatures.split(' ').some((s) => {
    const [version, value] = s.split(',', 2);
    const given = Buffer.from(value ?? '');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) return { ok: false, code: 'SIGNATURE_MISMATCH' };
  try {
    return { ok: true, body: JSON.parse(rawBody) as WebhookBody };
  } catch {
    return { ok: false, code: 'INVALID_BODY' };
  }
}
