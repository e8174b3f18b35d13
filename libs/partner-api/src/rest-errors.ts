import { z } from 'zod';

/** One problem of a request, when it has several. */
export const restFieldProblem = z.object({ code: z.string(), field: z.string().nullable(), message: z.string() });
export type RestFieldProblem = z.infer<typeof restFieldProblem>;

const everyProblem = restFieldProblem.array().optional().meta({
  description: 'When the request has more than one problem (fields missing or invalid), all of them, the first being the one `code` and `field` name.',
});

/**
 * Every REST compatibility route answers an error with the HTTP status and a body carrying a stable
 * `code` and the request `field` it concerns (null when none), in the envelope of its contract:
 * - agent API: `{ status: "error", code, field, detail }`, beside its `{ status: "success", … }` bodies;
 * - eKYC request and two-step submission APIs: `{ error, code, field }`, as the eKYC request contract
 *   words its errors (`{ "error": "invalid api key" }`).
 * A request with several problems also carries `errors`, every one of them, as the GraphQL API reports them.
 */
export const agentErrorBody = z
  .object({
    status: z.literal('error'),
    code: z.string().meta({ description: 'Stable machine-readable code, e.g. REQUIRED, IMAGE_TOO_LARGE, INVALID_TOKEN.' }),
    field: z.string().nullable().meta({ description: 'The query parameter, form field or header the error is about.' }),
    detail: z.string(),
    errors: everyProblem,
    submission_id: z
      .string()
      .optional()
      .meta({ description: 'Step 1 whose card could not be read (422): the submission to retry, sent back as the form field submission_id with new photos.' }),
  })
  .meta({ description: 'An agent API error.' });
export type AgentErrorBody = z.infer<typeof agentErrorBody>;

export const partnerErrorBody = z
  .object({
    error: z.string(),
    code: z.string().meta({ description: 'Stable machine-readable code, e.g. EKYC_CONTACT_TAKEN, UNSUPPORTED_ID_TYPE, INVALID_TOKEN.' }),
    field: z.string().nullable().meta({ description: 'The body or form field, parameter or header the error is about.' }),
    errors: everyProblem,
  })
  .meta({ description: 'An eKYC request or two-step submission API error.' });
export type PartnerErrorBody = z.infer<typeof partnerErrorBody>;

/** One error of a REST route before it is put in its contract's envelope. */
export interface RestProblem {
  status: number;
  code: string;
  field: string | null;
  message: string;
  /** Every problem of the request, the first being this one; set when there are several. */
  problems?: RestFieldProblem[];
  /** The submission a failed try belongs to, which the client retries. */
  submissionId?: string;
}

const others = (p: RestProblem) => (p.problems && p.problems.length > 1 ? { errors: p.problems } : {});
export const toAgentErrorBody = (p: RestProblem): AgentErrorBody => ({
  status: 'error',
  code: p.code,
  field: p.field,
  detail: p.message,
  ...others(p),
  ...(p.submissionId ? { submission_id: p.submissionId } : {}),
});
export const toPartnerErrorBody = (p: RestProblem): PartnerErrorBody => ({ error: p.message, code: p.code, field: p.field, ...others(p) });

/** The eKYC request contract's 401 message, used by the two-step API too (both authenticate with `x-api-key`). */
export const INVALID_API_KEY_MESSAGE = 'invalid api key';

/** Largest image a multipart upload may carry (the two-step contract's limit), per file. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

/**
 * HTTP status of the codes the submission operations (step 1 and 2, shared by the agent and two-step
 * APIs) return; any other code of theirs is a 400. State conflicts with the submission are 409.
 */
export const SUBMISSION_ERROR_STATUS: Readonly<Record<string, number>> = {
  IMAGE_TOO_LARGE: 413,
  SUBMISSION_NOT_FOUND: 404,
  SUBMISSION_EXPIRED: 409,
  SUBMISSION_REJECTED: 409,
  SUBMISSION_INCOMPLETE: 409,
  TOO_MANY_RETRIES: 409,
  ALREADY_SUBMITTED: 409,
};

export const submissionErrorStatus = (code: string): number => SUBMISSION_ERROR_STATUS[code] ?? 400;
