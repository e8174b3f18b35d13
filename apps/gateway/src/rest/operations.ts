/**
 * The supergraph operations the REST compatibility routes run, with the shapes they select. Every route
 * is one or two of these; depth stays within 3 so the strictest query limits the gateway runs with pass.
 */

export interface UserError {
  code: string;
  field: string | null;
  message: string;
}

export interface OcrFieldView {
  name: string;
  value: string | null;
  accepted: boolean;
}

export type KycStatusValue = 'pending' | 'approved' | 'rejected' | 'incomplete';
export type ApplicationStatusValue = 'draft' | 'pending' | 'passed' | 'failed' | 'invalid';

export interface SubmissionRead {
  id: string;
  kycStatus: KycStatusValue;
  retryCount: number;
  retry: { code: string; message: string } | null;
  reviewOcrData: OcrFieldView[];
  documentFields: Array<{ name: string; present: boolean }>;
  missingFields: string[];
  fileUpload: boolean;
  fileBackUpload: boolean;
}

export const SUBMIT_ID_DOCUMENT = `mutation RestSubmitIdDocument($input: SubmitIdDocumentInput!) {
  submitIdDocument(input: $input) {
    submission { id kycStatus retryCount retry { code message } reviewOcrData { name value accepted } documentFields { name present } missingFields fileUpload fileBackUpload }
    errors { code field message }
  }
}`;
export type SubmitIdDocumentResult = { submitIdDocument: { submission: SubmissionRead | null; errors: UserError[] } };

/** The agent API returns the cropped images themselves in step 1. */
export const SUBMIT_ID_DOCUMENT_WITH_IMAGES = `mutation RestSubmitIdDocumentWithImages($input: SubmitIdDocumentInput!) {
  submitIdDocument(input: $input) {
    submission { id kycStatus retryCount retry { code message } reviewOcrData { name value accepted } documentFields { name present } missingFields fileUpload fileBackUpload idImage idBackImage }
    errors { code field message }
  }
}`;
export type SubmitIdDocumentWithImagesResult = {
  submitIdDocument: { submission: (SubmissionRead & { idImage: string | null; idBackImage: string | null }) | null; errors: UserError[] };
};

export const SUBMISSION_READ = `query RestSubmissionRead($id: ID!) { submission(id: $id) { id kycStatus reviewOcrData { name value accepted } } }`;
export type SubmissionReadResult = { submission: { id: string; kycStatus: KycStatusValue; reviewOcrData: OcrFieldView[] } | null };

export const SUBMISSION_FRONT_IMAGE = `query RestSubmissionFrontImage($id: ID!) { submission(id: $id) { idImage } }`;
export const SUBMISSION_BACK_IMAGE = `query RestSubmissionBackImage($id: ID!) { submission(id: $id) { idBackImage } }`;
export type SubmissionImageResult = { submission: { idImage?: string | null; idBackImage?: string | null } | null };

export const COMPLETE_SUBMISSION = `mutation RestCompleteSubmission($input: CompleteSubmissionInput!) {
  completeSubmission(input: $input) { submission { id kycStatus } application { id status } errors { code field message } }
}`;
export type CompleteSubmissionResult = {
  completeSubmission: {
    submission: { id: string; kycStatus: KycStatusValue } | null;
    application: { id: string; status: ApplicationStatusValue } | null;
    errors: UserError[];
  };
};

export interface VerifiedFieldView {
  value: string | null;
  score: number | null;
}

const VERIFIED = '{ value score }';
export const VERIFICATION_STATUS = `query RestVerificationStatus($mobileNumber: String!) {
  verificationStatus(mobileNumber: $mobileNumber) {
    status reason
    detail {
      nidNumber ${VERIFIED} dateOfBirth ${VERIFIED} applicantNameEng ${VERIFIED} applicantNameBen ${VERIFIED}
      fatherName ${VERIFIED} motherName ${VERIFIED} presAddress ${VERIFIED}
      textualInfoMatch applicantPhotoFromCard applicantPhotoCardEcMatch applicantPhotoFromApp applicantPhotoAppEcMatch
    }
  }
}`;
export interface VerificationDetailView {
  nidNumber: VerifiedFieldView;
  dateOfBirth: VerifiedFieldView;
  applicantNameEng: VerifiedFieldView;
  applicantNameBen: VerifiedFieldView;
  fatherName: VerifiedFieldView;
  motherName: VerifiedFieldView;
  presAddress: VerifiedFieldView;
  textualInfoMatch: boolean;
  applicantPhotoFromCard: string | null;
  applicantPhotoCardEcMatch: boolean | null;
  applicantPhotoFromApp: string | null;
  applicantPhotoAppEcMatch: boolean | null;
}
export interface VerificationStatusView {
  status: ApplicationStatusValue;
  reason: string | null;
  detail: VerificationDetailView | null;
}
export type VerificationStatusResult = { verificationStatus: VerificationStatusView | null };

