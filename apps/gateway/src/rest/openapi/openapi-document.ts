import { z } from 'zod';
import {
  AGENT_API_PATHS,
  AGENT_STEP1_FILES,
  AGENT_STEP2_FILE,
  agentErrorBody,
  agentRegistrationQuery,
  agentStep1Response,
  agentStep2Form,
  agentStep2Response,
  agentVerificationLogQuery,
  agentVerificationLogResponse,
  agentVerificationStatusForm,
  agentVerificationStatusResponse,
  createEkycRequestBody,
  EKYC_LIVENESS_PATHS,
  EKYC_REQUEST_PATHS,
  ekycRequestActionResponse,
  ekycRequestCreated,
  ekycRequestList,
  ekycRequestListQuery,
  ekycRequestView,
  livenessFramesBody,
  livenessSessionStarted,
  livenessVerdict,
  MAX_UPLOAD_BYTES,
  partnerErrorBody,
  startLivenessBody,
  TWO_STEP_PATHS,
  TWO_STEP_STEP1_FILES,
  TWO_STEP_STEP2_FILE,
  twoStepStep1Form,
  twoStepStep1Response,
  twoStepStep2Form,
  twoStepStep2Response,
  verifyEkycRequestOtpBody,
} from '@ekyc/partner-api';

type JsonSchema = Record<string, unknown>;
type Envelope = 'agent' | 'partner';

/** A zod schema as an OpenAPI 3.1 schema (JSON Schema 2020-12 without the `$schema` keyword). */
function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12' }) as JsonSchema;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const COMPONENTS = {
  AgentError: agentErrorBody,
  PartnerError: partnerErrorBody,
  AgentStep1Response: agentStep1Response,
  AgentStep2Response: agentStep2Response,
  AgentVerificationStatus: agentVerificationStatusResponse,
  AgentVerificationLog: agentVerificationLogResponse,
  EkycRequestCreated: ekycRequestCreated,
  EkycRequest: ekycRequestView,
  EkycRequestActionResponse: ekycRequestActionResponse,
  EkycRequestList: ekycRequestList,
  LivenessSessionStarted: livenessSessionStarted,
  LivenessVerdict: livenessVerdict,
  TwoStepStep1Response: twoStepStep1Response,
  TwoStepStep2Response: twoStepStep2Response,
} as const;

