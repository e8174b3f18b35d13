import { inspectImage } from '@ekyc/document-reader';
import type { FieldProblem } from '@ekyc/subgraph-kit';

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
const DATA_URL = /^data:image\/[a-z+.-]+;base64,/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export interface ImageUpload {
  bytes: Buffer;
  contentType: 'image/jpeg' | 'image/png';
}

/**
 * Decodes a base64 image from GraphQL input and checks it by content (JPEG or PNG, at most 2 MB,
 * really decodable): the name or a data-URL prefix proves nothing.
 */
export async function decodeImage(
  raw: string | null | undefined,
  field: string,
  required: boolean,
): Promise<{ ok: true; value: ImageUpload | null } | { ok: false; error: FieldProblem }> {
  if (raw === null || raw === undefined || raw === '') {
    return required
      ? { ok: false, error: { code: 'REQUIRED', field, message: `${field} is required: a JPEG or PNG image, base64-encoded` } }
      : { ok: true, value: null };
  }
  const text = raw.replace(DATA_URL, '').replace(/\s+/g, '');
  // A base64 string this long decodes to more than the limit: refuse it without decoding.
  if (text.length > Math.ceil(MAX_IMAGE_BYTES / 3) * 4) {
    return { ok: false, error: { code: 'IMAGE_TOO_LARGE', field, message: `${field} is larger than 2 MB` } };
  }
  if (text.length % 4 !== 0 || !BASE64.test(text)) {
    return { ok: false, error: { code: 'INVALID_BASE64', field, message: `${field} must be base64-encoded image bytes` } };
  }
  const bytes = Buffer.from(text, 'base64');
  const checked = await inspectImage(bytes, field, { maxBytes: MAX_IMAGE_BYTES });
  if (!checked.ok) return { ok: false, error: checked.error };
  return { ok: true, value: { bytes, contentType: checked.value.format === 'png' ? 'image/png' : 'image/jpeg' } };
}
