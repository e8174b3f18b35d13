import { z } from 'zod';
import { buildEnvelope, envelopeSchema, type Envelope, type EnvelopeMeta } from './envelope';
import { topicOf, type ServiceName } from './topics';

/** What an application was opened with: Bangladesh NID cards, passports, and foreign documents read by their MRZ or barcode. */
export const DOCUMENT_TYPES = [
  'nid_old',
  'nid_smart',
  'passport',
  'drivers_license',
  'id_card',
  'residence_permit',
  'visa',
  'aadhaar',
  'pancard',
  'vehicle_registration',
  'universal',
] as const;

const applicationStatus = z.enum(['draft', 'pending', 'passed', 'failed', 'invalid']);
const fieldResult = z.object({ field: z.string(), matched: z.boolean(), score: z.number().min(0).max(100).optional() });
const nidAddress = z.object({
  division: z.string().max(100),
  district: z.string().max(100),
  upozila: z.string().max(100),
  line: z.string().max(200).optional().describe('house, road, village before the upazila: for the CDP and the status; the EC compares the three parts only'),
});

/**
 * What the applicant declared, as provider-nid needs it to ask the Election Commission. It travels only
 * sealed (`sealApplicant` in @ekyc/crypto terms: AES-256-GCM under the platform PII key, the tenant as
 * associated data), so subscribers without the key, logs and topic dumps never see it.
 */
export const applicantFieldsSchema = z.object({
  nid: z.string().regex(/^(\d{10}|\d{17})$/),
  nameEn: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
  dateOfBirth: z.iso.date(),
  father: z.string().max(200).nullable(),
  mother: z.string().max(200).nullable(),
  spouse: z.string().max(200).nullable(),
  presentAddress: nidAddress.nullable(),
  permanentAddress: nidAddress.nullable(),
});
export type ApplicantFields = z.infer<typeof applicantFieldsSchema>;

/** Where an eKYC request (email + phone, OTP-verified) stands; see identity-document's ekyc-request module. */
const ekycRequestStatus = z.enum(['otp_pending', 'otp_sent', 'verified', 'accepted', 'locked', 'cleared', 'deleted']);
/** eKYC request events carry ids and states only: never the email, the phone number or the OTP. */
const ekycRequestChange = <S extends z.ZodType>(status: S) => z.object({ ekycRequestId: z.uuid(), status });

/** Why a pending application waits for a person (a step past its deadline: STEP_OVERDUE); see identity-document's review module. */
const reviewReason = z.enum(['FACE_REVIEW', 'DUPLICATE_FACE', 'LIVENESS_INCONCLUSIVE', 'STEP_OVERDUE']);

/** What a reviewer may ask the agent to send again. */
const resubmissionItem = z.enum(['SELFIE', 'DOCUMENT_FRONT', 'DOCUMENT_BACK']);

const nidCallOperation = z.enum(['login', 'logout', 'demographic_verification', 'change_password', 'billing_report', 'photo']);

/**
 * Every event the platform publishes: its producer, the services that consume it, schema version and payload.
 * Payloads carry references and results, never images or raw PII. `consumers` is checked against each service's
 * handlers (`apps/<app>/src/events/handlers.spec.ts`); audit-billing records every event. The README's event flow is
 * generated from here (`npm run events:doc`).
 */
