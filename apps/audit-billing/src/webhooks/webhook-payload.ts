import type { KycEvent } from '@ekyc/event-schemas';
import { isWebhookEventType, type WebhookBody, type WebhookEventType } from '@ekyc/partner-api';

/**
 * What a partner receives for an event: fields picked one by one, so a field added to an internal event
 * (a sealed applicant, an image reference) never reaches a partner unless it is added here.
 */
export function webhookDataOf(event: KycEvent): Record<string, unknown> | null {
  const d = event.data as Record<string, unknown>;
  const pick = (...keys: string[]) => Object.fromEntries(keys.map((k) => [k, d[k] ?? null]));
  switch (event.type) {
    case 'application.submitted':
      return { ...pick('applicationId', 'submissionId', 'documentType'), status: 'pending' };
    case 'verification.completed':
      return pick('applicationId', 'status', 'reason');
    case 'document.read':
      return pick('submissionId', 'documentType', 'kycStatus', 'retryCount', 'retryCode', 'missingFields');
    case 'nid.verification.completed':
      return pick('applicationId', 'outcome', 'verified', 'fields', 'reason');
    case 'biometric.match.completed':
      return pick('applicationId', 'matches', 'knownFace');
    case 'biometric.liveness.completed':
      return pick('applicationId', 'sessionId', 'status', 'challenges', 'reason');
    case 'cdp.onboarding.completed':
      return pick('applicationId', 'outcome', 'customerRef');
    case 'review.opened':
    case 'review.escalated':
      return pick('caseId', 'applicationId', 'reason', 'dueAt');
    case 'review.resolved':
      return pick('caseId', 'applicationId', 'outcome', 'rejectionCodes');
    case 'review.resubmission.requested':
      return pick('caseId', 'applicationId', 'items', 'dueAt');
    case 'application.resubmitted':
      return pick('applicationId', 'items');
    case 'ekyc_request.created':
      return pick('ekycRequestId', 'submissionId', 'status');
    case 'ekyc_request.verified':
    case 'ekyc_request.locked':
    case 'ekyc_request.accepted':
      return pick('ekycRequestId', 'status');
    case 'ekyc_request.cleared':
    case 'ekyc_request.deleted':
      return pick('ekycRequestId', 'status', 'previousStatus');
    default:
      return null;
  }
}

/** The body of a delivery, or null for events partners cannot subscribe to. */
export function webhookBodyOf(event: KycEvent): (WebhookBody & { type: WebhookEventType }) | null {
  if (!isWebhookEventType(event.type)) return null;
  const data = webhookDataOf(event);
  return data ? { id: event.id, type: event.type, timestamp: event.occurredAt, data } : null;
}

/** The status an event gives its subject (an application or a submission), and whether no later event may change it. */
export interface SubjectStatus {
  subject: string;
  status: string;
  final: boolean;
}

const FINAL_APPLICATION = new Set(['passed', 'failed', 'invalid']);
const FINAL_SUBMISSION = new Set(['approved', 'rejected']);

/**
 * Events that carry a status: a partner must never be told `pending` after `passed`, whatever order the
 * events arrive or are retried in.
 */
export function subjectStatusOf(event: KycEvent): SubjectStatus | null {
  const d = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'application.submitted':
      return { subject: `application:${String(d['applicationId'])}`, status: 'pending', final: false };
    case 'verification.completed':
      return { subject: `application:${String(d['applicationId'])}`, status: String(d['status']), final: FINAL_APPLICATION.has(String(d['status'])) };
    case 'document.read':
      return { subject: `submission:${String(d['submissionId'])}`, status: String(d['kycStatus']), final: FINAL_SUBMISSION.has(String(d['kycStatus'])) };
    default:
      return null;
  }
}
