import { type Request, type RequestHandler, Router } from 'express';
import type { Logger } from '@ekyc/logger';
import { submissionErrorStatus, TWO_STEP_PATHS, TWO_STEP_STEP1_FILES, TWO_STEP_STEP2_FILE, twoStepStep1Form, twoStepStep2Form } from '@ekyc/partner-api';
import { isUuid } from '@ekyc/subgraph-kit';
import type { RequestAuthenticator } from '../../iam/request-auth';
import type { GraphCaller, GraphExecutor } from '../graph-executor';
import { multipartForm, uploadedFile } from '../multipart';
import {
  COMPLETE_SUBMISSION,
  SUBMISSION_BACK_IMAGE,
  SUBMISSION_FRONT_IMAGE,
  SUBMISSION_READ,
  SUBMIT_ID_DOCUMENT,
  type CompleteSubmissionResult,
  type SubmissionImageResult,
  type SubmissionReadResult,
  type SubmitIdDocumentResult,
} from '../operations';
import {
  authenticateCaller,
  bytesReply,
  fieldsOf,
  jsonReply,
  mutationProblemReply,
  problemOfGraphError,
  problemOfList,
  problemReply,
  schemaProblems,
  textFields,
  restErrorHandler,
  restProblem,
  restRoute,
  sendProblem,
  type RestReply,
} from '../rest-route';
import { toTwoStepStep1Response, twoStepStep1FieldOf, twoStepStep2FieldOf, twoStepStep2Input, twoStepStep2Problems } from './two-step-api.mapper';

const STEP1_FIELDS = Object.keys(twoStepStep1Form.shape);
const STEP2_FIELDS = Object.keys(twoStepStep2Form.shape);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

/** Form fields sent empty count as not sent, as the contract's optional fields are in form-data clients. */
const sentFields = (body: unknown): Record<string, unknown> => Object.fromEntries(Object.entries(fieldsOf(body)).filter(([, v]) => v !== ''));

/**
 * The two-step KYC submission API (`@ekyc/partner-api` kyc-submission-two-step-api.ts): step 1 reads
 * the ID, step 2 completes the submission, and the images step 1 returns as URLs. `x-api-key`.
 */
