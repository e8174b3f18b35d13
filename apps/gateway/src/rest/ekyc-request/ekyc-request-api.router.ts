import express, { type Request, Router } from 'express';
import type { Logger } from '@ekyc/logger';
import {
  createEkycRequestBody,
  EKYC_REQUEST_ERRORS,
  EKYC_REQUEST_FIELDS,
  EKYC_REQUEST_MESSAGES,
  EKYC_REQUEST_PATHS,
  ekycRequestListQuery,
  restErrorOf,
  verifyEkycRequestOtpBody,
  type EkycRequestProblem,
} from '@ekyc/partner-api';
import type { RequestAuthenticator } from '../../iam/request-auth';
import type { GraphCaller, GraphExecutor } from '../graph-executor';
import {
  ACCEPT_EKYC_REQUEST,
  CLEAR_EKYC_REQUEST,
  CREATE_EKYC_REQUEST,
  DELETE_EKYC_REQUEST,
  EKYC_REQUEST,
  EKYC_REQUESTS,
  RESEND_EKYC_REQUEST_OTP,
  VERIFY_EKYC_REQUEST_OTP,
  type CreateEkycRequestResult,
  type EkycRequestMutationResult,
  type EkycRequestResult,
  type EkycRequestsResult,
} from '../operations';
import {
  authenticateCaller,
  fieldsOf,
  jsonReply,
  parseBody,
  problemOfGraphError,
  problemOfSchema,
  problemReply,
  restErrorHandler,
  restProblem,
  type RestReply,
  restRoute,
} from '../rest-route';

const BODY_LIMIT = '16kb';

type Variables = { ok: true; value: Record<string, unknown> } | { ok: false; reply: RestReply };

/** The request field a graph error is about: the JSON field, or the header the idempotency key came in. */
export function ekycRequestFieldOf(graphField: string | null): string | null {
  if (!graphField) return null;
  const name = graphField.replace(/^input\./, '');
  return Object.entries(EKYC_REQUEST_FIELDS).find(([, graph]) => graph === name)?.[0] ?? name;
}

/** The first problem decides status, code and message; every one of them is listed when there are several. */
const problemsReply = (errors: readonly EkycRequestProblem[]): RestReply => {
  const rest = restErrorOf(errors, ekycRequestFieldOf);
  if (!rest) return problemReply(restProblem(500, 'INTERNAL_ERROR', null, 'the request could not be completed; try again'));
  const problems = errors.map((e) => ({ code: e.code, field: ekycRequestFieldOf(e.field), message: e.message }));
  return problemReply({ ...restProblem(rest.status, rest.body.code, rest.body.field, rest.body.error), ...(problems.length > 1 ? { problems } : {}) });
};

/**
 * The eKYC request API (`@ekyc/partner-api` ekyc-request-api.ts): create as the contract documents it,
 * and the routes it lists without describing (OTP check and resend, accept, retrieve, list, clear,
 * delete), each one graph operation. `x-api-key`.
 */
