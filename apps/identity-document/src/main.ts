import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { createPiiCipher } from '@ekyc/crypto';
import { refuseUnreadableSealedData } from '@ekyc/db';
import { createDocumentReader, qrSigningKeyOf } from '@ekyc/document-reader';
import { topicsOf } from '@ekyc/event-schemas';
import { createLogger } from '@ekyc/logger';
import { runMain, stopOnSignals } from '@ekyc/service-runtime';
import { createContainer, openInfrastructure, serveSubgraph } from '@ekyc/subgraph-kit';
import { ApplicationResolver } from './application/application.resolver';
import { ApplicationService } from './application/application.service';
import { createIdentityDocumentDataSource } from './data-source';
import { DecisionService } from './decision/decision.service';
import { loadDocumentImage } from './document-image/document-image.store';
import { OnboardingRequirements } from './onboarding/onboarding-requirements';
import { EkycRequestResolver } from './ekyc-request/ekyc-request.resolver';
import { EkycRequestService, type EkycRequestDocuments } from './ekyc-request/ekyc-request.service';
import { createSmtpOtpMailer } from './ekyc-request/otp-mailer';
import { deriveOtpKey } from './ekyc-request/otp';
import { SubmissionPolicyResolver } from './policy/submission-policy.resolver';
import { SubmissionPolicyService } from './policy/submission-policy.service';
import { ApplicationReviewResolver, ReviewResolver } from './review/review.resolver';
import { ResubmissionService } from './review/resubmission.service';
import { ReviewService } from './review/review.service';
import { SubmissionResolver } from './submission/submission.resolver';
import { SubmissionService } from './submission/submission.service';
import { VerificationStatusResolver } from './verification-status/verification-status.resolver';
import { VerificationStatusService } from './verification-status/verification-status.service';
import { ViewerResolver } from './viewer/viewer.resolver';
import { loadEnv } from './env';
import { identityDocumentEventHandlers, HANDLED_EVENTS } from './events/handlers';
import { buildIdentityDocumentSchema } from './schema';
import { SEALED_COLUMNS } from './sealed-columns';

/** UIDAI's Secure QR signing certificates, read once at start; a file that is not one stops the service, naming it. */
function aadhaarQrSigningKeys(files: readonly string[]) {
  return files.map((file) => {
    try {
      return qrSigningKeyOf(readFileSync(file));
    } catch (err) {
      throw new Error(`AADHAAR_QR_CERTIFICATES: ${file} is not a readable certificate or public key (${(err as Error).message})`);
    }
  });
}

const env = loadEnv();
const log = createLogger({ service: 'identity-document', level: env.LOG_LEVEL });

runMain(log, async () => {
  const consumedTopics = topicsOf(HANDLED_EVENTS);
  const infra = await openInfrastructure({ service: 'identity-document', env, log, ds: createIdentityDocumentDataSource(env.DATABASE_URL), consumedTopics });
  const { ds, relay } = infra;
  const cipher = createPiiCipher(env.PII_ENCRYPTION_KEY, env.PII_PREVIOUS_KEYS);
  await refuseUnreadableSealedData('identity-document', ds, cipher, SEALED_COLUMNS);
  const reader = await createDocumentReader({ ocrWorkers: env.OCR_WORKERS, aadhaarQrSigningKeys: aadhaarQrSigningKeys(env.AADHAAR_QR_CERTIFICATES), log });
  const policies = new SubmissionPolicyService({ ds });
  const onboarding = new OnboardingRequirements({ ds });
  const applications = new ApplicationService({ ds, cipher, relay, policies, onboarding });
  const submissions = new SubmissionService({ ds, cipher, relay, reader, policies, applications, log });
  const reviews = new ReviewService({
    ds,
    cipher,
    relay,
    policies,
    settings: {
      leaseMs: env.REVIEW_LEASE_SECONDS * 1000,
      dueMs: env.REVIEW_DUE_HOURS * 3_600_000,
      systemMs: env.DECISION_STEP_DEADLINE_MINUTES * 60_000,
      livenessMs: env.LIVENESS_DEADLINE_MINUTES * 60_000,
      resubmissionMs: env.RESUBMISSION_DUE_HOURS * 3_600_000,
    },
  });
  const decisions = new DecisionService({ ds, log, reviews });
  const resubmissions = new ResubmissionService({ ds, cipher, relay, decisions });
  const statuses = new VerificationStatusService({ ds, cipher, applications, submissions });
  const ekycDocuments: EkycRequestDocuments = {
    standing: (t, id) => submissions.ekycStanding(t, id),
    lastFourOfDocumentNumber: (t, id) => submissions.lastFourOfDocumentNumber(t, id),
  };
  const otpMailer = createSmtpOtpMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, timeoutMs: env.SMTP_TIMEOUT_MS });
  const ekycRequests = new EkycRequestService({
    ds,
    cipher,
    otpKey: deriveOtpKey(env.PII_ENCRYPTION_KEY),
    relay,
    documents: ekycDocuments,
    mailer: otpMailer,
    log,
    settings: {
      otpTtlMs: env.EKYC_OTP_TTL_SECONDS * 1000,
      otpMaxAttempts: env.EKYC_OTP_MAX_ATTEMPTS,
      resendIntervalMs: env.EKYC_OTP_RESEND_INTERVAL_SECONDS * 1000,
      maxSends: env.EKYC_OTP_MAX_SENDS,
    },
  });
  const running = await serveSubgraph({
    infra,
    env,
    port: env.PORT,
    schema: await buildIdentityDocumentSchema(),
    container: createContainer([
      applications,
      new ApplicationResolver(applications),
      submissions,
      new SubmissionResolver(submissions, applications),
      policies,
      new SubmissionPolicyResolver(policies),
      new VerificationStatusResolver(statuses),
      ekycRequests,
      new EkycRequestResolver(ekycRequests),
      reviews,
      new ReviewResolver(reviews, applications),
      new ApplicationReviewResolver(reviews, resubmissions, applications),
      new ViewerResolver(),
    ]),
    blobs: (tenantId, ref) => loadDocumentImage(ds.manager, cipher, tenantId, ref),
    consumer: {
      topics: consumedTopics,
      handlers: identityDocumentEventHandlers({ decisions, onboarding, nudgeRelay: () => relay.nudge() }),
    },
  });
  // Steps past their deadline open review cases, and overdue cases are escalated, once each; several instances share
  // the work (SKIP LOCKED).
  const sweep = setInterval(() => {
    reviews
      .openOverdue()
      .then(() => reviews.escalateOverdue())
      .catch((err: unknown) => log.warn({ err }, 'the review sweep failed; the next one tries again'));
  }, env.REVIEW_SWEEP_MS);
  sweep.unref();
  stopOnSignals([() => clearInterval(sweep), () => running.stop(), () => reader.close(), () => otpMailer.close()], log, env.SHUTDOWN_TIMEOUT_MS);
});
