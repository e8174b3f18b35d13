import { sealedColumns } from '@ekyc/db';

/** Every column of this service's schema that holds values sealed with the PII cipher (see `sealedColumns`). */
export const SEALED_COLUMNS = sealedColumns({
  face_matches: { selfie_descriptor_enc: 'bytes' },
  known_faces: { descriptor_enc: 'bytes' },
});
