import type express from 'express';

/** Step 1 of a submission carries two 2 MB images, base64-encoded (about 5.6 MB), plus the query. */
export const MAX_GRAPHQL_BODY = '8mb';

/** Body-parser failures (too large, not JSON) answered as JSON with a stable code instead of an HTML page. */
export const bodyErrorHandler: express.ErrorRequestHandler = (err: { type?: string; status?: number; message?: string }, _req, res, next) => {
  if (res.headersSent || typeof err?.status !== 'number') return next(err);
  const code = err.type === 'entity.too.large' ? 'REQUEST_TOO_LARGE' : err.type === 'entity.parse.failed' ? 'INVALID_JSON' : 'BAD_REQUEST';
  const message = code === 'REQUEST_TOO_LARGE' ? `request bodies are limited to ${MAX_GRAPHQL_BODY}` : (err.message ?? 'bad request');
  res.status(err.status).json({ errors: [{ message, extensions: { code } }] });
};