export const VERIFICATION_LOG = `query RestVerificationLog($status: VerificationLogStatus!, $page: Int!, $perPage: Int) {
  verificationLog(status: $status, page: $page, perPage: $perPage) {
    totalCount page perPage
    edges { node { mobileNumber applicantNameEn nidNumber submittedOn status } }
  }
}`;
export interface VerificationLogEntryView {
  mobileNumber: string | null;
  applicantNameEn: string | null;
  nidNumber: string | null;
  submittedOn: string;
  status: 'passed' | 'failed' | 'pending' | 'invalid';
}
export type VerificationLogResult = {
  verificationLog: { totalCount: number; page: number | null; perPage: number; edges: Array<{ node: VerificationLogEntryView }> };
};

const EKYC_REQUEST_FIELDS =
  'id status email phoneNumber contactMasked documentIdentificationId otpDelivery otpExpiresAt otpAttemptsRemaining verifiedAt acceptedAt clearedAt deletedAt createdAt updatedAt';
export interface EkycRequestGraphView {
  id: string;
  status: 'otp_pending' | 'otp_sent' | 'verified' | 'accepted' | 'locked' | 'cleared' | 'deleted';
  email: string | null;
  phoneNumber: string | null;
  contactMasked: boolean;
  documentIdentificationId: string;
  otpDelivery: 'sending' | 'sent' | 'failed' | null;
  otpExpiresAt: string | null;
  otpAttemptsRemaining: number;
  verifiedAt: string | null;
  acceptedAt: string | null;
  clearedAt: string | null;
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface EkycRequestPayloadView {
  ekycRequest: EkycRequestGraphView | null;
  errors: UserError[];
}

export const CREATE_EKYC_REQUEST = `mutation RestCreateEkycRequest($input: CreateEkycRequestInput!) {
  createEkycRequest(input: $input) { ekycRequest { id } replayed errors { code field message } }
}`;
export type CreateEkycRequestResult = { createEkycRequest: { ekycRequest: { id: string } | null; replayed: boolean; errors: UserError[] } };

export const VERIFY_EKYC_REQUEST_OTP = `mutation RestVerifyEkycRequestOtp($input: VerifyEkycRequestOtpInput!) {
  result: verifyEkycRequestOtp(input: $input) { ekycRequest { ${EKYC_REQUEST_FIELDS} } errors { code field message } }
}`;
const idMutation = (name: string, field: string) =>
  `mutation ${name}($id: ID!) { result: ${field}(id: $id) { ekycRequest { ${EKYC_REQUEST_FIELDS} } errors { code field message } } }`;
export const RESEND_EKYC_REQUEST_OTP = idMutation('RestResendEkycRequestOtp', 'resendEkycRequestOtp');
export const ACCEPT_EKYC_REQUEST = idMutation('RestAcceptEkycRequest', 'acceptEkycRequest');
export const CLEAR_EKYC_REQUEST = idMutation('RestClearEkycRequest', 'clearEkycRequest');
export const DELETE_EKYC_REQUEST = idMutation('RestDeleteEkycRequest', 'deleteEkycRequest');
export type EkycRequestMutationResult = { result: EkycRequestPayloadView };

export const EKYC_REQUEST = `query RestEkycRequest($id: ID!) { ekycRequest(id: $id) { ${EKYC_REQUEST_FIELDS} } }`;
export type EkycRequestResult = { ekycRequest: EkycRequestGraphView | null };

export const EKYC_REQUESTS = `query RestEkycRequests($status: EkycRequestStatus, $first: Int, $after: String) {
  ekycRequests(status: $status, first: $first, after: $after) { edges { node { ${EKYC_REQUEST_FIELDS} } } pageInfo { hasNextPage endCursor } }
}`;
export type EkycRequestsResult = {
  ekycRequests: { edges: Array<{ node: EkycRequestGraphView }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
};

export const SUBMISSION_APPLICATION = `query RestSubmissionApplication($id: ID!) { submission(id: $id) { id kycStatus applicationId } }`;
export type SubmissionApplicationResult = { submission: { id: string; kycStatus: KycStatusValue; applicationId: string | null } | null };

export const START_LIVENESS_SESSION = `mutation RestStartLivenessSession($applicationId: ID!) {
  startLivenessSession(applicationId: $applicationId) { session { id challenges nonce expiresAt } errors { code field message } }
}`;
export type StartLivenessSessionResult = {
  startLivenessSession: { session: { id: string; challenges: string[]; nonce: string; expiresAt: string } | null; errors: UserError[] };
};

export const SUBMIT_LIVENESS_FRAMES = `mutation RestSubmitLivenessFrames($input: SubmitLivenessFramesInput!) {
  submitLivenessFrames(input: $input) { liveness { sessionId status reason } errors { code field message } }
}`;
export type SubmitLivenessFramesResult = {
  submitLivenessFrames: {
    liveness: { sessionId: string; status: 'pending' | 'passed' | 'failed' | 'expired'; reason: string | null } | null;
    errors: UserError[];
  };
};
