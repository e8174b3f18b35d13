import { createServiceDataSource, type DataSource } from '@ekyc/db';
import { ApplicationRecord } from './application/application.entity';
import { DocumentImageRecord } from './document-image/document-image.entity';
import { EkycRequestRecord } from './ekyc-request/ekyc-request.entity';
import { OnboardingRequirementsRecord } from './onboarding/onboarding-requirements';
import { SubmissionPolicyRecord } from './policy/submission-policy.entity';
import { ReviewCaseRecord } from './review/review-case.entity';
import { SubmissionRecord } from './submission/submission.entity';
import { Initial1763750000000 } from './migrations/1763750000000-initial';
import { Applicant1763800000000 } from './migrations/1763800000000-applicant';
import { Submissions1763850000000 } from './migrations/1763850000000-submissions';
import { EkycRequests1763900000000 } from './migrations/1763900000000-ekyc-requests';
import { DecisionGates1765000000000 } from './migrations/1765000000000-decision-gates';
import { ReviewCases1765100000000 } from './migrations/1765100000000-review-cases';
import { Resubmissions1765200000000 } from './migrations/1765200000000-resubmissions';
import { ForeignDocuments1765400000000 } from './migrations/1765400000000-foreign-documents';
import { LabelledDocuments1765700000000 } from './migrations/1765700000000-labelled-documents';

export const SCHEMA = 'identity_document';

export const createIdentityDocumentDataSource = (url: string): DataSource =>
  createServiceDataSource({
    url,
    schema: SCHEMA,
    applicationName: 'identity-document',
    entities: [
      ApplicationRecord,
      SubmissionRecord,
      DocumentImageRecord,
      SubmissionPolicyRecord,
      EkycRequestRecord,
      ReviewCaseRecord,
      OnboardingRequirementsRecord,
    ],
    migrations: [
      Initial1763750000000,
      Applicant1763800000000,
      Submissions1763850000000,
      EkycRequests1763900000000,
      DecisionGates1765000000000,
      ReviewCases1765100000000,
      Resubmissions1765200000000,
      ForeignDocuments1765400000000,
      LabelledDocuments1765700000000,
    ],
  });
