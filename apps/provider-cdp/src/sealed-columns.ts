import { sealedColumns } from '@ekyc/db';

/** Every column of this service's schema that holds values sealed with the PII cipher (see `sealedColumns`). */
export const SEALED_COLUMNS = sealedColumns({
  cdp_onboardings: { applicant_sealed: 'text', mobile_sealed: 'text' },
  cdp_settings: { client_secret_enc: 'text' },
});