export function createEkycRequestApiRouter(deps: { auth: RequestAuthenticator; graph: GraphExecutor; log: Logger }): Router {
  const { graph, log } = deps;
  const router = Router();
  const auth = authenticateCaller(deps.auth, 'partner');
  const json = express.json({ limit: BODY_LIMIT });
  const route = (handle: (req: Request, caller: GraphCaller) => Promise<RestReply>) => restRoute('partner', log, handle);

  /** An action on one request: its mutation, and the message of its 200. */
  const action = (operation: string, message: string, variables: (req: Request) => Variables) =>
    route(async (req, caller) => {
      const vars = variables(req);
      if (!vars.ok) return vars.reply;
      const result = await graph.execute<EkycRequestMutationResult>(caller, operation, vars.value);
      if (!result.ok) return problemReply(problemOfGraphError(result.error, ekycRequestFieldOf), result.error);
      const { ekycRequest, errors } = result.data.result;
      if (errors.length > 0 || !ekycRequest) return problemsReply(errors);
      return jsonReply(200, { message, request: ekycRequest });
    });
  const byId = (req: Request): Variables => ({ ok: true, value: { id: req.params['id'] } });

  router.post(
    EKYC_REQUEST_PATHS.collection,
    auth,
    json,
    route(async (req, caller) => {
      const parsed = parseBody(createEkycRequestBody, req.body);
      if (!parsed.ok) return parsed.reply;
      const idempotencyKey = req.get('idempotency-key');
      const input = { ...parsed.value, ...(idempotencyKey ? { idempotencyKey } : {}) };
      const result = await graph.execute<CreateEkycRequestResult>(caller, CREATE_EKYC_REQUEST, { input });
      if (!result.ok) return problemReply(problemOfGraphError(result.error, ekycRequestFieldOf), result.error);
      const { ekycRequest, errors } = result.data.createEkycRequest;
      if (errors.length > 0 || !ekycRequest) return problemsReply(errors);
      return jsonReply(201, { message: EKYC_REQUEST_MESSAGES.submitted, id: ekycRequest.id });
    }),
  );

  router.get(
    EKYC_REQUEST_PATHS.collection,
    auth,
    route(async (req, caller) => {
      const params = fieldsOf(req.query);
      const query = ekycRequestListQuery.safeParse(params);
      if (!query.success) return problemReply(problemOfSchema(query.error, params, Object.keys(ekycRequestListQuery.shape)));
      const { status, limit, after } = query.data;
      const result = await graph.execute<EkycRequestsResult>(caller, EKYC_REQUESTS, { status: status ?? null, first: limit ?? null, after: after ?? null });
      if (!result.ok)
        return problemReply(
          problemOfGraphError(result.error, (f) => (f === 'first' ? 'limit' : f)),
          result.error,
        );
      const page = result.data.ekycRequests;
      return jsonReply(200, { requests: page.edges.map((e) => e.node), nextCursor: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null });
    }),
  );

  router.get(
    EKYC_REQUEST_PATHS.item,
    auth,
    route(async (req, caller) => {
      const result = await graph.execute<EkycRequestResult>(caller, EKYC_REQUEST, { id: req.params['id'] });
      if (!result.ok) return problemReply(problemOfGraphError(result.error, ekycRequestFieldOf), result.error);
      if (!result.data.ekycRequest) return problemReply(restProblem(404, 'NOT_FOUND', 'id', EKYC_REQUEST_ERRORS.NOT_FOUND.message));
      return jsonReply(200, result.data.ekycRequest);
    }),
  );

  router.post(
    EKYC_REQUEST_PATHS.verifyOtp,
    auth,
    json,
    action(VERIFY_EKYC_REQUEST_OTP, EKYC_REQUEST_MESSAGES.otpVerified, (req) => {
      const parsed = parseBody(verifyEkycRequestOtpBody, req.body);
      if (!parsed.ok) return parsed;
      return { ok: true, value: { input: { id: req.params['id'], ...parsed.value } } };
    }),
  );
  router.post(EKYC_REQUEST_PATHS.resendOtp, auth, action(RESEND_EKYC_REQUEST_OTP, EKYC_REQUEST_MESSAGES.otpSent, byId));
  router.post(EKYC_REQUEST_PATHS.accept, auth, action(ACCEPT_EKYC_REQUEST, EKYC_REQUEST_MESSAGES.accepted, byId));
  router.post(EKYC_REQUEST_PATHS.clear, auth, action(CLEAR_EKYC_REQUEST, EKYC_REQUEST_MESSAGES.cleared, byId));
  router.delete(EKYC_REQUEST_PATHS.item, auth, action(DELETE_EKYC_REQUEST, EKYC_REQUEST_MESSAGES.deleted, byId));

  router.use(restErrorHandler('partner', log, EKYC_REQUEST_PATHS.collection));
  return router;
}
