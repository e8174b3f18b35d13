import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { Logger } from '@ekyc/logger';
import { INVALID_API_KEY_MESSAGE, toAgentErrorBody, toPartnerErrorBody, type RestFieldProblem, type RestProblem } from '@ekyc/partner-api';
import type { RequestAuthenticator } from '../iam/request-auth';
import type { GraphCaller, GraphError } from './graph-executor';
import type { UserError } from './operations';

/** The error envelope of a route's contract: the agent API's, or the eKYC request and two-step APIs'. */
export type ErrorEnvelope = 'agent' | 'partner';

export const restProblem = (status: number, code: string, field: string | null, message: string): RestProblem => ({ status, code, field, message });

const INTERNAL: RestProblem = restProblem(500, 'INTERNAL_ERROR', null, 'the request could not be completed; try again');

/** Raised by middleware (multipart limits, body parsing) for the router's error handler to answer. */
export class RestProblemError extends Error {
  constructor(readonly problem: RestProblem) {
    super(problem.message);
  }
}

export type RestReply =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'bytes'; status: number; bytes: Buffer; contentType: string }
  | { kind: 'problem'; problem: RestProblem; cause?: GraphError };

export const jsonReply = (status: number, body: unknown, headers?: Record<string, string>): RestReply => ({ kind: 'json', status, body, headers });
export const bytesReply = (bytes: Buffer, contentType: string): RestReply => ({ kind: 'bytes', status: 200, bytes, contentType });
export const problemReply = (problem: RestProblem, cause?: GraphError): RestReply => ({ kind: 'problem', problem, cause });

export function sendProblem(res: Response, envelope: ErrorEnvelope, problem: RestProblem): void {
  res.status(problem.status).json(envelope === 'agent' ? toAgentErrorBody(problem) : toPartnerErrorBody(problem));
}

/** Top-level graph errors the caller can act on, by code; anything else is answered as a 500. */
const GRAPH_ERROR_STATUS: Readonly<Record<string, number>> = {
  UNAUTHENTICATED: 401,
  INVALID_TOKEN: 401,
  FORBIDDEN: 403,
  VALIDATION_FAILED: 400,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  QUERY_TOO_COSTLY: 400,
  CONTROL_CHARACTER: 400,
  DEADLINE_EXCEEDED: 504,
};

export function problemOfGraphError(error: GraphError, restField: (graphField: string | null) => string | null): RestProblem {
  const status = GRAPH_ERROR_STATUS[error.code];
  return status === undefined ? INTERNAL : restProblem(status, error.code, restField(error.field), error.message);
}

/**
 * What a mutation's problems (`errors: [{ code, field, message }]`) answer: the first one decides, as
 * services list the most important first; `statusOf` gives each code its HTTP status.
 */
export function mutationProblemReply(
  errors: readonly UserError[],
  statusOf: (code: string) => number,
  restField: (graphField: string | null) => string | null,
): RestReply {
  const first = errors[0];
  if (!first) return problemReply(INTERNAL);
  const problems = errors.map((e) => ({ code: e.code, field: restField(e.field), message: e.message }));
  return problemReply({
    ...restProblem(statusOf(first.code), first.code, restField(first.field), first.message),
    ...(problems.length > 1 ? { problems } : {}),
  });
}

/** The known name a damaged one stands for: the contract's copies say `applicant photo` for `applicant_photo`. */
export const knownNameLike = (name: string, known: readonly string[]): string | undefined =>
  known.find(
    (k) =>
      k ===
      name
        .trim()
        .replace(/[\s-]+/g, '_')
        .toLowerCase(),
  );

/**
 * Every problem of a request checked against its zod schema. `input` is what was checked, so that a
 * missing field is told apart from a wrong one; an unknown field suggests the known one it resembles
 * (the contract's damaged copies say `nid no` for `nid_no`) and comes first, as it usually explains a
 * missing one.
 */
export function schemaProblems(error: z.ZodError, input: Record<string, unknown>, known: readonly string[]): RestFieldProblem[] {
  const problems: RestFieldProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const like = knownNameLike(key, known);
        problems.push({
          code: 'UNKNOWN_FIELD',
          field: key,
          message: `"${key}" is not a field of this request${like ? `; did you mean "${like}"?` : ''} (fields: ${known.join(', ')})`,
        });
      }
      continue;
    }
    const field = issue.path.length > 0 ? String(issue.path[0]) : null;
    if (problems.some((p) => p.field === field)) continue;
    const value = field === null ? undefined : input[field];
    if (field !== null && (value === undefined || (typeof value === 'string' && value.trim() === '')))
      problems.push({ code: 'REQUIRED', field, message: `${field} is required` });
    else problems.push({ code: 'INVALID_VALUE', field, message: `${field ?? 'the request'}: ${issue.message}` });
  }
  problems.sort((a, b) => Number(b.code === 'UNKNOWN_FIELD') - Number(a.code === 'UNKNOWN_FIELD'));
  return problems;
}

