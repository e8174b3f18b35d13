import express, { type Request, Router } from 'express';
import type { Logger } from '@ekyc/logger';
import { EKYC_LIVENESS_ERRORS, EKYC_LIVENESS_PATHS, LIVENESS_BODY_LIMIT, livenessFramesBody, livenessStatusOf, startLivenessBody } from '@ekyc/partner-api';
import { isUuid } from '@ekyc/subgraph-kit';
import type { RequestAuthenticator } from '../../iam/request-auth';
import type { GraphCaller, GraphExecutor } from '../graph-executor';
import {
  START_LIVENESS_SESSION,
  SUBMISSION_APPLICATION,
  SUBMIT_LIVENESS_FRAMES,
  type StartLivenessSessionResult,
  type SubmissionApplicationResult,
  type SubmitLivenessFramesResult,
} from '../operations';
import {
  authenticateCaller,
  jsonReply,
  mutationProblemReply,
  parseBody,
  problemOfGraphError,
  problemReply,
  restErrorHandler,
  restProblem,
  type RestReply,
  restRoute,
} from '../rest-route';

type LivenessCode = keyof typeof EKYC_LIVENESS_ERRORS;
const known = (code: LivenessCode, field: string | null): RestReply =>
  problemReply(restProblem(EKYC_LIVENESS_ERRORS[code].status, code, field, EKYC_LIVENESS_ERRORS[code].message));

/** A graph field (`input.frames.3.image`, `applicationId`) as the REST body names it (`frames.3.image`, `documentIdentificationId`). */
export function livenessFieldOf(graphField: string | null): string | null {
  if (!graphField) return null;
  if (graphField === 'applicationId') return 'documentIdentificationId';
  if (graphField === 'input.sessionId') return 'sessionId';
  return graphField.replace(/^input\./, '');
}

/**
 * Liveness for a document the partner holds an id of (`@ekyc/partner-api` ekyc-liveness-api.ts): start a session
 * for the application its step 2 made, then answer it with the recorded frames. Each is the graph operation the
 * portal runs, so the same rules and decision gate apply. `x-api-key` or `Authorization`.
 */
export function createLivenessApiRouter(deps: { auth: RequestAuthenticator; graph: GraphExecutor; log: Logger }): Router {
  const { graph, log } = deps;
  const router = Router();
  const auth = authenticateCaller(deps.auth, 'partner');
  const json = express.json({ limit: LIVENESS_BODY_LIMIT });
  const route = (handle: (req: Request, caller: GraphCaller) => Promise<RestReply>) => restRoute('partner', log, handle);

  /** The application step 2 made of this document, or the reply that explains why there is none. */
  const applicationOf = async (caller: GraphCaller, documentId: string): Promise<{ ok: true; id: string } | { ok: false; reply: RestReply }> => {
    const field = 'documentIdentificationId';
    if (!isUuid(documentId.trim())) return { ok: false, reply: known('DOCUMENT_NOT_FOUND', field) };
    const read = await graph.execute<SubmissionApplicationResult>(caller, SUBMISSION_APPLICATION, { id: documentId.trim().toLowerCase() });
    if (!read.ok) return { ok: false, reply: problemReply(problemOfGraphError(read.error, livenessFieldOf), read.error) };
    const submission = read.data.submission;
    if (!submission) return { ok: false, reply: known('DOCUMENT_NOT_FOUND', field) };
    if (submission.applicationId) return { ok: true, id: submission.applicationId };
    return { ok: false, reply: known(submission.kycStatus === 'rejected' ? 'SUBMISSION_REJECTED' : 'SUBMISSION_INCOMPLETE', field) };
  };

  router.post(
    EKYC_LIVENESS_PATHS.sessions,
    auth,
    json,
    route(async (req, caller) => {
      const parsed = parseBody(startLivenessBody, req.body);
      if (!parsed.ok) return parsed.reply;
      const application = await applicationOf(caller, parsed.value.documentIdentificationId);
      if (!application.ok) return application.reply;
      const result = await graph.execute<StartLivenessSessionResult>(caller, START_LIVENESS_SESSION, { applicationId: application.id });
      if (!result.ok) return problemReply(problemOfGraphError(result.error, livenessFieldOf), result.error);
      const { session, errors } = result.data.startLivenessSession;
      if (errors.length > 0 || !session) return mutationProblemReply(errors, livenessStatusOf, livenessFieldOf);
      return jsonReply(201, {
        message: 'Liveness session started',
        sessionId: session.id,
        challenges: session.challenges,
        nonce: session.nonce,
        expiresAt: session.expiresAt,
      });
    }),
  );

  router.post(
    EKYC_LIVENESS_PATHS.frames,
    auth,
    json,
    route(async (req, caller) => {
      const sessionId = String(req.params['sessionId'] ?? '')
        .trim()
        .toLowerCase();
      if (!isUuid(sessionId)) return known('LIVENESS_SESSION_NOT_FOUND', 'sessionId');
      const parsed = parseBody(livenessFramesBody, req.body);
      if (!parsed.ok) return parsed.reply;
      const result = await graph.execute<SubmitLivenessFramesResult>(caller, SUBMIT_LIVENESS_FRAMES, { input: { sessionId, ...parsed.value } });
      if (!result.ok) return problemReply(problemOfGraphError(result.error, livenessFieldOf), result.error);
      const { liveness, errors } = result.data.submitLivenessFrames;
      if (errors.length > 0 || !liveness) return mutationProblemReply(errors, livenessStatusOf, livenessFieldOf);
      const passed = liveness.status === 'passed';
      return jsonReply(200, {
        message: passed ? 'Liveness passed' : 'Liveness failed',
        sessionId: liveness.sessionId,
        status: passed ? 'passed' : 'failed',
        reason: liveness.reason,
      });
    }),
  );

  router.use(restErrorHandler('partner', log, '/api/liveness-sessions'));
  return router;
}
