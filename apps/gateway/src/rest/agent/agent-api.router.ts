import express, { type Request, Router } from 'express';
import type { Logger } from '@ekyc/logger';
import {
  AGENT_API_PATHS,
  AGENT_STEP1_FILES,
  AGENT_STEP2_FILE,
  AGENT_SUBMITTED_DETAIL,
  agentRegistrationQuery,
  agentStep2Form,
  agentVerificationLogQuery,
  agentVerificationStatusForm,
  submissionErrorStatus,
  type RestFieldProblem,
} from '@ekyc/partner-api';
import { isUuid } from '@ekyc/subgraph-kit';
import type { RequestAuthenticator } from '../../iam/request-auth';
import type { GraphCaller, GraphExecutor } from '../graph-executor';
import { multipartForm, uploadedFile } from '../multipart';
import {
  COMPLETE_SUBMISSION,
  SUBMIT_ID_DOCUMENT_WITH_IMAGES,
  VERIFICATION_LOG,
  VERIFICATION_STATUS,
  type CompleteSubmissionResult,
  type SubmitIdDocumentWithImagesResult,
  type VerificationLogResult,
  type VerificationStatusResult,
} from '../operations';
import {
  authenticateCaller,
  bytesReply,
  fieldsOf,
  jsonReply,
  mutationProblemReply,
  problemOfGraphError,
  problemOfList,
  problemOfSchema,
  problemReply,
  schemaProblems,
  textFields,
  restErrorHandler,
  restProblem,
  restRoute,
  RestProblemError,
  type RestReply,
} from '../rest-route';
import {
  agentStatusJson,
  agentStep1FieldOf,
  agentStep2FieldOf,
  agentStep2Input,
  agentStep2Problems,
  toAgentLogEntry,
  toAgentStatus,
  toAgentStep1Data,
} from './agent-api.mapper';

const STEP1_FILES = Object.keys(AGENT_STEP1_FILES);
const STEP2_FIELDS = Object.keys(agentStep2Form.shape);
const FORM_LIMIT = '16kb';

/**
 * The agent eKYC API (`@ekyc/partner-api` agent-ekyc-api.ts): customer registration steps 1 and 2,
 * verification status and log, each one graph operation. Authenticated with `Authorization: Token <key>`.
 */
/** Opt-in, designed here: `string` answers `nid_no` as a JSON string, which no client rounds. */
export const NID_FORMAT_HEADER = 'x-nid-format';