export const EVENT_CATALOG = {
  'application.created': {
    producer: 'identity-document',
    consumers: ['biometric', 'provider-nid', 'provider-cdp', 'audit-billing'],
    version: 1,
    data: z.object({
      applicationId: z.uuid(),
      status: z.literal('draft'),
      channel: z.enum(['agent', 'self_service', 'api']),
    }),
  },
  'application.submitted': {
    producer: 'identity-document',
    consumers: ['biometric', 'provider-nid', 'provider-cdp', 'audit-billing'],
    version: 1,
    data: z.object({
      applicationId: z.uuid(),
      submissionId: z.uuid().nullable(),
      documentType: z.enum(DOCUMENT_TYPES),
      applicantSealed: z.string().min(1).describe('applicantFieldsSchema JSON, sealed with the PII key and the tenant as associated data'),
      selfieRef: z.string().nullable().optional().describe('reference to the applicant photo stored by identity-document; never the image'),
      cardPhotoRef: z.string().nullable().optional().describe('reference to the face photo cropped from the ID card'),
      documentRefs: z
        .object({ front: z.string().nullable(), back: z.string().nullable() })
        .nullable()
        .optional()
        .describe('references to the ID document images (cropped when asked) stored by identity-document'),
      mobileNumberSealed: z.string().min(1).optional().describe("the applicant's mobile number, sealed like applicantSealed"),
    }),
  },
  'application.resubmitted': {
    producer: 'identity-document',
    consumers: ['biometric', 'audit-billing'],
    version: 1,
    data: z
      .object({
        applicationId: z.uuid(),
        items: z.array(resubmissionItem).min(1),
        selfieRef: z.string().nullable().describe('the new selfie, when one was asked for: biometric compares it again'),
        documentRefs: z.object({ front: z.string().nullable(), back: z.string().nullable() }).describe('the new document photos, for the reviewer'),
      })
      .describe('the agent sent the items a reviewer asked for; the application is decided again'),
  },
  'document.read': {
    producer: 'identity-document',
    consumers: ['audit-billing'],
    version: 1,
    data: z.object({
      submissionId: z.uuid(),
      documentType: z.enum(DOCUMENT_TYPES).nullable(),
      kycStatus: z.enum(['pending', 'approved', 'rejected', 'incomplete']),
      retryCount: z.number().int().min(0),
      retryCode: z.string().nullable(),
      missingFields: z.array(z.string()).describe('names of fields that could not be read; never their values'),
    }),
  },
  'nid.verification.completed': {
    producer: 'provider-nid',
    consumers: ['identity-document', 'biometric', 'provider-cdp', 'audit-billing'],
    version: 1,
    data: z.object({
      applicationId: z.uuid(),
      outcome: z.enum(['verified', 'mismatch', 'not_found', 'rejected', 'failed']),
      verified: z.boolean(),
      fields: z.array(fieldResult),
      ecPhotoRef: z.string().nullable().describe('reference to the EC photo stored by provider-nid; never the image'),
      reason: z.string().nullable(),
    }),
  },
  'nid.call.recorded': {
    producer: 'provider-nid',
    consumers: ['audit-billing'],
    version: 1,
    data: z.object({
      callId: z.uuid(),
      applicationId: z.uuid().nullable(),
      operation: nidCallOperation,
      username: z.string(),
      outcome: z.enum(['success', 'rejected', 'unavailable', 'timeout']),
      httpStatus: z.number().int().nullable(),
      latencyMs: z.number().int().min(0),
      startedAt: z.iso.datetime(),
    }),
  },
  'nid.billing.report.fetched': {
    producer: 'provider-nid',
    consumers: ['audit-billing'],
    version: 1,
    data: z
      .object({
        reportId: z.uuid(),
        username: z.string().describe('the NID account whose session fetched the report'),
        startDate: z.iso.date(),
        endDate: z.iso.date().describe('inclusive; the vendor counts days in Asia/Dhaka'),
        fetchedAt: z.iso.datetime(),
        generatedTime: z.string().describe('as the vendor formats it, e.g. "Wed Feb 01 16:46:20 BDT 2023"'),
        partnerId: z.number(),
        totalCallCount: z.number().int().min(0),
        totalSuccessCount: z.number().int().min(0),
        totalFailedCount: z.number().int().min(0),
        totalProcessingCount: z.number().int().min(0),
        totalBill: z.number().describe('BDT, as the vendor sent it'),
        rows: z.array(
          z.object({
            partnerId: z.number(),
            partnerName: z.string(),
            username: z.string(),
            callCount: z.number().int().min(0),
            successCount: z.number().int().min(0),
            failedCount: z.number().int().min(0),
            processingCount: z.number().int().min(0),
            bill: z.number().describe('BDT, as the vendor sent it'),
          }),
        ),
      })
      .describe("the vendor's bill (partnerBillingBeanList as rows) as provider-nid fetched and stored it; usernames and counts, no PII"),
  },
  'nid.credentials.status.changed': {
    producer: 'provider-nid',
    consumers: ['audit-billing'],
    version: 1,
    data: z.object({
      status: z.enum(['active', 'password_expired', 'invalid_credentials', 'sla_not_assigned']),
      reason: z.string().nullable(),
      username: z.string(),
    }),
  },
  'biometric.match.completed': {
    producer: 'biometric',
    consumers: ['identity-document', 'audit-billing'],
    version: 1,
    data: z.object({
      applicationId: z.uuid(),
      matches: z.array(
        z.object({
          pair: z.enum(['card_ec', 'selfie_ec', 'selfie_card']),
          similarity: z.number().min(0).max(1),
          decision: z.enum(['match', 'review', 'no_match']),
        }),
      ),
      knownFace: z
        .object({ applicationId: z.uuid(), similarity: z.number().min(0).max(1) })
        .nullable()
        .optional()
        .describe("an earlier passed application of the tenant, under another NID, whose selfie matches this one's"),
      selfieRef: z.string().nullable().optional().describe('the selfie compared: a result for a selfie since replaced (a resubmission) is not used'),
    }),
  },
  'biometric.liveness.completed': {
    producer: 'biometric',
    consumers: ['identity-document', 'audit-billing'],
    version: 1,
    data: z.object({
      applicationId: z.uuid(),
      sessionId: z.uuid(),
      status: z.enum(['passed', 'failed']),
      challenges: z.array(z.enum(['turn_left', 'turn_right', 'blink', 'open_mouth'])),
      reason: z.string().nullable().describe('stable code of a failed check, e.g. LIVENESS_CHALLENGE_NOT_MET: blink; never frames'),
    }),
  },
  'verification.completed': {
    producer: 'identity-document',
    consumers: ['biometric', 'provider-cdp', 'audit-billing'],
    version: 1,
    data: z.object({
      applicationId: z.uuid(),
      status: applicationStatus,
      reason: z.string().nullable(),
      refused: z
        .object({
          documentType: z.enum(DOCUMENT_TYPES).nullable(),
          applicantSealed: z.string().min(1).describe('applicantFieldsSchema JSON, sealed like application.submitted'),
          mobileNumberSealed: z.string().min(1).describe("the applicant's mobile number, sealed like applicantSealed"),
        })
        .optional()
        .describe(
          'only for an application refused by policy when it was submitted (no application.submitted was published): who was refused, sealed, for the verification log',
        ),
    }),
  },
  'review.opened': {
    producer: 'identity-document',
    consumers: ['audit-billing'],
    version: 1,
    data: z
      .object({ caseId: z.uuid(), applicationId: z.uuid(), reason: reviewReason, dueAt: z.iso.datetime() })
      .describe('a pending application that needs a person became a review case'),
  },
  'review.claimed': {
    producer: 'identity-document',
    consumers: ['audit-billing'],
    version: 1,
    data: z.object({ caseId: z.uuid(), applicationId: z.uuid(), leaseUntil: z.iso.datetime() }).describe('a reviewer took the case; the actor is the reviewer'),
  },
  'review.approval.recorded': {
    producer: 'identity-document',
    consumers: ['audit-billing'],
    version: 1,
    data: z
      .object({ caseId: z.uuid(), applicationId: z.uuid(), approvals: z.number().int().min(1), approvalsNeeded: z.number().int().min(2) })
      .describe('one of the approvals a four-eyes case needs; the actor is the reviewer'),
  },
  'review.resolved': {
    producer: 'identity-document',
    consumers: ['audit-billing'],
    version: 1,
    data: z
      .object({
        caseId: z.uuid(),
        applicationId: z.uuid(),
        outcome: z.enum(['approved', 'rejected', 'superseded', 'resubmission_requested']),
        rejectionCodes: z.array(z.string()).describe('stable codes of a rejection; never the note'),
      })
      .describe('a reviewer approved or rejected the application or asked for items again (the actor), or it was decided without the case (superseded)'),
  },
  'review.resubmission.requested': {
    producer: 'identity-document',
    consumers: ['audit-billing'],
    version: 1,
    data: z
      .object({ caseId: z.uuid(), applicationId: z.uuid(), items: z.array(resubmissionItem).min(1), dueAt: z.iso.datetime() })
      .describe("a reviewer asked the agent to send items again by dueAt; the reviewer's message is not in the event"),
  },
  'review.escalated': {
    producer: 'identity-document',
    consumers: ['audit-billing'],
    version: 1,
    data: z
      .object({ caseId: z.uuid(), applicationId: z.uuid(), reason: reviewReason, dueAt: z.iso.datetime() })
      .describe('a case went past its due time unresolved'),
  },
  'cdp.onboarding.completed': {
    producer: 'provider-cdp',
    consumers: ['audit-billing'],
    version: 1,
    data: z.object({
      applicationId: z.uuid(),
      outcome: z.enum(['onboarded', 'existing', 'blocked', 'under_investigation', 'failed']),
      customerRef: z.string().nullable(),
    }),
  },
  'cdp.settings.changed': {
    producer: 'provider-cdp',
    consumers: ['identity-document', 'audit-billing'],
    version: 1,
    data: z
      .object({
        enabled: z.boolean().describe('whether passed applications are onboarded into the CDP automatically'),
        requiredFields: z.array(z.enum(['address'])).describe('applicant fields the onboarding needs: address (present or permanent)'),
      })
      .describe("a tenant's CDP onboarding was configured; identity-document checks the fields it needs before deciding"),
  },
  'cdp.call.recorded': {
    producer: 'provider-cdp',
    consumers: ['audit-billing'],
    version: 1,
    data: z
      .object({
        callId: z.uuid(),
        applicationId: z.uuid().nullable(),
        operation: z.enum(['token', 'customer_lookup', 'onboarding', 'subscription_status', 'master_data']),
        clientId: z.string().describe("the tenant's CDP client id"),
        outcome: z.enum(['success', 'rejected', 'unavailable', 'timeout']),
        httpStatus: z.number().int().nullable(),
        responseCode: z.string().nullable().describe('the CDP responseCode (e.g. CDP-4062) or the OAuth error of the token endpoint'),
        latencyMs: z.number().int().min(0),
        startedAt: z.iso.datetime(),
      })
      .describe('one HTTP exchange with the CDP, for audit and billing; never the id number or the customer details'),
  },
  'ekyc_request.created': {
    producer: 'identity-document',
    consumers: ['audit-billing'],
    version: 1,
    data: z.object({ ekycRequestId: z.uuid(), submissionId: z.uuid(), status: z.literal('otp_pending') }),
  },
  'ekyc_request.verified': { producer: 'identity-document', version: 1, consumers: ['audit-billing'], data: ekycRequestChange(z.literal('verified')) },
  'ekyc_request.locked': { producer: 'identity-document', version: 1, consumers: ['audit-billing'], data: ekycRequestChange(z.literal('locked')) },
  'ekyc_request.accepted': { producer: 'identity-document', version: 1, consumers: ['audit-billing'], data: ekycRequestChange(z.literal('accepted')) },
  'ekyc_request.cleared': {
    producer: 'identity-document',
    consumers: ['audit-billing'],
    version: 1,
    data: ekycRequestChange(z.literal('cleared')).extend({ previousStatus: ekycRequestStatus }),
  },
  'ekyc_request.deleted': {
    producer: 'identity-document',
    consumers: ['audit-billing'],
    version: 1,
    data: ekycRequestChange(z.literal('deleted')).extend({ previousStatus: ekycRequestStatus }),
  },
} as const satisfies Record<string, { producer: ServiceName; consumers: readonly ServiceName[]; version: number; data: z.ZodType }>;

