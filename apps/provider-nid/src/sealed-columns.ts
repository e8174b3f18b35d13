import { sealedColumns } from '@ekyc/db';

/** Every column of this service's schema that holds values sealed with the PII cipher (see `sealedColumns`). */
export const SEALED_COLUMNS = sealedColumns({
  ec_photos: { content_enc: 'bytes' },
  nid_credentials: { password_enc: 'text', pending_password_enc: 'text' },
  nid_verifications: { applicant_sealed: 'text', national_id_enc: 'text', pin_enc: 'text' },
});
