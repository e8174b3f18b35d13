import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createLogger } from '@ekyc/logger';
import type { AuthResult } from '../iam/iam.service';
import type { GraphCaller, GraphExecutor, GraphResult } from './graph-executor';
import { unlimitedAuthenticator } from '../iam/request-auth';
import { createRestRouter } from './rest.router';

const ID = '0b6c8f5e-8f3a-4c1e-9d2b-5a7e6f1c2d3b';
const KEY = 'ekyc_good';
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);

type Responder = (variables: Record<string, unknown>) => GraphResult<unknown>;

/** A graph that answers each operation by name, and remembers what it was asked. */
class FakeGraph implements GraphExecutor {
  readonly calls: Array<{ operation: string; variables: Record<string, unknown>; caller: GraphCaller }> = [];
  readonly responders = new Map<string, Responder>();

  async execute<T>(caller: GraphCaller, query: string, variables: Record<string, unknown> = {}): Promise<GraphResult<T>> {
    const operation = /^(?:mutation|query) (\w+)/.exec(query)?.[1] ?? 'anonymous';
    this.calls.push({ operation, variables, caller });
    const respond = this.responders.get(operation);
    if (!respond) throw new Error(`no fake answer for ${operation}`);
    return respond(variables) as GraphResult<T>;
  }
}

const iam = {
  async authenticate(authorization: string | undefined): Promise<AuthResult> {
    if (!authorization) return { ok: false, code: 'UNAUTHENTICATED', message: 'send an Authorization header' };
    if (authorization !== `Token ${KEY}`) return { ok: false, code: 'INVALID_TOKEN', message: 'API token is unknown or revoked' };
    return { ok: true, principal: { tenantId: 't1', userId: 'u1', roles: ['agent'], authKind: 'api_token', credentialId: 'k1' } };
  },
};

let graph: FakeGraph;
let server: http.Server;
let base: string;

beforeAll(async () => {
  graph = new FakeGraph();
  const app = express();
  app.use(createRestRouter({ auth: unlimitedAuthenticator(iam), graph, log: createLogger({ service: 'test', level: 'silent' }) }));
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  graph.calls.length = 0;
  graph.responders.clear();
});

const agentAuth = { authorization: `Token ${KEY}` };
const apiKey = { 'x-api-key': KEY };

function form(fields: Record<string, string>, files: Record<string, Buffer> = {}): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  for (const [name, bytes] of Object.entries(files)) body.append(name, new Blob([bytes], { type: 'image/jpeg' }), `${name}.jpg`);
  return body;
}

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown; text: string; headers: Headers }> {
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, body, text, headers: res.headers };
}

const step1Submission = {
  id: ID,
  kycStatus: 'pending',
  retryCount: 1,
  retry: null,
  reviewOcrData: [
    { name: 'nidNumber', value: '5090424675', accepted: true },
    { name: 'dateOfBirth', value: '1978-03-23', accepted: true },
  ],
  documentFields: [{ name: 'nidNumber', present: true }],
  missingFields: [],
  fileUpload: true,
  fileBackUpload: true,
  idImage: 'FRONT',
  idBackImage: 'BACK',
};

describe('authentication', () => {
  it("answers the agent API's missing or wrong token in its envelope", async () => {
    const missing = await call('/agent/get-verification-log/?status=all');
    expect(missing).toMatchObject({ status: 401, body: { status: 'error', code: 'UNAUTHENTICATED', field: 'Authorization' } });
    const wrong = await call('/agent/get-verification-log/?status=all', { headers: { authorization: 'Token ekyc_bad' } });
    expect(wrong).toMatchObject({
      status: 401,
      body: { status: 'error', code: 'INVALID_TOKEN', field: 'Authorization', detail: 'API token is unknown or revoked' },
    });
    expect(graph.calls).toEqual([]);
  });

  it("answers the other APIs' bad x-api-key as the eKYC request contract does", async () => {
    const res = await call('/api/kyc-request', { method: 'POST', headers: { 'x-api-key': 'ekyc_bad', 'content-type': 'application/json' }, body: '{}' });
    expect(res).toEqual(expect.objectContaining({ status: 401, body: { error: 'invalid api key', code: 'INVALID_TOKEN', field: 'x-api-key' } }));
    const step1 = await call('/v3/submission/step1', { method: 'POST', body: form({}) });
    expect(step1).toMatchObject({ status: 401, body: { error: 'invalid api key', code: 'UNAUTHENTICATED', field: 'x-api-key' } });
  });

  it("answers unknown paths under a contract prefix as JSON in that contract's shape", async () => {
    expect(await call('/agent/no-such-route/')).toMatchObject({ status: 404, body: { status: 'error', code: 'NOT_FOUND' } });
    expect(await call('/api/kyc-request/x/y/z', { method: 'PUT' })).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND', error: expect.stringContaining('PUT') },
    });
    expect(await call('/v3/submission/step9', { method: 'POST' })).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  it('runs the graph as the caller the key authenticated, with its request id', async () => {
    graph.responders.set('RestVerificationLog', () => ({ ok: true, data: { verificationLog: { totalCount: 0, page: 1, perPage: 20, edges: [] } } }));
    await call('/agent/get-verification-log/?status=all', { headers: { ...agentAuth, 'x-request-id': 'req-1' } });
    expect(graph.calls[0]?.caller).toEqual({ principal: expect.objectContaining({ tenantId: 't1', userId: 'u1' }), requestId: 'req-1' });
  });
});