export type EventType = keyof typeof EVENT_CATALOG;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_CATALOG)[T]['data']>;
export type KycEvent<T extends EventType = EventType> = Envelope<EventData<T>> & { type: T };

export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_CATALOG, type);
}

export function topicForEvent(type: EventType): string {
  return topicOf(EVENT_CATALOG[type].producer);
}

/** The topics a service must subscribe to for these event types: their producers' topics, once each. */
export function topicsOf(types: readonly EventType[]): string[] {
  return [...new Set(types.map(topicForEvent))];
}

/** The event types the catalog says this service consumes. */
export function consumedBy(service: ServiceName): EventType[] {
  return EVENT_TYPES.filter((type) => (EVENT_CATALOG[type].consumers as readonly ServiceName[]).includes(service));
}

/** Builds a validated event; throws when the payload does not match its schema (a programming error). */
export function createEvent<T extends EventType>(type: T, meta: EnvelopeMeta, data: EventData<T>): KycEvent<T> {
  const spec = EVENT_CATALOG[type];
  const parsed = spec.data.parse(data) as EventData<T>;
  return buildEnvelope(type, spec.version, meta, parsed) as KycEvent<T>;
}

export type ParseEventResult =
  | { ok: true; event: KycEvent }
  | { ok: false; error: { code: 'INVALID_JSON' | 'INVALID_ENVELOPE' | 'UNKNOWN_EVENT_TYPE' | 'INVALID_PAYLOAD'; message: string } };

/** Validates an incoming message on the consumer side, the other half of the shared contract. */
export function parseEvent(raw: string | Buffer | null): ParseEventResult {
  let json: unknown;
  try {
    json = JSON.parse(raw === null ? 'null' : raw.toString());
  } catch (e) {
    return { ok: false, error: { code: 'INVALID_JSON', message: (e as Error).message } };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    return { ok: false, error: { code: 'INVALID_ENVELOPE', message: z.prettifyError(envelope.error) } };
  }
  const { type } = envelope.data;
  if (!isEventType(type)) {
    return { ok: false, error: { code: 'UNKNOWN_EVENT_TYPE', message: `unknown event type "${type}"` } };
  }
  const data = EVENT_CATALOG[type].data.safeParse(envelope.data.data);
  if (!data.success) {
    return { ok: false, error: { code: 'INVALID_PAYLOAD', message: z.prettifyError(data.error) } };
  }
  return { ok: true, event: { ...envelope.data, type, data: data.data } as KycEvent };
}
