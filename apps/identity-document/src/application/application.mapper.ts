import type { ApplicationRecord } from './application.entity';
import { Application, ApplicationChannel, ApplicationStatus, DocumentType } from './application.type';

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
    submissionId: record.submissionId,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  });
}
