import { sealedColumns } from '@ekyc/db';

/**
 * Every column of this service's schema that holds values sealed with the PII cipher (see `sealedColumns`).
 * Not listed: the reviewer's message inside `applications.resubmission` (JSON), which keeps the key it was sealed with.
 */
export const SEALED_COLUMNS = sealedColumns({
  applications: { applicant_enc: 'text', details_enc: 'text', mobile_number_enc: 'text' },
  document_images: { content_enc: 'bytes' },
  ekyc_requests: { email_enc: 'text', phone_enc: 'text' },
  review_cases: { note_enc: 'text' },
  submissions: { email_enc: 'text', extras_enc: 'text', ocr_enc: 'text' },
});
