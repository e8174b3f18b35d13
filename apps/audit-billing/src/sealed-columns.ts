import { sealedColumns } from '@ekyc/db';

/** Every column of this service's schema that holds values sealed with the PII cipher (see `sealedColumns`). */
export const SEALED_COLUMNS = sealedColumns({
  verification_log: { mobile_number_enc: 'text', name_en_enc: 'text', nid_enc: 'text' },
  webhook_endpoints: { previous_secret_enc: 'text', secret_enc: 'text' },
});