/**
 * The answer to a request with these problems, all of them reported at once (as the GraphQL API does):
 * the first names `code` and `field`, `errors` lists every one when there are several. A field is
 * reported once, by its first problem.
 */
export function problemOfList(list: readonly RestFieldProblem[], status = 400): RestProblem {
  const problems = list.filter((p, i) => p.field === null || list.findIndex((q) => q.field === p.field) === i);
  const first = problems[0] ?? { code: 'INVALID_VALUE', field: null, message: 'the request is invalid' };
  return { ...restProblem(status, first.code, first.field, first.message), ...(problems.length > 1 ? { problems } : {}) };
}

/** Every problem of a request checked against its zod schema, as one answer (see schemaProblems). */
export function problemOfSchema(error: z.ZodError, input: Record<string, unknown>, known: readonly string[]): RestProblem {
  return problemOfList(schemaProblems(error, input, known));
}

/** The fields of a form that are non-empty text, among `known`: what a partly valid form can still be checked on. */
export function textFields(fields: Record<string, unknown>, known: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).filter((e): e is [string, string] => known.includes(e[0]) && typeof e[1] === 'string' && e[1].trim() !== ''),
  );
}

/** What a request's text fields (query, form or JSON body) are, whatever parsed them. */
export const fieldsOf = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' ? { ...(value as Record<string, unknown>) } : {};

/** A JSON body checked against its zod object schema: its value, or one 400 answer naming every problem. */
export function parseBody<S extends z.ZodObject>(schema: S, value: unknown): { ok: true; value: z.infer<S> } | { ok: false; reply: RestReply } {
  const body = fieldsOf(value);
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, reply: problemReply(problemOfSchema(parsed.error, body, Object.keys(schema.shape))) };
}

const CALLER = 'restCaller';

/**
 * Authenticates the request as `POST /graphql` does (`Authorization`, else `x-api-key`); the agent API
 * answers a failure in its envelope, the others with the eKYC request contract's `invalid api key`.
 */
export function authenticateCaller(auth: RequestAuthenticator, envelope: ErrorEnvelope): RequestHandler {
  return async (req, res, next) => {
    const result = await auth.authenticate(req);
    if (!result.ok) {
      if (result.status === 429) {
        res.set('retry-after', String(result.retryAfterSeconds));
        sendProblem(res, envelope, restProblem(429, result.code, null, result.message));
        return;
      }
      const field = req.headers.authorization ? 'Authorization' : envelope === 'agent' ? 'Authorization' : 'x-api-key';
      sendProblem(res, envelope, restProblem(401, result.code, field, envelope === 'agent' ? result.message : INVALID_API_KEY_MESSAGE));
      return;
    }
    const requestId = req.headers['x-request-id'];
    res.locals[CALLER] = { principal: result.principal, requestId: typeof requestId === 'string' ? requestId : undefined } satisfies GraphCaller;
    next();
  };
}

/** Runs a handler as the authenticated caller and sends its reply; a 500 is logged with its cause. */
export function restRoute(envelope: ErrorEnvelope, log: Logger, handle: (req: Request, caller: GraphCaller) => Promise<RestReply>): RequestHandler {
  return async (req, res) => {
    const caller = res.locals[CALLER] as GraphCaller | undefined;
    if (!caller) throw new Error('restRoute needs authenticateCaller before it');
    const reply = await handle(req, caller);
    switch (reply.kind) {
      case 'json':
        res
          .status(reply.status)
          .set(reply.headers ?? {})
          .json(reply.body);
        return;
      case 'bytes':
        res.status(reply.status).type(reply.contentType).send(reply.bytes);
        return;
      case 'problem':
        if (reply.problem.status >= 500) log.error({ cause: reply.cause, path: req.path }, 'REST route failed');
        sendProblem(res, envelope, reply.problem);
    }
  };
}

/**
 * Body-parser failures and problems raised by middleware, in the route's envelope; anything else is a
 * logged 500. Only requests under `prefix` are answered: an error of another route passes on untouched.
 */
export function restErrorHandler(envelope: ErrorEnvelope, log: Logger, prefix: string): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent || !req.path.startsWith(prefix)) {
      next(err);
      return;
    }
    if (err instanceof RestProblemError) {
      sendProblem(res, envelope, err.problem);
      return;
    }
    if (err instanceof URIError)
      return sendProblem(res, envelope, restProblem(400, 'INVALID_PATH_ENCODING', null, 'the request path is not valid percent-encoded UTF-8'));
    const type = (err as { type?: unknown } | null)?.type;
    if (type === 'entity.too.large') return sendProblem(res, envelope, restProblem(413, 'REQUEST_TOO_LARGE', null, 'the request body is too large'));
    if (type === 'entity.parse.failed') return sendProblem(res, envelope, restProblem(400, 'INVALID_JSON', null, 'the body is not valid JSON'));
    if (typeof type === 'string') return sendProblem(res, envelope, restProblem(400, 'INVALID_BODY', null, 'the body could not be read'));
    log.error({ err, path: req.path }, 'REST route failed');
    sendProblem(res, envelope, INTERNAL);
  };
}
