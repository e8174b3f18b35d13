import type { ApplicationRecord } from './application.entity';
import { Application, ApplicationChannel, ApplicationStatus, DecisionCheck, DocumentType } from './application.type';

export function toApplication(record: ApplicationRecord, mobileNumber: string): Application {
  return Object.assign(new Application(), {
    id: record.id,
    status: ApplicationStatus[record.status],
    channel: ApplicationChannel[record.channel],
    mobileNumber,
    documentType: record.documentType ? DocumentType[record.documentType] : null,
    submittedAt: record.submittedAt,
    decisionReason: record.decisionReason,
    decidedAt: record.decidedAt,
    requiredChecks: requiredChecksOf(record),
    livenessFailures: record.livenessResult?.failures.length ?? 0,
    livenessPassed: Boolean(record.livenessResult?.passedSessionId),
    submissionId: record.submissionId,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    resubmissionState: record.resubmission,
    resubmittedAt: record.resubmittedAt,
  });
}

/** What the decision of a submitted application waits for; a draft waits for nothing yet. */
export function requiredChecksOf(record: Pick<ApplicationRecord, 'status' | 'faceRequired' | 'livenessRequired'>): DecisionCheck[] {
  if (record.status === 'draft') return [];
  return [DecisionCheck.nid, ...(record.faceRequired ? [DecisionCheck.face_match] : []), ...(record.livenessRequired ? [DecisionCheck.liveness] : [])];
}
