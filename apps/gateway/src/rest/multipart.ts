import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { MAX_UPLOAD_BYTES, type RestProblem } from '@ekyc/partner-api';
import { RestProblemError, restProblem } from './rest-route';

export interface MultipartLimits {
  /** The file fields the route takes, one file each; any other file field is refused. */
  files: readonly string[];
  /** Text fields allowed; their names are checked by the route's schema. */
  maxFields: number;
}

/** Text fields are short (names, addresses, JSON options): a long one is a mistake or an attack. */
const MAX_FIELD_BYTES = 16 * 1024;

/**
 * Parses multipart/form-data into memory within limits: 2 MB per file (413 `IMAGE_TOO_LARGE` naming the
 * field), only the route's file fields (400 `UNEXPECTED_FILE`), few and short text fields. Requests that
 * are not multipart pass through untouched.
 */
export function multipartForm(limits: MultipartLimits): RequestHandler {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: {
      fileSize: MAX_UPLOAD_BYTES,
      files: limits.files.length,
      fields: limits.maxFields,
      fieldSize: MAX_FIELD_BYTES,
      parts: limits.files.length + limits.maxFields,
      headerPairs: 100,
    },
  }).fields(limits.files.map((name) => ({ name, maxCount: 1 })));
  return (req, res, next) => upload(req, res, (err?: unknown) => next(err === undefined ? undefined : new RestProblemError(multipartProblem(err))));
}

export function multipartProblem(err: unknown): RestProblem {
  if (!(err instanceof multer.MulterError)) return restProblem(400, 'INVALID_MULTIPART', null, 'the multipart/form-data body could not be read');
  const field = err.field ?? null;
  switch (err.code) {
    case 'LIMIT_FILE_SIZE':
      return restProblem(413, 'IMAGE_TOO_LARGE', field, `${field ?? 'a file'} is larger than 2 MB`);
    case 'LIMIT_UNEXPECTED_FILE':
      return restProblem(400, 'UNEXPECTED_FILE', field, `${field ?? 'a file field'} is not a file field of this request, or was sent twice`);
    case 'LIMIT_FIELD_VALUE':
      return restProblem(400, 'FIELD_TOO_LONG', field, `${field ?? 'a field'} is longer than ${MAX_FIELD_BYTES} bytes`);
    case 'LIMIT_FILE_COUNT':
    case 'LIMIT_FIELD_COUNT':
    case 'LIMIT_PART_COUNT':
      return restProblem(400, 'TOO_MANY_FIELDS', field, 'the form has more fields or files than this request takes');
    default:
      return restProblem(400, 'INVALID_MULTIPART', field, `the multipart/form-data body could not be read: ${err.message}`);
  }
}

/** The bytes of an uploaded file field, or null when it was not sent (or was empty). */
export function uploadedFile(req: Request, name: string): Buffer | null {
  const files = req.files;
  const file = files && !Array.isArray(files) ? files[name]?.[0] : undefined;
  return file && file.size > 0 ? file.buffer : null;
}