export function createTwoStepApiRouter(deps: { auth: RequestAuthenticator; graph: GraphExecutor; log: Logger; publicBaseUrl?: string | null }): Router {
  const { graph, log } = deps;
  const router = Router();
  const auth = authenticateCaller(deps.auth, 'partner');
  const route = (handle: (req: Request, caller: GraphCaller) => Promise<RestReply>) => restRoute('partner', log, handle);

  // Both steps carry files: a JSON or url-encoded body would otherwise read as a form with every field missing.
  const multipartOnly: RequestHandler = (req, res, next) => {
    if (req.is('multipart/form-data')) return next();
    res.set('accept', 'multipart/form-data');
    sendProblem(
      res,
      'partner',
      restProblem(415, 'UNSUPPORTED_MEDIA_TYPE', null, 'send multipart/form-data: the images are files, the other fields form fields'),
    );
  };

  router.post(
    TWO_STEP_PATHS.step1,
    auth,
    multipartOnly,
    multipartForm({ files: TWO_STEP_STEP1_FILES, maxFields: STEP1_FIELDS.length + 4, fields: STEP1_FIELDS }),
    route(async (req, caller) => {
      const fields = sentFields(req.body);
      // Every problem of the form at once: the fields and the front image the contract requires.
      const form = twoStepStep1Form.safeParse(fields);
      const problems = form.success ? [] : schemaProblems(form.error, fields, [...STEP1_FIELDS, ...TWO_STEP_STEP1_FILES]);
      const front = uploadedFile(req, 'idImage');
      if (!front) problems.push({ code: 'REQUIRED', field: 'idImage', message: 'idImage is required: the front of the ID, a JPEG or PNG file' });
      if (problems.length > 0 || !form.success || !front) return problemReply(problemOfList(problems));
      const back = uploadedFile(req, 'idBackImage');
      const input = { ...form.data, idImage: front.toString('base64'), idBackImage: back?.toString('base64') ?? null, crop: true };
      const result = await graph.execute<SubmitIdDocumentResult>(caller, SUBMIT_ID_DOCUMENT, { input });
      if (!result.ok) return problemReply(problemOfGraphError(result.error, twoStepStep1FieldOf), result.error);
      const { submission, errors } = result.data.submitIdDocument;
      if (errors.length > 0 || !submission) return mutationProblemReply(errors, submissionErrorStatus, twoStepStep1FieldOf);
      const origin = deps.publicBaseUrl?.replace(/\/+$/, '') ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
      return jsonReply(
        200,
        toTwoStepStep1Response(submission, (side) => `${origin}/v3/submission/${submission.id}/images/${side}`),
      );
    }),
  );

  router.post(
    TWO_STEP_PATHS.step2,
    auth,
    multipartOnly,
    multipartForm({ files: [TWO_STEP_STEP2_FILE], maxFields: STEP2_FIELDS.length + 4, fields: STEP2_FIELDS }),
    route(async (req, caller) => {
      const fields = sentFields(req.body);
      // A rejected submission is said first: asking for every field of a step that can never succeed helps no one.
      const sentId = fields['submissionId'];
      const early = typeof sentId === 'string' && isUuid(sentId) ? await graph.execute<SubmissionReadResult>(caller, SUBMISSION_READ, { id: sentId }) : null;
      if (early?.ok && early.data.submission?.kycStatus === 'rejected') {
        return problemReply(
          restProblem(
            submissionErrorStatus('SUBMISSION_REJECTED'),
            'SUBMISSION_REJECTED',
            'submissionId',
            'the submission was rejected after its last try; start a new one',
          ),
        );
      }
      // Every problem of the form at once: missing and unknown fields, the photo, and what the sent fields say
      // wrong; what step 1 read (the applicant's defaults) is checked once the submission is known.
      const form = twoStepStep2Form.safeParse(fields);
      const problems = form.success ? [] : schemaProblems(form.error, fields, [...STEP2_FIELDS, TWO_STEP_STEP2_FILE]);
      const known = early?.ok ? (early.data.submission?.reviewOcrData ?? null) : null;
      problems.push(...twoStepStep2Problems(form.success ? form.data : textFields(fields, STEP2_FIELDS), known));
      const photo = uploadedFile(req, TWO_STEP_STEP2_FILE);
      if (!photo) problems.push({ code: 'REQUIRED', field: TWO_STEP_STEP2_FILE, message: 'applicantPhoto is required: the live photo, a JPEG or PNG file' });
      if (problems.length > 0 || !form.success || !photo) return problemReply(problemOfList(problems));
      const read =
        early && sentId === form.data.submissionId ? early : await graph.execute<SubmissionReadResult>(caller, SUBMISSION_READ, { id: form.data.submissionId });
      if (!read.ok)
        return problemReply(
          problemOfGraphError(read.error, () => 'submissionId'),
          read.error,
        );
      if (!read.data.submission) return problemReply(restProblem(404, 'SUBMISSION_NOT_FOUND', 'submissionId', 'no submission with this id for your API key'));
      const mapped = twoStepStep2Input(form.data, read.data.submission.reviewOcrData);
      if (!mapped.ok) return problemReply(problemOfList(mapped.problems));
      const input = { ...mapped.input, applicantPhoto: photo.toString('base64') };
      const result = await graph.execute<CompleteSubmissionResult>(caller, COMPLETE_SUBMISSION, { input });
      if (!result.ok) return problemReply(problemOfGraphError(result.error, twoStepStep2FieldOf), result.error);
      const { submission, application, errors } = result.data.completeSubmission;
      if (errors.length > 0 || !submission || !application) return mutationProblemReply(errors, submissionErrorStatus, twoStepStep2FieldOf);
      const status = application.status === 'draft' ? 'pending' : application.status;
      return jsonReply(200, { submissionId: submission.id, kycStatus: submission.kycStatus, applicationId: application.id, status });
    }),
  );

  router.get(
    TWO_STEP_PATHS.image,
    auth,
    route(async (req, caller) => {
      const side = req.params['side'];
      if (side !== 'front' && side !== 'back') return problemReply(restProblem(404, 'NOT_FOUND', 'side', 'images are /front or /back'));
      const id = req.params['submissionId'];
      const result = await graph.execute<SubmissionImageResult>(caller, side === 'front' ? SUBMISSION_FRONT_IMAGE : SUBMISSION_BACK_IMAGE, { id });
      if (!result.ok)
        return problemReply(
          problemOfGraphError(result.error, () => 'submissionId'),
          result.error,
        );
      const submission = result.data.submission;
      if (!submission) return problemReply(restProblem(404, 'SUBMISSION_NOT_FOUND', 'submissionId', 'no submission with this id for your API key'));
      const base64 = side === 'front' ? submission.idImage : submission.idBackImage;
      if (!base64) return problemReply(restProblem(404, 'IMAGE_NOT_FOUND', 'side', `the submission has no ${side} image`));
      const bytes = Buffer.from(base64, 'base64');
      return bytesReply(bytes, bytes.subarray(0, 4).equals(PNG) ? 'image/png' : 'image/jpeg');
    }),
  );

  router.use(restErrorHandler('partner', log, '/v3/submission/'));
  return router;
}