describe('agent customer registration', () => {
  it('step 1 reads both sides of a Bangladesh NID through submitIdDocument', async () => {
    graph.responders.set('RestSubmitIdDocumentWithImages', () => ({ ok: true, data: { submitIdDocument: { submission: step1Submission, errors: [] } } }));
    const res = await call('/agent/customer-registration/?step=1&crop=1', {
      method: 'POST',
      headers: agentAuth,
      body: form({}, { id_front: JPEG, id_back: JPEG }),
    });
    expect(res).toMatchObject({
      status: 200,
      body: {
        status: 'success',
        data: {
          nid_no: '5090424675',
          dob: '1978/3/23',
          id_front_image: 'FRONT',
          id_back_image: 'BACK',
          id_front_name: `${ID}-front.jpg`,
          id_back_name: `${ID}-back.jpg`,
        },
      },
    });
    expect(graph.calls[0]?.variables).toEqual({
      input: { issuingCountry: 'BGD', idType: 'government_id', idImage: JPEG.toString('base64'), idBackImage: JPEG.toString('base64'), crop: true },
    });
  });

  it('step 1 answers an unreadable card with 422 and the reader code, a graph error with its status', async () => {
    graph.responders.set('RestSubmitIdDocumentWithImages', () => ({
      ok: true,
      data: {
        submitIdDocument: {
          submission: { ...step1Submission, kycStatus: 'incomplete', retry: { code: 'CARD_NOT_FOUND', message: 'no card found' } },
          errors: [],
        },
      },
    }));
    const unread = await call('/agent/customer-registration/?step=1', {
      method: 'POST',
      headers: agentAuth,
      body: form({}, { id_front: JPEG, id_back: JPEG }),
    });
    expect(unread).toMatchObject({
      status: 422,
      body: {
        status: 'error',
        code: 'CARD_NOT_FOUND',
        field: 'id_front',
        detail: `no card found; to try again, send the new photos with submission_id=${step1Submission.id}`,
        submission_id: step1Submission.id,
      },
    });
    // The next try names the submission, so it counts as that submission's retry.
    const again = await call('/agent/customer-registration/?step=1', {
      method: 'POST',
      headers: agentAuth,
      body: form({ submission_id: step1Submission.id }, { id_front: JPEG, id_back: JPEG }),
    });
    expect(again.status).toBe(422);
    expect(graph.calls.at(-1)?.variables).toMatchObject({ input: { submissionId: step1Submission.id } });
    const badId = await call('/agent/customer-registration/?step=1', {
      method: 'POST',
      headers: agentAuth,
      body: form({ submission_id: 'last-one' }, { id_front: JPEG, id_back: JPEG }),
    });
    expect(badId).toMatchObject({ status: 400, body: { code: 'INVALID_VALUE', field: 'submission_id' } });
    graph.responders.set('RestSubmitIdDocumentWithImages', () => ({
      ok: true,
      data: { submitIdDocument: { submission: null, errors: [{ code: 'UNSUPPORTED_IMAGE_TYPE', field: 'input.idBackImage', message: 'not a JPEG or PNG' }] } },
    }));
    const fake = await call('/agent/customer-registration/?step=1', { method: 'POST', headers: agentAuth, body: form({}, { id_front: JPEG, id_back: JPEG }) });
    expect(fake).toMatchObject({ status: 400, body: { code: 'UNSUPPORTED_IMAGE_TYPE', field: 'id_back' } });
  });

  it('refuses a file over 2 MB with 413 naming the field, and unknown or repeated file fields with 400', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024 + 1, 0xff);
    const tooLarge = await call('/agent/customer-registration/?step=1', {
      method: 'POST',
      headers: agentAuth,
      body: form({}, { id_front: JPEG, id_back: big }),
    });
    expect(tooLarge).toMatchObject({ status: 413, body: { status: 'error', code: 'IMAGE_TOO_LARGE', field: 'id_back' } });
    const unknown = await call('/agent/customer-registration/?step=1', {
      method: 'POST',
      headers: agentAuth,
      body: form({}, { id_front: JPEG, selfie: JPEG }),
    });
    expect(unknown).toMatchObject({ status: 400, body: { code: 'UNEXPECTED_FILE', field: 'selfie' } });
    const twice = form({}, { id_front: JPEG });
    twice.append('id_front', new Blob([JPEG]), 'again.jpg');
    expect(await call('/agent/customer-registration/?step=1', { method: 'POST', headers: agentAuth, body: twice })).toMatchObject({
      status: 400,
      body: { code: 'UNEXPECTED_FILE', field: 'id_front' },
    });
    const missing = await call('/agent/customer-registration/?step=1', { method: 'POST', headers: agentAuth, body: form({}, { id_front: JPEG }) });
    expect(missing).toMatchObject({ status: 400, body: { code: 'REQUIRED', field: 'id_back' } });
    const tooMany = form(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, 'x'])));
    expect(await call('/agent/customer-registration/?step=2', { method: 'POST', headers: agentAuth, body: tooMany })).toMatchObject({
      status: 400,
      body: { code: 'TOO_MANY_FIELDS' },
    });
    expect(graph.calls).toEqual([]);
  });

  it('step 1 reports every problem of its form at once', async () => {
    const res = await call('/agent/customer-registration/?step=1', {
      method: 'POST',
      headers: agentAuth,
      body: form({ submission_id: 'last-one', 'id front': 'x' }),
    });
    expect(res.status).toBe(400);
    expect((res.body as { errors: Array<{ code: string; field: string }> }).errors.map((e) => [e.code, e.field])).toEqual([
      ['UNKNOWN_FIELD', 'id front'],
      ['INVALID_VALUE', 'submission_id'],
      ['REQUIRED', 'id_front'],
      ['REQUIRED', 'id_back'],
    ]);
    expect(res.body).toMatchObject({ code: 'UNKNOWN_FIELD', field: 'id front' });
    expect(graph.calls).toEqual([]);
  });

  it('needs step 1 or 2', async () => {
    expect(await call('/agent/customer-registration/', { method: 'POST', headers: agentAuth, body: form({}) })).toMatchObject({
      status: 400,
      body: { code: 'REQUIRED', field: 'step' },
    });
    expect(await call('/agent/customer-registration/?step=3', { method: 'POST', headers: agentAuth, body: form({}) })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_VALUE', field: 'step' },
    });
  });

  const step2Fields = {
    nid_no: '5558274157487',
    dob: '1/10/1980',
    applicant_name_ben: 'মো. আসাদুৰামান মিয়া',
    applicant_name_eng: 'Md. Asaduzzaman Miah',
    father_name: 'আবুল মুনীম',
    mother_name: 'আবু মুনী',
    pres_address: '22/1, ইসলামপুর রোড, খুলনা সিটি করপোরেশন দোলখেলা',
    perm_address: '22/1, ইসলামপুর রোড, খুলনা সিটি করপোরেশন দোলখেলা',
    id_front_name: `${ID}-front.jpg`,
    id_back_name: `${ID}-back.jpg`,
    gender: 'Male',
    profession: 'Engineer',
    nominee: 'Ambia Khatun',
    nominee_relation: 'Mother',
    mobile_number: '01785478964',
  };

  it('step 2 completes the submission the image names carry', async () => {
    graph.responders.set('RestCompleteSubmission', () => ({
      ok: true,
      data: { completeSubmission: { submission: { id: ID, kycStatus: 'pending' }, application: { id: 'a1', status: 'pending' }, errors: [] } },
    }));
    const res = await call('/agent/customer-registration/?step=2', { method: 'POST', headers: agentAuth, body: form(step2Fields, { applicant_photo: JPEG }) });
    expect(res).toEqual(
      expect.objectContaining({ status: 200, body: { status: 'success', detail: 'Application successfully submitted, awaiting identity verification.' } }),
    );
    expect(graph.calls[0]?.variables).toMatchObject({
      input: { submissionId: ID, gender: 'male', applicantPhoto: JPEG.toString('base64'), applicant: { nidNumber: '5558274157487' } },
    });
  });

  it('step 2 reports every missing and invalid field at once, as the GraphQL API does', async () => {
    const { nid_no: _nid, dob: _dob, ...rest } = step2Fields;
    const res = await call('/agent/customer-registration/?step=2', { method: 'POST', headers: agentAuth, body: form(rest, { applicant_photo: JPEG }) });
    expect(res.status).toBe(400);
    const body = res.body as { code: string; field: string; errors: Array<{ code: string; field: string }> };
    expect(body.errors.map((e) => [e.code, e.field]).sort()).toEqual([
      ['REQUIRED', 'dob'],
      ['REQUIRED', 'nid_no'],
    ]);
    expect([body.code, body.field]).toEqual([body.errors[0]?.code, body.errors[0]?.field]);
    // The graph's problems too, all of them, on the form's field names.
    graph.responders.set('RestCompleteSubmission', () => ({
      ok: true,
      data: {
        completeSubmission: {
          submission: null,
          application: null,
          errors: [
            { code: 'INVALID_DATE_OF_BIRTH', field: 'input.applicant.dateOfBirth', message: 'not a date' },
            { code: 'WRONG_SCRIPT', field: 'input.applicant.nameEn', message: 'English letters only' },
          ],
        },
      },
    }));
    const graphProblems = await call('/agent/customer-registration/?step=2', {
      method: 'POST',
      headers: agentAuth,
      body: form(step2Fields, { applicant_photo: JPEG }),
    });
    expect((graphProblems.body as { errors: unknown[] }).errors).toHaveLength(2);
    // A single problem keeps the contract's one-error body.
    const single = await call('/agent/customer-registration/?step=2', {
      method: 'POST',
      headers: agentAuth,
      body: form({ ...step2Fields, nid_no: '' }, { applicant_photo: JPEG }),
    });
    expect(single.body).toEqual({ status: 'error', code: 'REQUIRED', field: 'nid_no', detail: 'nid_no is required' });
    // What the sent fields say wrong, beside what is missing, and the photo.
    const mixed = await call('/agent/customer-registration/?step=2', {
      method: 'POST',
      headers: agentAuth,
      body: form({ ...rest, gender: 'X', pres_address: 'ঢাকা', id_front_name: 'idNameSomething.jpg' }),
    });
    expect((mixed.body as { errors: Array<{ code: string; field: string }> }).errors.map((e) => [e.code, e.field])).toEqual([
      ['REQUIRED', 'nid_no'],
      ['REQUIRED', 'dob'],
      ['UNKNOWN_IMAGE_NAME', 'id_front_name'],
      ['INVALID_GENDER', 'gender'],
      ['INVALID_ADDRESS', 'pres_address'],
      ['REQUIRED', 'applicant_photo'],
    ]);
  });

  it("step 2 points out the contract's damaged field names and maps graph errors to form fields", async () => {
    const { nid_no, ...rest } = step2Fields;
    const damaged = await call('/agent/customer-registration/?step=2', {
      method: 'POST',
      headers: agentAuth,
      body: form({ ...rest, 'nid no': nid_no }, { applicant_photo: JPEG }),
    });
    expect(damaged).toMatchObject({ status: 400, body: { code: 'UNKNOWN_FIELD', field: 'nid no', detail: expect.stringContaining('did you mean "nid_no"') } });
    // The seed's example as printed: every damaged name, the photo's file field among them, in one answer.
    const printed = Object.fromEntries(Object.entries(step2Fields).map(([k, v]) => [k === 'applicant_name_eng' ? k : k.replace(/_/g, ' '), v]));
    const asPrinted = await call('/agent/customer-registration/?step=2', {
      method: 'POST',
      headers: agentAuth,
      body: form(printed, { 'applicant photo': JPEG }),
    });
    expect(asPrinted).toMatchObject({
      status: 400,
      body: { code: 'UNEXPECTED_FILE', field: 'applicant photo', detail: expect.stringContaining('did you mean "applicant_photo"') },
    });
    const problems = (asPrinted.body as { errors: Array<{ code: string; field: string; message: string }> }).errors;
    expect(problems.map((p) => p.field)).toEqual(['applicant photo', ...Object.keys(printed).filter((k) => k.includes(' '))]);
    for (const p of problems.slice(1))
      expect([p.code, p.message]).toEqual(['UNKNOWN_FIELD', expect.stringContaining(`did you mean "${p.field.replace(/ /g, '_')}"`)]);
    const names = await call('/agent/customer-registration/?step=2', {
      method: 'POST',
      headers: agentAuth,
      body: form({ ...step2Fields, id_front_name: 'idNameSomething.jpg' }, { applicant_photo: JPEG }),
    });
    expect(names).toMatchObject({ status: 400, body: { code: 'UNKNOWN_IMAGE_NAME', field: 'id_front_name' } });
    graph.responders.set('RestCompleteSubmission', () => ({
      ok: true,
      data: {
        completeSubmission: {
          submission: null,
          application: null,
          errors: [{ code: 'SUBMISSION_NOT_FOUND', field: 'input.submissionId', message: 'no submission with this id in your tenant' }],
        },
      },
    }));
    const gone = await call('/agent/customer-registration/?step=2', { method: 'POST', headers: agentAuth, body: form(step2Fields, { applicant_photo: JPEG }) });
    expect(gone).toMatchObject({ status: 404, body: { code: 'SUBMISSION_NOT_FOUND', field: 'id_front_name' } });
  });
});

