import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { MAX_UPLOAD_BYTES, type RestFieldProblem, type RestProblem } from '@ekyc/partner-api';
import { fieldsOf, knownNameLike, problemOfList, RestProblemError, restProblem } from './rest-route';

export interface MultipartLimits {
  /** The file fields the route takes, one file each; any other file field is refused. */
  files: readonly string[];
  /** Text fields allowed; their names are checked by the route's schema. */
  maxFields: number;
  /** The route's text fields: named beside a refused file field, so that one answer lists every wrong name. */
  fields?: readonly string[];
}

/** Text fields are short (names, addresses, JSON options): a long one is a mistake or an attack. */
const MAX_FIELD_BYTES = 16 * 1024;
/** Files beyond the route's own that are still read, to name them all in one answer (and no more). */
const EXTRA_FILES = 4;

/**
 * Parses multipart/form-data into memory within limits: 2 MB per file (413 `IMAGE_TOO_LARGE` naming the
 * field), only the route's file fields, one file each (400 `UNEXPECTED_FILE`, every such field at once,
 * with the text fields the route does not know), few and short text fields. Requests that are not
 * multipart pass through untouched.
 */
export function multipartForm(limits: MultipartLimits): RequestHandler {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: {
      fileSize: MAX_UPLOAD_BYTES,
      files: limits.files.length + EXTRA_FILES,
      fields: limits.maxFields,
      fieldSize: MAX_FIELD_BYTES,
      parts: limits.files.length + EXTRA_FILES + limits.maxFields,
      headerPairs: 100,
    },
  }).any();
  return (req, res, next) =>
    upload(req, res, (err?: unknown) => {
      if (err !== undefined) return next(new RestProblemError(multipartProblem(err)));
      const byField: Record<string, Express.Multer.File[]> = {};
      for (const file of Array.isArray(req.files) ? req.files : []) (byField[file.fieldname] ??= []).push(file);
      const problems: RestFieldProblem[] = [];
      for (const [field, files] of Object.entries(byField)) {
        const like = knownNameLike(field, limits.files);
        if (!limits.files.includes(field)) {
          problems.push({
            code: 'UNEXPECTED_FILE',
            field,
            message: `${field} is not a file field of this request${like ? `; did you mean "${like}"?` : ''} (files: ${limits.files.join(', ') || 'none'})`,
          });
        } else if (files.length > 1) {
          problems.push({ code: 'UNEXPECTED_FILE', field, message: `${field} was sent ${files.length} times: send one file` });
        }
      }
      if (problems.length > 0) {
        const known = [...(limits.fields ?? []), ...limits.files];
        for (const field of limits.fields ? Object.keys(fieldsOf(req.body)).filter((f) => !known.includes(f)) : []) {
          const like = knownNameLike(field, known);
          problems.push({
            code: 'UNKNOWN_FIELD',
            field,
            message: `"${field}" is not a field of this request${like ? `; did you mean "${like}"?` : ''} (fields: ${known.join(', ')})`,
          });
        }
        return next(new RestProblemError(problemOfList(problems)));
      }
      req.files = byField;
      next();
    });
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
