import { DocumentType } from '../application/application.type';
import type { SubmissionRecord } from './submission.entity';
import type { SealedRead } from './submission.service';
import { IdType, KycStatus, Submission } from './submission.type';

export function toSubmission(record: SubmissionRecord, read: SealedRead | null): Submission {
  const o = record.customOptions;
  return Object.assign(new Submission(), {
    id: record.id,
    tenantId: record.tenantId,
    kycStatus: KycStatus[record.kycStatus],
    retryCount: record.retryCount,
    retry: record.retryCode ? { code: record.retryCode, message: record.retryMessage ?? record.retryCode } : null,
    expiresAt: record.expiresAt,
    issuingCountry: record.issuingCountry,
    idType: IdType[record.idType as keyof typeof IdType],
    documentType: record.documentType ? DocumentType[record.documentType] : null,
    reviewOcrData: read?.fields ?? [],
    documentFields: Object.entries(record.documentFields).map(([name, present]) => ({ name, present })),
    missingFields: record.missingFields,
    fileUpload: Boolean(record.images.front),
    fileBackUpload: Boolean(record.images.back),
    customOptions: {
      blacklistCountries: o.blacklistCountries ?? null,
      approvePeriod: o.approvePeriod ?? null,
      rejectPeriod: o.rejectPeriod ?? null,
      ageLimit: o.ageLimit ?? null,
      rejectDuplicateUser: o.rejectDuplicateUser ?? null,
    },
    applicationId: record.applicationId,
    createdAt: record.createdAt,
    images: record.images,
  });
}