describe('agent verification status and log', () => {
  it('answers the status with nid_no a JSON number, from form-data or urlencoded bodies', async () => {
    graph.responders.set('RestVerificationStatus', () => ({
      ok: true,
      data: {
        verificationStatus: {
          status: 'passed',
          reason: null,
          detail: {
            nidNumber: { value: '19805558274157487', score: 100 },
            dateOfBirth: { value: '1980-12-12', score: 85 },
            applicantNameEng: { value: 'ABDUR RAHIM', score: 85 },
            applicantNameBen: { value: 'আব্দুর রহিম', score: 85 },
            fatherName: { value: 'কুদুসুর রহিম', score: 85 },
            motherName: { value: 'রহিমা খাতুন', score: 85 },
            presAddress: { value: 'মোহাম্মদপুর, ঢাকা, ঢাকা', score: 85 },
            textualInfoMatch: true,
            applicantPhotoFromCard: 'EPAA',
            applicantPhotoCardEcMatch: true,
            applicantPhotoFromApp: 'PAAI',
            applicantPhotoAppEcMatch: true,
          },
        },
      },
    }));
    const res = await call('/agent/get-verification-status/', { method: 'POST', headers: agentAuth, body: form({ mobile_number: '01748383587' }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.text).toContain('"nid_no":19805558274157487,');
    // JSON.parse would round the number; the opt-in string form keeps every digit.
    const asString = await call('/agent/get-verification-status/', {
      method: 'POST',
      headers: { ...agentAuth, 'x-nid-format': 'string' },
      body: form({ mobile_number: '01748383587' }),
    });
    expect((asString.body as { detail: { nid_no: unknown } }).detail.nid_no).toBe('19805558274157487');
    expect(graph.calls[0]?.variables).toEqual({ mobileNumber: '01748383587' });
    const urlencoded = await call('/agent/get-verification-status/', {
      method: 'POST',
      headers: agentAuth,
      body: new URLSearchParams({ mobile_number: '01748383587' }),
    });
    expect(urlencoded.status).toBe(200);
  });

  it('is a 404 for a number without applications and a 400 without one', async () => {
    graph.responders.set('RestVerificationStatus', () => ({ ok: true, data: { verificationStatus: null } }));
    expect(await call('/agent/get-verification-status/', { method: 'POST', headers: agentAuth, body: form({ mobile_number: '01748383587' }) })).toMatchObject({
      status: 404,
      body: { status: 'error', code: 'APPLICATION_NOT_FOUND', field: 'mobile_number' },
    });
    expect(await call('/agent/get-verification-status/', { method: 'POST', headers: agentAuth, body: form({}) })).toMatchObject({
      status: 400,
      body: { code: 'REQUIRED', field: 'mobile_number' },
    });
  });

  it('lists the log as a bare array, with the paging in headers', async () => {
    graph.responders.set('RestVerificationLog', () => ({
      ok: true,
      data: {
        verificationLog: {
          totalCount: 7,
          page: 1,
          perPage: 3,
          edges: [
            {
              node: {
                mobileNumber: '01716705911',
                applicantNameEn: 'Rahim Uddin',
                nidNumber: '1923233112',
                submittedOn: '1989-12-11T04:00:00.000Z',
                status: 'passed',
              },
            },
          ],
        },
      },
    }));
    const res = await call('/agent/get-verification-log/?status=passed&page=1&per_page=3', { headers: agentAuth });
    expect(res.body).toEqual([
      { mobile_number: '01716705911', applicant_name_eng: 'Rahim Uddin', nid_no: '1923233112', submitted_on: '11/12/1989', verification_status: 'passed' },
    ]);
    expect([res.headers.get('x-total-count'), res.headers.get('x-page'), res.headers.get('x-per-page')]).toEqual(['7', '1', '3']);
    expect(graph.calls[0]?.variables).toEqual({ status: 'passed', page: 1, perPage: 3 });
    expect(await call('/agent/get-verification-log/?page=1', { headers: agentAuth })).toMatchObject({
      status: 400,
      body: { code: 'REQUIRED', field: 'status' },
    });
    expect(await call('/agent/get-verification-log/?status=maybe', { headers: agentAuth })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_VALUE', field: 'status' },
    });
    expect(await call('/agent/get-verification-log/?status=all&per_page=500', { headers: agentAuth })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_VALUE', field: 'per_page' },
    });
  });

  it('answers a failure of the graph as a 500 without its details', async () => {
    graph.responders.set('RestVerificationLog', () => ({
      ok: false,
      error: { code: 'INTERNAL_SERVER_ERROR', message: 'connect ECONNREFUSED 127.0.0.1:4005', field: null },
    }));
    const res = await call('/agent/get-verification-log/?status=all', { headers: agentAuth });
    expect(res).toMatchObject({ status: 500, body: { status: 'error', code: 'INTERNAL_ERROR', field: null } });
    expect(res.text).not.toContain('ECONNREFUSED');
  });
});