export function createAgentApiRouter(deps: { auth: RequestAuthenticator; graph: GraphExecutor; log: Logger }): Router {
  const { graph, log } = deps;
  const router = Router();
  const auth = authenticateCaller(deps.auth, 'agent');
  const route = (handle: (req: Request, caller: GraphCaller) => Promise<RestReply>) => restRoute('agent', log, handle);
  const step1Upload = multipartForm({ files: STEP1_FILES, maxFields: 8, fields: ['submission_id'] });
  const step2Upload = multipartForm({ files: [AGENT_STEP2_FILE], maxFields: STEP2_FIELDS.length + 4, fields: STEP2_FIELDS });

  async function step1(req: Request, caller: GraphCaller): Promise<RestReply> {
    const crop = fieldsOf(req.query)['crop'] === '1';
    const fields = fieldsOf(req.body);
    // Every problem of the form at once, as step 2 and the GraphQL API report them.
    const problems: RestFieldProblem[] = [];
    // Designed here: `submission_id`, from an incomplete try's answer, retries that submission (three tries in all).
    for (const unknown of Object.keys(fields).filter((k) => k !== 'submission_id')) {
      problems.push({
        code: 'UNKNOWN_FIELD',
        field: unknown,
        message: `"${unknown}" is not a field of step 1: send the files id_front and id_back (and submission_id to try again)`,
      });
    }
    const retryOf = fields['submission_id'];
    if (retryOf !== undefined && (typeof retryOf !== 'string' || !isUuid(retryOf)))
      problems.push({ code: 'INVALID_VALUE', field: 'submission_id', message: 'submission_id is the id an incomplete try answered with' });
    const front = uploadedFile(req, 'id_front');
    const back = uploadedFile(req, 'id_back');
    if (!front) problems.push({ code: 'REQUIRED', field: 'id_front', message: 'id_front is required: the front of the NID card, a JPEG or PNG file' });
    if (!back) problems.push({ code: 'REQUIRED', field: 'id_back', message: 'id_back is required: the back of the NID card, a JPEG or PNG file' });
    if (problems.length > 0 || !front || !back) return problemReply(problemOfList(problems));
    const input = {
      issuingCountry: 'BGD',
      idType: 'government_id',
      idImage: front.toString('base64'),
      idBackImage: back.toString('base64'),
      crop,
      ...(typeof retryOf === 'string' ? { submissionId: retryOf } : {}),
    };
    const result = await graph.execute<SubmitIdDocumentWithImagesResult>(caller, SUBMIT_ID_DOCUMENT_WITH_IMAGES, { input });
    if (!result.ok) return problemReply(problemOfGraphError(result.error, agentStep1FieldOf), result.error);
    const { submission, errors } = result.data.submitIdDocument;
    if (errors.length > 0 || !submission) return mutationProblemReply(errors, submissionErrorStatus, agentStep1FieldOf);
    if (submission.kycStatus !== 'pending') {
      const retry = submission.retry ?? { code: 'READ_FAILED', message: 'the card could not be read; take the photos again' };
      // An incomplete try names its submission, in the detail and as `submission_id`, for the next try to send back.
      const incomplete = submission.kycStatus === 'incomplete';
      const again = incomplete ? `; to try again, send the new photos with submission_id=${submission.id}` : '';
      return problemReply({ ...restProblem(422, retry.code, 'id_front', `${retry.message}${again}`), ...(incomplete ? { submissionId: submission.id } : {}) });
    }
    return jsonReply(200, { status: 'success', data: toAgentStep1Data(submission) });
  }

  async function step2(req: Request, caller: GraphCaller): Promise<RestReply> {
    const fields = fieldsOf(req.body);
    // Every problem of the form at once: what is missing, what is unknown, and what the sent fields say wrong.
    const form = agentStep2Form.safeParse(fields);
    const problems = form.success ? [] : schemaProblems(form.error, fields, [...STEP2_FIELDS, AGENT_STEP2_FILE]);
    const mapped = form.success ? agentStep2Input(form.data) : null;
    problems.push(...(mapped ? (mapped.ok ? [] : mapped.problems) : agentStep2Problems(textFields(fields, STEP2_FIELDS))));
    const photo = uploadedFile(req, AGENT_STEP2_FILE);
    if (!photo) problems.push({ code: 'REQUIRED', field: AGENT_STEP2_FILE, message: 'applicant_photo is required: the customer photo, a JPEG or PNG file' });
    if (problems.length > 0 || !mapped?.ok || !photo) return problemReply(problemOfList(problems));
    const input = { ...mapped.input, applicantPhoto: photo.toString('base64') };
    const result = await graph.execute<CompleteSubmissionResult>(caller, COMPLETE_SUBMISSION, { input });
    if (!result.ok) return problemReply(problemOfGraphError(result.error, agentStep2FieldOf), result.error);
    const { errors } = result.data.completeSubmission;
    if (errors.length > 0) return mutationProblemReply(errors, submissionErrorStatus, agentStep2FieldOf);
    return jsonReply(200, { status: 'success', detail: AGENT_SUBMITTED_DETAIL });
  }

  router.post(
    AGENT_API_PATHS.customerRegistration,
    auth,
    (req, res, next) => {
      const query = agentRegistrationQuery.safeParse(fieldsOf(req.query));
      if (!query.success) return next(new RestProblemError(problemOfSchema(query.error, fieldsOf(req.query), Object.keys(agentRegistrationQuery.shape))));
      (query.data.step === '1' ? step1Upload : step2Upload)(req, res, next);
    },
    route((req, caller) => (fieldsOf(req.query)['step'] === '1' ? step1(req, caller) : step2(req, caller))),
  );

  router.post(
    AGENT_API_PATHS.verificationStatus,
    auth,
    express.urlencoded({ extended: false, limit: FORM_LIMIT }),
    express.json({ limit: FORM_LIMIT }),
    multipartForm({ files: [], maxFields: 4, fields: Object.keys(agentVerificationStatusForm.shape) }),
    route(async (req, caller) => {
      const fields = fieldsOf(req.body);
      const form = agentVerificationStatusForm.safeParse(fields);
      if (!form.success) return problemReply(problemOfSchema(form.error, fields, Object.keys(agentVerificationStatusForm.shape)));
      const result = await graph.execute<VerificationStatusResult>(caller, VERIFICATION_STATUS, { mobileNumber: form.data.mobile_number });
      if (!result.ok)
        return problemReply(
          problemOfGraphError(result.error, () => 'mobile_number'),
          result.error,
        );
      const view = result.data.verificationStatus;
      if (!view) return problemReply(restProblem(404, 'APPLICATION_NOT_FOUND', 'mobile_number', 'no application was submitted with this mobile number'));
      // `nid_no` is a JSON number, as in the contract's sample; JavaScript clients round a 17-digit one, so
      // `X-Nid-Format: string` asks for it as a string instead.
      const status = toAgentStatus(view);
      const text = req.get(NID_FORMAT_HEADER)?.trim().toLowerCase() === 'string' ? JSON.stringify(status) : agentStatusJson(status);
      return bytesReply(Buffer.from(text), 'application/json; charset=utf-8');
    }),
  );

  router.get(
    AGENT_API_PATHS.verificationLog,
    auth,
    route(async (req, caller) => {
      const params = fieldsOf(req.query);
      const query = agentVerificationLogQuery.safeParse(params);
      if (!query.success) return problemReply(problemOfSchema(query.error, params, Object.keys(agentVerificationLogQuery.shape)));
      const { status, page, per_page } = query.data;
      const result = await graph.execute<VerificationLogResult>(caller, VERIFICATION_LOG, { status, page: page ?? 1, perPage: per_page ?? null });
      if (!result.ok)
        return problemReply(
          problemOfGraphError(result.error, (f) => (f === 'perPage' ? 'per_page' : f)),
          result.error,
        );
      const log = result.data.verificationLog;
      const headers = { 'x-total-count': String(log.totalCount), 'x-page': String(log.page ?? page ?? 1), 'x-per-page': String(log.perPage) };
      return jsonReply(
        200,
        log.edges.map((e) => toAgentLogEntry(e.node)),
        headers,
      );
    }),
  );

  router.use(restErrorHandler('agent', log, '/agent/'));
  return router;
}