const binary = (description: string) => ({
  type: 'string',
  contentMediaType: 'application/octet-stream',
  description: `${description} JPEG or PNG, at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
});

/** A form schema with its file fields, as a multipart/form-data body. */
function multipartSchema(form: z.ZodObject, files: Record<string, string>, requiredFiles: readonly string[]): JsonSchema {
  const base = schemaOf(form, 'input');
  const properties = {
    ...(base['properties'] as JsonSchema),
    ...Object.fromEntries(Object.entries(files).map(([name, description]) => [name, binary(description)])),
  };
  return { ...base, properties, required: [...((base['required'] as string[] | undefined) ?? []), ...requiredFiles] };
}

function queryParameters(query: z.ZodObject): JsonSchema[] {
  const schema = schemaOf(query, 'input');
  const required = new Set((schema['required'] as string[] | undefined) ?? []);
  return Object.entries(schema['properties'] as Record<string, JsonSchema>).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: 'query', required: required.has(name), ...(description ? { description } : {}), schema: rest };
  });
}

const pathParameter = (name: string, description: string, schema: JsonSchema = { type: 'string' }) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema,
});

const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Validation: a missing, unknown or invalid field (REQUIRED, UNKNOWN_FIELD, INVALID_VALUE, UNEXPECTED_FILE, …) or a code of the graph.',
  401: 'No or an invalid API key (UNAUTHENTICATED, INVALID_TOKEN).',
  403: 'The key belongs to a role that may not do this (FORBIDDEN).',
  404: 'Not found (SUBMISSION_NOT_FOUND, NOT_FOUND, APPLICATION_NOT_FOUND, IMAGE_NOT_FOUND).',
  409: 'Conflicts with the current state (EKYC_CONTACT_TAKEN, ALREADY_SUBMITTED, SUBMISSION_EXPIRED, TOO_MANY_RETRIES, INVALID_STATE, SUBMISSION_INCOMPLETE, LIVENESS_REPLAY, …).',
  410: 'The OTP or the liveness session expired (OTP_EXPIRED, LIVENESS_EXPIRED).',
  413: 'A file over 2 MB (IMAGE_TOO_LARGE, naming the field) or a body too large (REQUEST_TOO_LARGE).',
  422: 'The card could not be read from the images (CARD_NOT_FOUND, FIELDS_UNREADABLE, READ_FAILED): take the photos again.',
  423: 'Locked after too many wrong OTPs (OTP_ATTEMPTS_EXCEEDED).',
  429: 'OTP resend limits (OTP_RESEND_TOO_SOON, OTP_RESEND_LIMIT).',
  500: 'The platform could not complete the request (INTERNAL_ERROR).',
  503: 'The frames could not be analysed now (LIVENESS_UNAVAILABLE): start a new session.',
};

function errors(envelope: Envelope, statuses: number[]): Record<string, JsonSchema> {
  const schema = ref(envelope === 'agent' ? 'AgentError' : 'PartnerError');
  return Object.fromEntries(
    [...statuses, 401, 500]
      .sort((a, b) => a - b)
      .map((status) => [String(status), { description: ERROR_DESCRIPTIONS[status], content: { 'application/json': { schema } } }]),
  );
}

const ok = (description: string, schema: JsonSchema, status = '200') => ({ [status]: { description, content: { 'application/json': { schema } } } });
const jsonBody = (schema: JsonSchema) => ({ required: true, content: { 'application/json': { schema } } });
const multipartBody = (schema: JsonSchema) => ({ required: true, content: { 'multipart/form-data': { schema } } });

const AGENT_SECURITY = [{ Token: [] }];
const PARTNER_SECURITY = [{ 'x-api-key': [] }, { Token: [] }];

/** Express's `/a/:id` as OpenAPI's `/a/{id}`. */
export const openApiPath = (expressPath: string): string => expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const ekycId = pathParameter('id', 'The eKYC request id (the `id` of the 201).', { type: 'string', format: 'uuid' });

/** The OpenAPI 3.1 document of every REST compatibility route, built from the contracts' zod schemas. */
export function buildOpenApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {
    '/openapi.json': {
      get: {
        operationId: 'openApiDocument',
        summary: 'This document.',
        tags: ['meta'],
        security: [],
        responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
    [AGENT_API_PATHS.customerRegistration]: {
      post: {
        operationId: 'agentCustomerRegistration',
        tags: ['agent'],
        summary: 'Customer registration: step=1 uploads the NID (read by OCR), step=2 the photo and the confirmed details.',
        description:
          'Step 1 (`submitIdDocument`, Bangladesh NID): files id_front and id_back; crop=1 finds and deskews the card. An incomplete try is a 422 whose detail names the submission: send submission_id with new photos to try again. Its id_front_name / id_back_name carry the submission (`<submissionId>-front.jpg`); send them back at step 2. Step 2 (`completeSubmission`): every field is mandatory; pres_address and perm_address end in "upazila, district, division".',
        security: AGENT_SECURITY,
        parameters: queryParameters(agentRegistrationQuery),
        requestBody: multipartBody({
          oneOf: [
            {
              title: 'step=1',
              ...multipartSchema(
                z
                  .object({
                    submission_id: z
                      .uuid()
                      .optional()
                      .meta({ description: 'Designed here: the id an incomplete try answered with (422), to try that submission again; three tries in all.' }),
                  })
                  .strict(),
                { id_front: 'Front of the NID card.', id_back: 'Back of the NID card.' },
                Object.keys(AGENT_STEP1_FILES),
              ),
            },
            { title: 'step=2', ...multipartSchema(agentStep2Form, { [AGENT_STEP2_FILE]: 'The customer photo.' }, [AGENT_STEP2_FILE]) },
          ],
        }),
        responses: {
          ...ok('step=1: the fields read; step=2: submitted.', { oneOf: [ref('AgentStep1Response'), ref('AgentStep2Response')] }),
          ...errors('agent', [400, 404, 409, 413, 422]),
        },
      },
    },
    [AGENT_API_PATHS.verificationStatus]: {
      post: {
        operationId: 'agentVerificationStatus',
        tags: ['agent'],
        summary: 'The latest verification of a mobile number (`verificationStatus`): passed, failed, pending or invalid.',
        security: AGENT_SECURITY,
        parameters: [
          {
            name: 'X-Nid-Format',
            in: 'header',
            required: false,
            schema: { type: 'string', enum: ['number', 'string'] },
            description:
              "Designed here: `detail.nid_no` is a JSON number, as in the contract's sample, which JavaScript clients round at 17 digits; `string` sends it as a string.",
          },
        ],
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': { schema: schemaOf(agentVerificationStatusForm, 'input') },
            'application/x-www-form-urlencoded': { schema: schemaOf(agentVerificationStatusForm, 'input') },
          },
        },
        responses: { ...ok('Values and scores for passed and failed applications only.', ref('AgentVerificationStatus')), ...errors('agent', [400, 404]) },
      },
    },
    [AGENT_API_PATHS.verificationLog]: {
      get: {
        operationId: 'agentVerificationLog',
        tags: ['agent'],
        summary: 'The verification log, newest first (`verificationLog`); X-Total-Count, X-Page and X-Per-Page headers tell the paging.',
        security: AGENT_SECURITY,
        parameters: queryParameters(agentVerificationLogQuery),
        responses: { ...ok('One page of the log.', ref('AgentVerificationLog')), ...errors('agent', [400]) },
      },
    },
    [EKYC_REQUEST_PATHS.collection]: {
      post: {
        operationId: 'createEkycRequest',
        tags: ['ekyc-request'],
        summary: 'Creates an eKYC request and emails the user an OTP (`createEkycRequest`).',
        security: PARTNER_SECURITY,
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: 'Retrying with the same key returns the request created first, without another OTP.',
            schema: { type: 'string' },
          },
        ],
        requestBody: jsonBody(schemaOf(createEkycRequestBody, 'input')),
        responses: {
          ...ok('Request submitted.', ref('EkycRequestCreated'), '201'),
          ...errors('partner', [400, 409]),
        },
      },
      get: {
        operationId: 'listEkycRequests',
        tags: ['ekyc-request'],
        summary: 'Retrieves eKYC requests, newest first (`ekycRequests`).',
        security: PARTNER_SECURITY,
        parameters: queryParameters(ekycRequestListQuery),
        responses: { ...ok('One page; nextCursor is null on the last.', ref('EkycRequestList')), ...errors('partner', [400]) },
      },
    },
    [openApiPath(EKYC_REQUEST_PATHS.item)]: {
      get: {
        operationId: 'getEkycRequest',
        tags: ['ekyc-request'],
        summary: 'Retrieves one eKYC request (`ekycRequest`).',
        security: PARTNER_SECURITY,
        parameters: [ekycId],
        responses: { ...ok('The request.', ref('EkycRequest')), ...errors('partner', [400, 404]) },
      },
      delete: {
        operationId: 'deleteEkycRequest',
        tags: ['ekyc-request'],
        summary: "Deletes a request's email and phone number (`deleteEkycRequest`, partner admins).",
        security: PARTNER_SECURITY,
        parameters: [ekycId],
        responses: { ...ok('Request deleted.', ref('EkycRequestActionResponse')), ...errors('partner', [400, 403, 404, 409]) },
      },
    },
    [openApiPath(EKYC_REQUEST_PATHS.verifyOtp)]: {
      post: {
        operationId: 'verifyEkycRequestOtp',
        tags: ['ekyc-request'],
        summary: 'Checks the OTP and the last four characters of the document number (`verifyEkycRequestOtp`).',
        security: PARTNER_SECURITY,
        parameters: [ekycId],
        requestBody: jsonBody(schemaOf(verifyEkycRequestOtpBody, 'input')),
        responses: { ...ok('OTP verified.', ref('EkycRequestActionResponse')), ...errors('partner', [400, 404, 409, 410, 423]) },
      },
    },
    [openApiPath(EKYC_REQUEST_PATHS.resendOtp)]: {
      post: {
        operationId: 'resendEkycRequestOtp',
        tags: ['ekyc-request'],
        summary: 'Emails a new OTP (`resendEkycRequestOtp`).',
        security: PARTNER_SECURITY,
        parameters: [ekycId],
        responses: { ...ok('OTP sent.', ref('EkycRequestActionResponse')), ...errors('partner', [400, 404, 409, 429]) },
      },
    },
    [openApiPath(EKYC_REQUEST_PATHS.accept)]: {
      post: {
        operationId: 'acceptEkycRequest',
        tags: ['ekyc-request'],
        summary: 'Accepts a verified eKYC request (`acceptEkycRequest`, partner admins).',
        security: PARTNER_SECURITY,
        parameters: [ekycId],
        responses: { ...ok('Request accepted.', ref('EkycRequestActionResponse')), ...errors('partner', [400, 403, 404, 409]) },
      },
    },
    [openApiPath(EKYC_REQUEST_PATHS.clear)]: {
      post: {
        operationId: 'clearEkycRequest',
        tags: ['ekyc-request'],
        summary: 'Closes an open request so its email and phone can be used again (`clearEkycRequest`, partner admins).',
        security: PARTNER_SECURITY,
        parameters: [ekycId],
        responses: { ...ok('Request cleared.', ref('EkycRequestActionResponse')), ...errors('partner', [400, 403, 404, 409]) },
      },
    },
    [EKYC_LIVENESS_PATHS.sessions]: {
      post: {
        operationId: 'startLivenessSession',
        tags: ['liveness'],
        summary: "Starts an active liveness check for a completed document's application (`startLivenessSession`): random challenges and a nonce.",
        security: PARTNER_SECURITY,
        requestBody: jsonBody(schemaOf(startLivenessBody, 'input')),
        responses: { ...ok('The session to perform.', ref('LivenessSessionStarted'), '201'), ...errors('partner', [400, 403, 409]) },
      },
    },
    [openApiPath(EKYC_LIVENESS_PATHS.frames)]: {
      post: {
        operationId: 'submitLivenessFrames',
        tags: ['liveness'],
        summary: 'Answers a liveness session with the frames recorded while the applicant performed its challenges (`submitLivenessFrames`); judged once.',
        security: PARTNER_SECURITY,
        parameters: [pathParameter('sessionId', 'The sessionId of the 201.', { type: 'string', format: 'uuid' })],
        requestBody: jsonBody(schemaOf(livenessFramesBody, 'input')),
        responses: { ...ok('passed, or failed with its reason.', ref('LivenessVerdict')), ...errors('partner', [400, 404, 409, 410, 413, 503]) },
      },
    },
    [TWO_STEP_PATHS.step1]: {
      post: {
        operationId: 'submissionStep1',
        tags: ['two-step-submission'],
        summary: 'Step 1: reads the ID (`submitIdDocument`); retry with submissionId, three tries in all.',
        description:
          "Read: government_id (BGD: the NID card; other countries: the ID card's TD1/TD2 zone), passport (TD3), residence_permit (TD1/TD2), visa (MRV-A/B), drivers_license from USA or CAN (the back's AAMVA PDF417, else the front's labelled fields) and from elsewhere (ISO 18013 fields), aadhaar from IND (Secure QR, Verhoeff-checked number), pancard from IND, vehicle_registration_certificate and universal by their printed labels (universal: its zone when it has one). Values without a check of their own go to review (missing_fields). ocr_identityNumber is masked: the first digit, then stars.",
        security: PARTNER_SECURITY,
        requestBody: multipartBody(
          multipartSchema(twoStepStep1Form, { idImage: 'Front of the ID (or the passport data page).', idBackImage: 'Back of the ID card.' }, [
            TWO_STEP_STEP1_FILES[0],
          ]),
        ),
        responses: {
          ...ok('The read: document_fields, missing_fields, reviewOCRData, submissionId, image URLs, kycStatus.', ref('TwoStepStep1Response')),
          ...errors('partner', [400, 404, 409, 413]),
        },
      },
    },
    [TWO_STEP_PATHS.step2]: {
      post: {
        operationId: 'submissionStep2',
        tags: ['two-step-submission'],
        summary: 'Step 2: the confirmed applicant, customer details and photo (`completeSubmission`); applicant fields left out take what step 1 read.',
        security: PARTNER_SECURITY,
        requestBody: multipartBody(multipartSchema(twoStepStep2Form, { [TWO_STEP_STEP2_FILE]: 'The live photo (selfie).' }, [TWO_STEP_STEP2_FILE])),
        responses: { ...ok('The application is verified from here.', ref('TwoStepStep2Response')), ...errors('partner', [400, 404, 409, 413]) },
      },
    },
    [openApiPath(TWO_STEP_PATHS.image)]: {
      get: {
        operationId: 'submissionImage',
        tags: ['two-step-submission'],
        summary: "One side of a submission's ID image, as step 1's idImage / idBackImage URLs point to (`submission { idImage idBackImage }`).",
        security: PARTNER_SECURITY,
        parameters: [
          pathParameter('submissionId', "Step 1's submissionId.", { type: 'string', format: 'uuid' }),
          pathParameter('side', 'front or back.', { type: 'string', enum: ['front', 'back'] }),
        ],
        responses: {
          '200': {
            description: 'The image (cropped when the card was found).',
            content: {
              'image/jpeg': { schema: { type: 'string', contentMediaType: 'image/jpeg' } },
              'image/png': { schema: { type: 'string', contentMediaType: 'image/png' } },
            },
          },
          ...errors('partner', [400, 404]),
        },
      },
    },
  };

  return {
    openapi: '3.1.0',
    info: {
      title: 'eKYC platform: partner REST compatibility API',
      version: '1.0.0',
      description:
        "The agent eKYC, eKYC request and two-step KYC submission contracts, served by the gateway over the same graph as POST /graphql. Switch by changing the base URL and the key. Errors carry a stable code and field: the agent API's as { status: 'error', code, field, detail }, the others' as { error, code, field }.",
    },
    tags: [
      { name: 'agent', description: 'Agent eKYC API (Authorization: Token <key>).' },
      { name: 'ekyc-request', description: 'eKYC request API (x-api-key).' },
      { name: 'two-step-submission', description: 'Two-step KYC submission API (x-api-key).' },
      { name: 'liveness', description: 'Active liveness for a submitted document, as the eKYC request contract lists it (x-api-key).' },
      { name: 'meta' },
    ],
    paths,
    components: {
      securitySchemes: {
        Token: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'Authorization: Token <api key> (a Bearer JWT from POST /auth/token works too).',
        },
        'x-api-key': {
          type: 'apiKey',
          in: 'header',
          name: 'x-api-key',
          description: 'The same API key, in the header the eKYC request and two-step contracts use.',
        },
      },
      schemas: Object.fromEntries(Object.entries(COMPONENTS).map(([name, schema]) => [name, schemaOf(schema)])),
    },
  };
}
