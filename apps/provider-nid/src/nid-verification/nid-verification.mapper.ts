import type { NidVerificationRecord } from './nid-verification.entity';
import { NidFieldResult, NidVerification, NidVerificationStatus } from './nid-verification.type';

export function toNidVerification(record: NidVerificationRecord): NidVerification {
  return Object.assign(new NidVerification(), {
    status: NidVerificationStatus[record.status],
    statusReason: record.statusReason,
    verified: record.verified,
    fields: (record.fieldResults ?? []).map((f) => Object.assign(new NidFieldResult(), f)),
    ecPhotoStored: record.ecPhotoRef !== null,
    attempts: record.attempts,
    lastAttemptAt: record.lastAttemptAt,
    lastErrorCode: record.lastErrorCode,
    nextAttemptAt: record.nextAttemptAt,
    submittedAt: record.submittedAt,
    completedAt: record.completedAt,
    updatedAt: record.updatedAt,
  });
}