describe('eKYC requests', () => {
  const json = (body: unknown) => ({ method: 'POST', headers: { ...apiKey, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const create = { email: 'a@example.com', phoneNumber: '+8801712345678', documentIdentificationId: ID };

  it("creates a request: 201 with the contract's message and the id", async () => {
    graph.responders.set('RestCreateEkycRequest', () => ({
      ok: true,
      data: { createEkycRequest: { ekycRequest: { id: 'r1' }, replayed: false, errors: [] } },
    }));
    const res = await call('/api/kyc-request', { ...json(create), headers: { ...apiKey, 'content-type': 'application/json', 'idempotency-key': 'order-1' } });
    expect(res).toMatchObject({ status: 201, body: { message: 'Request submitted', id: 'r1' } });
    expect(graph.calls[0]?.variables).toEqual({ input: { ...create, idempotencyKey: 'order-1' } });
  });

  it("answers the contract's errors word for word, with code and field", async () => {
    graph.responders.set('RestCreateEkycRequest', () => ({
      ok: true,
      data: {
        createEkycRequest: {
          ekycRequest: null,
          replayed: false,
          errors: [{ code: 'EKYC_CONTACT_TAKEN', field: 'input.phoneNumber', message: 'this phone number is already used' }],
        },
      },
    }));
    expect(await call('/api/kyc-request', json(create))).toMatchObject({
      status: 409,
      body: { error: '(email, phone) already taken', code: 'EKYC_CONTACT_TAKEN', field: 'phoneNumber' },
    });
    graph.responders.set('RestCreateEkycRequest', () => ({
      ok: true,
      data: {
        createEkycRequest: {
          ekycRequest: null,
          replayed: false,
          errors: [{ code: 'DOCUMENT_NOT_FOUND', field: 'input.documentIdentificationId', message: 'x' }],
        },
      },
    }));
    expect(await call('/api/kyc-request', json(create))).toMatchObject({
      status: 400,
      body: { error: 'There is no document identification data with the provided id!', code: 'DOCUMENT_NOT_FOUND', field: 'documentIdentificationId' },
    });
    expect(await call('/api/kyc-request', json({ email: 'a@example.com' }))).toMatchObject({ status: 400, body: { code: 'REQUIRED', field: 'phoneNumber' } });
    // Every problem the graph reports, listed; the first decides the status and the contract's message.
    graph.responders.set('RestCreateEkycRequest', () => ({
      ok: true,
      data: {
        createEkycRequest: {
          ekycRequest: null,
          replayed: false,
          errors: [
            { code: 'INVALID_EMAIL', field: 'input.email', message: 'not an email' },
            { code: 'INVALID_PHONE_NUMBER', field: 'input.phoneNumber', message: 'no country code' },
          ],
        },
      },
    }));
    expect(await call('/api/kyc-request', json(create))).toMatchObject({
      status: 400,
      body: {
        error: 'invalid email address',
        code: 'INVALID_EMAIL',
        field: 'email',
        errors: [
          { code: 'INVALID_EMAIL', field: 'email', message: 'not an email' },
          { code: 'INVALID_PHONE_NUMBER', field: 'phoneNumber', message: 'no country code' },
        ],
      },
    });
    const none = await call('/api/kyc-request', json({}));
    expect((none.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['email', 'phoneNumber', 'documentIdentificationId']);
    expect(await call('/api/kyc-request', { ...json(create), body: '{"email":' })).toMatchObject({ status: 400, body: { code: 'INVALID_JSON', field: null } });
  });

  it('accepts, reads, lists, verifies, clears and deletes through their mutations', async () => {
    const view = { id: ID, status: 'accepted', email: 'a@example.com' };
    for (const name of ['RestAcceptEkycRequest', 'RestClearEkycRequest', 'RestDeleteEkycRequest', 'RestResendEkycRequestOtp', 'RestVerifyEkycRequestOtp']) {
      graph.responders.set(name, () => ({ ok: true, data: { result: { ekycRequest: view, errors: [] } } }));
    }
    graph.responders.set('RestEkycRequest', (v) => ({ ok: true, data: { ekycRequest: v['id'] === ID ? view : null } }));
    graph.responders.set('RestEkycRequests', () => ({
      ok: true,
      data: { ekycRequests: { edges: [{ node: view }], pageInfo: { hasNextPage: true, endCursor: 'c1' } } },
    }));
    expect(await call(`/api/kyc-request/${ID}/accept`, { method: 'POST', headers: apiKey })).toMatchObject({
      status: 200,
      body: { message: 'Request accepted', request: view },
    });
    expect(await call(`/api/kyc-request/${ID}/clear`, { method: 'POST', headers: apiKey })).toMatchObject({
      status: 200,
      body: { message: 'Request cleared' },
    });
    expect(await call(`/api/kyc-request/${ID}`, { method: 'DELETE', headers: apiKey })).toMatchObject({ status: 200, body: { message: 'Request deleted' } });
    expect(await call(`/api/kyc-request/${ID}/resend-otp`, { method: 'POST', headers: apiKey })).toMatchObject({ status: 200, body: { message: 'OTP sent' } });
    expect(await call(`/api/kyc-request/${ID}/verify-otp`, json({ otp: '123456', documentNumberLast4: '4675' }))).toMatchObject({
      status: 200,
      body: { message: 'OTP verified' },
    });
    expect(graph.calls.at(-1)?.variables).toEqual({ input: { id: ID, otp: '123456', documentNumberLast4: '4675' } });
    expect(await call(`/api/kyc-request/${ID}`, { headers: apiKey })).toMatchObject({ status: 200, body: view });
    expect(await call(`/api/kyc-request/${ID.replace('0b', 'ff')}`, { headers: apiKey })).toMatchObject({
      status: 404,
      body: { error: 'eKYC request not found', code: 'NOT_FOUND', field: 'id' },
    });
    expect(await call('/api/kyc-request?status=accepted&limit=5', { headers: apiKey })).toMatchObject({
      status: 200,
      body: { requests: [view], nextCursor: 'c1' },
    });
    expect(graph.calls.at(-1)?.variables).toEqual({ status: 'accepted', first: 5, after: null });
  });

  it('answers a role the graph refuses with 403 and mutation problems with their statuses', async () => {
    graph.responders.set('RestAcceptEkycRequest', () => ({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'this operation needs one of the roles: partner_admin', field: null },
    }));
    expect(await call(`/api/kyc-request/${ID}/accept`, { method: 'POST', headers: apiKey })).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    graph.responders.set('RestVerifyEkycRequestOtp', () => ({
      ok: true,
      data: { result: { ekycRequest: null, errors: [{ code: 'OTP_EXPIRED', field: 'input.otp', message: 'expired' }] } },
    }));
    expect(await call(`/api/kyc-request/${ID}/verify-otp`, json({ otp: '123456', documentNumberLast4: '4675' }))).toMatchObject({
      status: 410,
      body: { code: 'OTP_EXPIRED', field: 'otp' },
    });
  });
});

describe('two-step submission', () => {
  const step1Fields = { issuingCountry: 'USA', email: 'sample@email.com', idType: 'drivers_license', cf1: 'test', userid: 'user1' };

  it('step 1 passes the documented fields to submitIdDocument and answers an unsupported type with its code', async () => {
    graph.responders.set('RestSubmitIdDocument', () => ({
      ok: true,
      data: {
        submitIdDocument: {
          submission: null,
          errors: [{ code: 'UNSUPPORTED_ID_TYPE', field: 'input.idType', message: 'drivers_license documents cannot be read yet' }],
        },
      },
    }));
    const res = await call('/v3/submission/step1', { method: 'POST', headers: apiKey, body: form(step1Fields, { idImage: JPEG }) });
    expect(res).toMatchObject({ status: 400, body: { error: 'drivers_license documents cannot be read yet', code: 'UNSUPPORTED_ID_TYPE', field: 'idType' } });
    expect(graph.calls[0]?.variables).toEqual({ input: { ...step1Fields, idImage: JPEG.toString('base64'), idBackImage: null, crop: true } });
  });

  it('step 1 answers the contract shape with image URLs on this host', async () => {
    graph.responders.set('RestSubmitIdDocument', () => ({ ok: true, data: { submitIdDocument: { submission: step1Submission, errors: [] } } }));
    const res = await call('/v3/submission/step1', {
      method: 'POST',
      headers: apiKey,
      body: form({ ...step1Fields, idType: 'government_id', issuingCountry: 'BGD', cf2: '' }, { idImage: JPEG, idBackImage: JPEG }),
    });
    expect(res).toMatchObject({
      status: 200,
      body: {
        submissionId: ID,
        idImage: `${base}/v3/submission/${ID}/images/front`,
        idBackImage: `${base}/v3/submission/${ID}/images/back`,
        reviewOCRData: { ocr_identityNumber: '5*********' },
      },
    });
    expect(graph.calls[0]?.variables['input']).not.toHaveProperty('cf2');
  });

  it('step 1 links the images under the public base URL when one is set (a TLS proxy in front)', async () => {
    const app = express();
    app.use(
      createRestRouter({
        auth: unlimitedAuthenticator(iam),
        graph,
        log: createLogger({ service: 'test', level: 'silent' }),
        publicBaseUrl: 'https://ekyc.bank.example/',
      }),
    );
    const proxied = http.createServer(app);
    await new Promise<void>((resolve) => proxied.listen(0, '127.0.0.1', resolve));
    try {
      graph.responders.set('RestSubmitIdDocument', () => ({ ok: true, data: { submitIdDocument: { submission: step1Submission, errors: [] } } }));
      const res = await fetch(`http://127.0.0.1:${(proxied.address() as AddressInfo).port}/v3/submission/step1`, {
        method: 'POST',
        headers: apiKey,
        body: form({ ...step1Fields, idType: 'government_id', issuingCountry: 'BGD' }, { idImage: JPEG }),
      });
      expect(await res.json()).toMatchObject({ idImage: `https://ekyc.bank.example/v3/submission/${ID}/images/front` });
    } finally {
      await new Promise<void>((resolve) => proxied.close(() => resolve()));
    }
  });

  it('step 1 validates the form before calling the graph', async () => {
    expect(
      await call('/v3/submission/step1', { method: 'POST', headers: apiKey, body: form({ ...step1Fields, idType: 'selfie' }, { idImage: JPEG }) }),
    ).toMatchObject({
      status: 400,
      body: { code: 'INVALID_VALUE', field: 'idType' },
    });
    const { email: _email, ...noEmail } = step1Fields;
    const both = await call('/v3/submission/step1', { method: 'POST', headers: apiKey, body: form({ ...noEmail, idType: 'selfie' }, { idImage: JPEG }) });
    expect(((both.body as { errors: Array<{ field: string }> }).errors ?? []).map((e) => e.field).sort()).toEqual(['email', 'idType']);
    expect(await call('/v3/submission/step1', { method: 'POST', headers: apiKey, body: form(noEmail, { idImage: JPEG }) })).toMatchObject({
      status: 400,
      body: { code: 'REQUIRED', field: 'email' },
    });
    expect(await call('/v3/submission/step1', { method: 'POST', headers: apiKey, body: form(step1Fields) })).toMatchObject({
      status: 400,
      body: { code: 'REQUIRED', field: 'idImage' },
    });
    const empty = await call('/v3/submission/step1', { method: 'POST', headers: apiKey, body: form({ cf1: 'test' }) });
    expect((empty.body as { errors: Array<{ code: string; field: string }> }).errors.map((e) => [e.code, e.field])).toEqual([
      ['REQUIRED', 'issuingCountry'],
      ['REQUIRED', 'email'],
      ['REQUIRED', 'idType'],
      ['REQUIRED', 'idImage'],
    ]);
    const big = await call('/v3/submission/step1', { method: 'POST', headers: apiKey, body: form(step1Fields, { idImage: Buffer.alloc(3 * 1024 * 1024) }) });
    expect(big).toMatchObject({ status: 413, body: { code: 'IMAGE_TOO_LARGE', field: 'idImage' } });
    expect(graph.calls).toEqual([]);
  });

  it('step 2 completes the submission with what step 1 read where the form is silent', async () => {
    graph.responders.set('RestSubmissionRead', () => ({
      ok: true,
      data: {
        submission: {
          id: ID,
          kycStatus: 'pending',
          reviewOcrData: [
            { name: 'nidNumber', value: '5090424675', accepted: true },
            { name: 'nameEn', value: 'ABDUS SALAM', accepted: true },
            { name: 'nameBn', value: 'আবদুস সালাম', accepted: true },
            { name: 'dateOfBirth', value: '1978-03-23', accepted: true },
          ],
        },
      },
    }));
    graph.responders.set('RestCompleteSubmission', () => ({
      ok: true,
      data: { completeSubmission: { submission: { id: ID, kycStatus: 'pending' }, application: { id: 'a1', status: 'pending' }, errors: [] } },
    }));
    const fields = {
      submissionId: ID,
      gender: 'male',
      profession: 'Engineer',
      nominee: 'Ambia Khatun',
      nomineeRelation: 'Mother',
      mobileNumber: '01785478964',
    };
    const res = await call('/v3/submission/step2', { method: 'POST', headers: apiKey, body: form(fields, { applicantPhoto: JPEG }) });
    expect(res).toMatchObject({ status: 200, body: { submissionId: ID, kycStatus: 'pending', applicationId: 'a1', status: 'pending' } });
    expect(graph.calls[1]?.variables).toMatchObject({
      input: { submissionId: ID, applicant: { nidNumber: '5090424675', nameBn: 'আবদুস সালাম' }, applicantPhoto: JPEG.toString('base64') },
    });
    graph.responders.set('RestSubmissionRead', () => ({ ok: true, data: { submission: null } }));
    expect(await call('/v3/submission/step2', { method: 'POST', headers: apiKey, body: form(fields, { applicantPhoto: JPEG }) })).toMatchObject({
      status: 404,
      body: { code: 'SUBMISSION_NOT_FOUND', field: 'submissionId' },
    });
  });

  it('step 2 reports every problem at once: missing fields, the photo, a bad gender, and what step 1 did not read', async () => {
    graph.responders.set('RestSubmissionRead', () => ({
      ok: true,
      data: { submission: { id: ID, kycStatus: 'pending', reviewOcrData: [{ name: 'nidNumber', value: '5090424675', accepted: true }] } },
    }));
    const res = await call('/v3/submission/step2', {
      method: 'POST',
      headers: apiKey,
      body: form({ submissionId: ID, gender: 'unknown', mobileNumber: '01785478964' }),
    });
    expect(res.status).toBe(400);
    expect((res.body as { errors: Array<{ code: string; field: string }> }).errors.map((e) => [e.code, e.field])).toEqual([
      ['REQUIRED', 'profession'],
      ['REQUIRED', 'nominee'],
      ['REQUIRED', 'nomineeRelation'],
      ['REQUIRED', 'nameEn'],
      ['REQUIRED', 'nameBn'],
      ['REQUIRED', 'dateOfBirth'],
      ['INVALID_GENDER', 'gender'],
      ['REQUIRED', 'applicantPhoto'],
    ]);
    expect(graph.calls.map((c) => c.operation)).toEqual(['RestSubmissionRead']);
  });

  it('step 2 of a rejected submission says so first, before asking for the fields it lacks', async () => {
    graph.responders.set('RestSubmissionRead', () => ({ ok: true, data: { submission: { id: ID, kycStatus: 'rejected', reviewOcrData: [] } } }));
    const res = await call('/v3/submission/step2', { method: 'POST', headers: apiKey, body: form({ submissionId: ID }) });
    expect(res).toMatchObject({ status: 409, body: { code: 'SUBMISSION_REJECTED', field: 'submissionId' } });
    expect(graph.calls.map((c) => c.operation)).toEqual(['RestSubmissionRead']);
  });

  it('answers a body that is not multipart with 415 and what to send, instead of every field missing', async () => {
    for (const path of ['/v3/submission/step1', '/v3/submission/step2']) {
      const res = await call(path, {
        method: 'POST',
        headers: { ...apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ issuingCountry: 'BGD', idType: 'government_id' }),
      });
      expect(res).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE', error: expect.stringContaining('multipart/form-data') } });
    }
    expect(graph.calls).toEqual([]);
  });

  it('serves the images step 1 points to', async () => {
    graph.responders.set('RestSubmissionFrontImage', () => ({ ok: true, data: { submission: { idImage: JPEG.toString('base64') } } }));
    graph.responders.set('RestSubmissionBackImage', () => ({ ok: true, data: { submission: { idBackImage: null } } }));
    const res = await fetch(`${base}/v3/submission/${ID}/images/front`, { headers: apiKey });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(JPEG);
    expect(await call(`/v3/submission/${ID}/images/back`, { headers: apiKey })).toMatchObject({ status: 404, body: { code: 'IMAGE_NOT_FOUND' } });
    expect(await call(`/v3/submission/${ID}/images/side`, { headers: apiKey })).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', field: 'side' } });
  });
});

describe('liveness routes', () => {
  const APP = '5d0e4c62-3b1f-4a8e-9c7d-2e6f1a0b9c8d';
  const SESSION = 'c4a1e2b3-6d5f-4e7a-8b9c-0d1e2f3a4b5c';
  const jsonHeaders = { ...apiKey, 'content-type': 'application/json' };
  const start = (body: unknown) => call('/api/liveness-sessions', { method: 'POST', headers: jsonHeaders, body: JSON.stringify(body) });
  const frames = (sessionId: string, body: unknown) =>
    call(`/api/liveness-sessions/${sessionId}/frames`, { method: 'POST', headers: jsonHeaders, body: JSON.stringify(body) });
  const submission = (value: { kycStatus: string; applicationId: string | null } | null) => () =>
    ({ ok: true, data: { submission: value && { id: ID, ...value } } }) as const;
  const someFrames = [
    { image: JPEG.toString('base64'), capturedAtMs: 0 },
    { image: JPEG.toString('base64'), capturedAtMs: 400 },
  ];

  it("starts a session for the application the document's step 2 made", async () => {
    graph.responders.set('RestSubmissionApplication', submission({ kycStatus: 'pending', applicationId: APP }));
    graph.responders.set('RestStartLivenessSession', () => ({
      ok: true,
      data: {
        startLivenessSession: {
          session: { id: SESSION, challenges: ['blink', 'turn_left', 'open_mouth'], nonce: 'n1', expiresAt: '2026-12-07T10:05:00.000Z' },
          errors: [],
        },
      },
    }));
    const res = await start({ documentIdentificationId: ID.toUpperCase() });
    expect(res).toEqual(
      expect.objectContaining({
        status: 201,
        body: {
          message: 'Liveness session started',
          sessionId: SESSION,
          challenges: ['blink', 'turn_left', 'open_mouth'],
          nonce: 'n1',
          expiresAt: '2026-12-07T10:05:00.000Z',
        },
      }),
    );
    expect(graph.calls.map((c) => [c.operation, c.variables])).toEqual([
      ['RestSubmissionApplication', { id: ID }],
      ['RestStartLivenessSession', { applicationId: APP }],
    ]);
  });

  it('refuses a document that is unknown, not completed by step 2, or rejected, before starting anything', async () => {
    expect(await start({ documentIdentificationId: 'not-an-id' })).toMatchObject({
      status: 400,
      body: { code: 'DOCUMENT_NOT_FOUND', field: 'documentIdentificationId' },
    });
    graph.responders.set('RestSubmissionApplication', submission(null));
    expect(await start({ documentIdentificationId: ID })).toMatchObject({
      status: 400,
      body: { code: 'DOCUMENT_NOT_FOUND', field: 'documentIdentificationId' },
    });
    graph.responders.set('RestSubmissionApplication', submission({ kycStatus: 'pending', applicationId: null }));
    expect(await start({ documentIdentificationId: ID })).toMatchObject({
      status: 409,
      body: { code: 'SUBMISSION_INCOMPLETE', field: 'documentIdentificationId' },
    });
    graph.responders.set('RestSubmissionApplication', submission({ kycStatus: 'rejected', applicationId: null }));
    expect(await start({ documentIdentificationId: ID })).toMatchObject({ status: 409, body: { code: 'SUBMISSION_REJECTED' } });
    expect(await start({ documentId: ID })).toMatchObject({ status: 400, body: { code: 'UNKNOWN_FIELD', field: 'documentId' } });
    expect(graph.calls.map((c) => c.operation)).not.toContain('RestStartLivenessSession');
  });

  it('answers the frames with the verdict, and the graph’s problems with their statuses and REST field names', async () => {
    graph.responders.set('RestSubmitLivenessFrames', (v) => ({
      ok: true,
      data: {
        submitLivenessFrames: {
          liveness: { sessionId: (v['input'] as { sessionId: string }).sessionId, status: 'failed', reason: 'LIVENESS_CHALLENGE_NOT_MET: blink (step 2)' },
          errors: [],
        },
      },
    }));
    expect(await frames(SESSION, { nonce: 'n1', frames: someFrames })).toMatchObject({
      status: 200,
      body: { message: 'Liveness failed', sessionId: SESSION, status: 'failed', reason: 'LIVENESS_CHALLENGE_NOT_MET: blink (step 2)' },
    });
    expect(graph.calls[0]?.variables).toEqual({ input: { sessionId: SESSION, nonce: 'n1', frames: someFrames } });

    graph.responders.set('RestSubmitLivenessFrames', () => ({
      ok: true,
      data: {
        submitLivenessFrames: { liveness: null, errors: [{ code: 'LIVENESS_REPLAY', field: 'input.sessionId', message: 'this session was already used' }] },
      },
    }));
    expect(await frames(SESSION, { nonce: 'n1', frames: someFrames })).toMatchObject({ status: 409, body: { code: 'LIVENESS_REPLAY', field: 'sessionId' } });
    graph.responders.set('RestSubmitLivenessFrames', () => ({
      ok: true,
      data: {
        submitLivenessFrames: {
          liveness: null,
          errors: [
            { code: 'UNSUPPORTED_IMAGE_TYPE', field: 'input.frames.0.image', message: 'a frame is a JPEG or PNG image' },
            { code: 'IMAGE_TOO_LARGE', field: 'input.frames.1.image', message: 'a frame is at most 256 KB' },
          ],
        },
      },
    }));
    const bad = await frames(SESSION, { nonce: 'n1', frames: someFrames });
    expect(bad).toMatchObject({ status: 400, body: { code: 'UNSUPPORTED_IMAGE_TYPE', field: 'frames.0.image' } });
    expect(JSON.stringify(bad.body)).toContain('frames.1.image');
  });

  it('checks the session id and the body before asking the graph', async () => {
    expect(await frames('nope', { nonce: 'n1', frames: someFrames })).toMatchObject({
      status: 404,
      body: { code: 'LIVENESS_SESSION_NOT_FOUND', field: 'sessionId' },
    });
    expect(await frames(SESSION, { frames: [{ image: 'x', capturedAtMs: 1.5 }] })).toMatchObject({ status: 400, body: { field: 'nonce' } });
    expect(graph.calls).toEqual([]);
  });
});
