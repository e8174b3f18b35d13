import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { createFaceEngine } from '@ekyc/face-engine';
import { loadTestFace, performChallenges, waitFor, type LivenessGesture, type Point } from '@ekyc/testing';
import { sandboxFace } from '@ekyc/tools/cardgen/face-photo';
import { REPO_ROOT } from '@ekyc/tools/lib/run-app-script';
import { loadCardCitizens, photographedCard, type CardCitizen } from './cards';
import { expectUsableLayout as checkScreen } from './page-checks';
import { applicantOf as sandboxApplicant, e2eContext, graphql, nidSandbox, sql, tokenAuth } from './support';

jest.setTimeout(300_000);

/**
 * Tenant `gates` keeps the platform's default policy: every decision waits for the EC's record, the faces and a passed
 * liveness session. Each path that creates an application is held to it.
 */
const ctx = e2eContext();
const { gates } = ctx.tenants;
const gw = ctx.gatewayUrl;

interface UserError {
  code: string;
  field: string | null;
  message: string;
}
interface ApplicationView {
  id: string;
  status: string;
  decisionReason: string | null;
  decidedAt: string | null;
  requiredChecks: string[];
  livenessFailures: number;
  livenessPassed: boolean;
  faceMatch: { status: string; pairs: Array<{ pair: string; decision: string }> } | null;
  waitingFor: { owner: string; step: string; dueAt: string; overdue: boolean } | null;
}

const APPLICATION = `query($id: ID!) {
  application(id: $id) {
    id status decisionReason decidedAt requiredChecks livenessFailures livenessPassed faceMatch { status pairs { pair decision } } waitingFor { owner step dueAt overdue }
  }
}`;
const CREATE = `mutation($m: String!) { createApplication(input: { mobileNumber: $m }) { application { id } errors { code field } } }`;
const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { application { id status requiredChecks } errors { code field message } } }`;
const STEP1 = `mutation($input: SubmitIdDocumentInput!) { submitIdDocument(input: $input) { submission { id reviewOcrData { name value accepted } } errors { code field message } } }`;
const STEP2 = `mutation($input: CompleteSubmissionInput!) { completeSubmission(input: $input) { application { id status requiredChecks } errors { code field message } } }`;
const START = `mutation($id: ID!) { startLivenessSession(applicationId: $id) { session { id challenges nonce } errors { code field message } } }`;
const FRAMES = `mutation($input: SubmitLivenessFramesInput!) { submitLivenessFrames(input: $input) { liveness { status reason } errors { code field message } } }`;

const b64 = (b: Buffer) => b.toString('base64');
const mobile = () => `015${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const auth = tokenAuth(gates.tokens.agent);
/** As the agent types it, without a spouse. */
const applicantOf = (c: CardCitizen) => sandboxApplicant(c, { spouseName: undefined });
/** The citizen's own face, photographed again. */
const selfieOf = async (c: CardCitizen) =>
  sharp(await sandboxFace(c.faceId % 22))
    .rotate(2, { background: '#777' })
    .resize(420)
    .jpeg({ quality: 85 })
    .toBuffer();

const view = async (id: string) =>
  (await graphql<{ application: ApplicationView | null }>(gw, APPLICATION, { variables: { id }, headers: auth })).data!.application!;
/** Polls the application until `settled`; a timeout names the state it was last seen in. */
const until = async (id: string, what: string, settled: (a: ApplicationView) => boolean) => {
  let last: ApplicationView | null = null;
  try {
    return await waitFor(
      async () => {
        last = await view(id);
        return settled(last) ? last : null;
      },
      { timeoutMs: 120_000, intervalMs: 500, what },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; last seen: ${JSON.stringify(last)}`);
  }
};

let citizens: CardCitizen[];
/** The applicant with sandbox face 18 who passed: the known face a later applicant duplicates. */
let passedFace18: string;
let testFace: Buffer;
let landmarks: Point[];

/** One liveness session answered with a still photo (fails) or with the challenges performed (passes). */
async function livenessSession(applicationId: string, perform: boolean): Promise<string> {
  const start = await graphql<{ startLivenessSession: { session: { id: string; challenges: string[]; nonce: string } | null; errors: UserError[] } }>(
    gw,
    START,
    { variables: { id: applicationId }, headers: auth },
  );
  expect(start.data?.startLivenessSession.errors).toEqual([]);
  const session = start.data!.startLivenessSession.session!;
  const frames = perform
    ? (await performChallenges(testFace, landmarks, session.challenges as LivenessGesture[])).map((f) => ({
        image: b64(f.image),
        capturedAtMs: f.capturedAtMs,
      }))
    : Array.from({ length: 6 }, (_, i) => ({ image: b64(testFace), capturedAtMs: 100 + i * 300 }));
  const res = await graphql<{ submitLivenessFrames: { liveness: { status: string } | null; errors: UserError[] } }>(gw, FRAMES, {
    variables: { input: { sessionId: session.id, nonce: session.nonce, frames } },
    headers: auth,
  });
  expect(res.data?.submitLivenessFrames.errors).toEqual([]);
  return res.data!.submitLivenessFrames.liveness!.status;
}

let browser: Browser | null = null;
const SHOTS = path.join(REPO_ROOT, '.data', 'screenshots', 'reviews');
const portalUrl = gw.replace(/\/graphql$/, '/portal/');

/** A fresh page of headless Chromium (Debian's) at the given viewport. */
async function browserPage(width: number, height: number): Promise<Page> {
  browser ??= await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const page = await (await browser.newContext({ viewport: { width, height } })).newPage();
  page.setDefaultTimeout(30_000);
  return page;
}

/** No sideways scroll at a phone's or a desktop's width, no serious axe violation; screenshots of both widths. */
const expectUsableLayout = (page: Page, name: string) => checkScreen(page, path.join(SHOTS, 'layout'), name);

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  process.stdout.write(`reviewer screenshot: ${path.relative(REPO_ROOT, file)}\n`);
}

afterAll(async () => {
  await browser?.close();
});

beforeAll(async () => {
  citizens = loadCardCitizens();
  const username = `gates_${randomUUID().slice(0, 8)}`;
  await nidSandbox('POST', '/users', { username, password: 'gates-pass-1', partnerId: 91, partnerName: 'Gates Bank', slaAssigned: true });
  const res = await graphql<{ configureNidCredentials: { errors: UserError[] } }>(
    gw,
    'mutation($input: ConfigureNidCredentialsInput!) { configureNidCredentials(input: $input) { errors { code field } } }',
    { variables: { input: { username, password: 'gates-pass-1' } }, headers: tokenAuth(gates.tokens.partnerAdmin) },
  );
  expect(res.data?.configureNidCredentials.errors).toEqual([]);
  testFace = await loadTestFace();
  const engine = await createFaceEngine();
  try {
    const neutral = await engine.analyse(testFace);
    if (!neutral.ok) throw new Error(`the test face is not usable: ${neutral.code}`);
    landmarks = neutral.face.landmarks;
  } finally {
    await engine.close();
  }
});

describe('decision gates under the default policy (NID, faces and liveness required)', () => {
  it('submitApplication without a selfie is refused with SELFIE_REQUIRED, and the draft is kept', async () => {
    const created = await graphql<{ createApplication: { application: { id: string } } }>(gw, CREATE, { variables: { m: mobile() }, headers: auth });
    const id = created.data!.createApplication.application.id;
    const res = await graphql<{ submitApplication: { application: unknown; errors: UserError[] } }>(gw, SUBMIT, {
      variables: { input: { applicationId: id, documentType: 'nid_smart', applicant: applicantOf(citizens[40]!) } },
      headers: auth,
    });
    expect(res.data?.submitApplication).toEqual({ application: null, errors: [expect.objectContaining({ code: 'SELFIE_REQUIRED', field: 'input.selfie' })] });
    expect(await view(id)).toMatchObject({ status: 'draft', requiredChecks: [] });
  });

  it('submitApplication with a selfie waits for liveness after the NID and faces agree, and passes with a passed session', async () => {
    const c = citizens.find((x) => x.faceId % 22 === 18)!;
    const created = await graphql<{ createApplication: { application: { id: string } } }>(gw, CREATE, { variables: { m: mobile() }, headers: auth });
    const id = created.data!.createApplication.application.id;
    const res = await graphql<{ submitApplication: { application: { status: string; requiredChecks: string[] } | null; errors: UserError[] } }>(gw, SUBMIT, {
      variables: { input: { applicationId: id, documentType: 'nid_smart', applicant: applicantOf(c), selfie: b64(await selfieOf(c)) } },
      headers: auth,
    });
    expect(res.data?.submitApplication).toMatchObject({ application: { status: 'pending', requiredChecks: ['nid', 'face_match', 'liveness'] }, errors: [] });
    const waiting = await until(id, 'the faces to be compared', (a) => a.faceMatch?.status === 'completed' && a.decisionReason !== 'AWAITING_FACE_MATCH');
    expect(waiting).toMatchObject({
      status: 'pending',
      decisionReason: 'AWAITING_LIVENESS',
      decidedAt: null,
      livenessPassed: false,
      waitingFor: { owner: 'applicant', step: 'liveness', overdue: false },
    });
    expect(await livenessSession(id, true)).toBe('passed');
    expect(await until(id, 'the decision', (a) => a.status !== 'pending')).toMatchObject({ status: 'passed', decisionReason: null, livenessPassed: true });
    passedFace18 = id;
  });

  it('an applicant who fails liveness is never passed: the third failed session fails the application (agent path)', async () => {
    const c = citizens.find((x) => x.faceId % 22 === 20)!;
    const { front, back } = await photographedCard(c, 'nid_smart', 61);
    const one = await graphql<{
      submitIdDocument: {
        submission: { id: string; reviewOcrData: Array<{ name: string; value: string | null; accepted: boolean }> } | null;
        errors: UserError[];
      };
    }>(gw, STEP1, {
      variables: { input: { issuingCountry: 'BGD', idType: 'government_id', crop: true, idImage: b64(front), idBackImage: b64(back) } },
      headers: auth,
    });
    expect(one.data?.submitIdDocument.errors).toEqual([]);
    const submission = one.data!.submitIdDocument.submission!;
    const read = new Map(submission.reviewOcrData.filter((f) => f.accepted).map((f) => [f.name, f.value]));
    const mobileNumber = mobile();
    const two = await graphql<{ completeSubmission: { application: { id: string; requiredChecks: string[] } | null; errors: UserError[] } }>(gw, STEP2, {
      variables: {
        input: {
          submissionId: submission.id,
          applicant: { ...applicantOf(c), nidNumber: read.get('nidNumber') ?? c.nid10 },
          gender: c.gender,
          profession: 'Teacher',
          nominee: 'Ambia Khatun',
          nomineeRelation: 'Mother',
          mobileNumber,
          applicantPhoto: b64(await selfieOf(c)),
        },
      },
      headers: auth,
    });
    expect(two.data?.completeSubmission.errors).toEqual([]);
    const id = two.data!.completeSubmission.application!.id;
    expect(two.data!.completeSubmission.application!.requiredChecks).toEqual(['nid', 'face_match', 'liveness']);
    await until(id, 'NID and faces', (a) => a.faceMatch?.status === 'completed' && a.decisionReason === 'AWAITING_LIVENESS');

    expect(await livenessSession(id, false)).toBe('failed');
    expect(await until(id, 'the first failure to count', (a) => a.livenessFailures === 1)).toMatchObject({
      status: 'pending',
      decisionReason: 'AWAITING_LIVENESS: 1 of 3 sessions failed',
    });
    expect(await livenessSession(id, false)).toBe('failed');
    expect(await livenessSession(id, false)).toBe('failed');
    const failed = await until(id, 'the decision', (a) => a.status !== 'pending');
    expect(failed).toMatchObject({
      status: 'failed',
      decisionReason: expect.stringMatching(/^LIVENESS_FAILED: LIVENESS_CHALLENGE_NOT_MET/),
      livenessFailures: 3,
      livenessPassed: false,
    });
    // The agent contract's status poll sees the same final answer.
    const status = await graphql<{ verificationStatus: { status: string; reason: string | null } | null }>(
      gw,
      'query($m: String!) { verificationStatus(mobileNumber: $m) { status reason } }',
      {
        variables: { m: mobileNumber },
        headers: auth,
      },
    );
    expect(status.data?.verificationStatus).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^LIVENESS_FAILED/) });
  });
});

describe('decision gates on the partner REST contracts', () => {
  const base = gw.replace(/\/graphql$/, '');
  const jpeg = (bytes: Buffer) => new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' });
  /** Once the EC and the faces answered, the application must still wait for liveness, and nothing may have passed it. */
  const heldForLiveness = async (id: string) => {
    const a = await until(
      id,
      'NID and faces',
      (x) => x.faceMatch?.status === 'completed' && x.decisionReason !== 'AWAITING_NID_VERIFICATION' && x.decisionReason !== 'AWAITING_FACE_MATCH',
    );
    expect(a).toMatchObject({
      status: 'pending',
      decisionReason: 'AWAITING_LIVENESS',
      requiredChecks: ['nid', 'face_match', 'liveness'],
      waitingFor: { owner: 'applicant', step: 'liveness' },
    });
  };

  it("the agent API (step 1 and 2): the tenant's gates hold, and the status poll says pending until liveness passes", async () => {
    const c = citizens.find((x) => x.faceId % 22 === 7)!;
    const { front, back } = await photographedCard(c, 'nid_smart', 71);
    const one = new FormData();
    one.append('id_front', jpeg(front), 'front.jpg');
    one.append('id_back', jpeg(back), 'back.jpg');
    const r1 = await fetch(`${base}/agent/customer-registration/?step=1&crop=1`, { method: 'POST', headers: auth, body: one });
    const step1 = (await r1.json()) as { data: { id_front_name: string; id_back_name: string } };
    expect([r1.status, step1]).toEqual([200, expect.objectContaining({ status: 'success' })]);
    const mobileNumber = mobile();
    const two = new FormData();
    const fields: Record<string, string> = {
      nid_no: c.nid10,
      dob: c.dateOfBirth.replace(/^(\d{4})-(\d{2})-(\d{2})$/, (_m, y: string, mo: string, d: string) => `${Number(d)}/${Number(mo)}/${y}`),
      applicant_name_ben: c.name,
      applicant_name_eng: c.nameEn,
      father_name: c.father,
      mother_name: c.mother,
      pres_address: `${c.presentAddress.upozila}, ${c.presentAddress.district}, ${c.presentAddress.division}`,
      perm_address: `${c.permanentAddress.upozila}, ${c.permanentAddress.district}, ${c.permanentAddress.division}`,
      id_front_name: step1.data.id_front_name,
      id_back_name: step1.data.id_back_name,
      gender: c.gender,
      profession: 'Farmer',
      nominee: 'Ambia Khatun',
      nominee_relation: 'Mother',
      mobile_number: mobileNumber,
    };
    for (const [k, v] of Object.entries(fields)) two.append(k, v);
    two.append('applicant_photo', jpeg(await selfieOf(c)), 'selfie.jpg');
    const r2 = await fetch(`${base}/agent/customer-registration/?step=2`, { method: 'POST', headers: auth, body: two });
    expect([r2.status, await r2.json()]).toEqual([200, expect.objectContaining({ status: 'success' })]);
    const found = await graphql<{ verificationStatus: { applicationId: string } | null }>(
      gw,
      'query($m: String!) { verificationStatus(mobileNumber: $m) { applicationId } }',
      { variables: { m: mobileNumber }, headers: auth },
    );
    await heldForLiveness(found.data!.verificationStatus!.applicationId);
    const status = new FormData();
    status.append('mobile_number', mobileNumber);
    const polled = await fetch(`${base}/agent/get-verification-status/`, { method: 'POST', headers: auth, body: status });
    expect(((await polled.json()) as { status: string }).status).toBe('pending');
  });

  it('the two-step submission API: the same gates, and liveness over REST lets the application pass', async () => {
    const c = citizens.find((x) => x.faceId % 22 === 9)!;
    const { front, back } = await photographedCard(c, 'nid_smart', 72);
    const key = { 'x-api-key': gates.tokens.agent };
    const one = new FormData();
    one.append('issuingCountry', 'BGD');
    one.append('email', 'customer@example.com');
    one.append('idType', 'government_id');
    one.append('idImage', jpeg(front), 'front.jpg');
    one.append('idBackImage', jpeg(back), 'back.jpg');
    const r1 = await fetch(`${base}/v3/submission/step1`, { method: 'POST', headers: key, body: one });
    const step1 = (await r1.json()) as { submissionId: string };
    expect([r1.status, step1]).toEqual([200, expect.objectContaining({ submissionId: expect.any(String) })]);
    const two = new FormData();
    for (const [k, v] of Object.entries({
      submissionId: step1.submissionId,
      gender: c.gender,
      profession: 'Farmer',
      nominee: 'Ambia Khatun',
      nomineeRelation: 'Mother',
      mobileNumber: mobile(),
    }))
      two.append(k, v);
    two.append('applicantPhoto', jpeg(await selfieOf(c)), 'selfie.jpg');
    const r2 = await fetch(`${base}/v3/submission/step2`, { method: 'POST', headers: key, body: two });
    const step2 = (await r2.json()) as { applicationId: string; status: string };
    expect([r2.status, step2.status]).toEqual([200, 'pending']);
    await heldForLiveness(step2.applicationId);

    // The eKYC request contract's liveness, designed in @ekyc/partner-api (ekyc-liveness-api.ts), for the document id.
    const json = { ...key, 'content-type': 'application/json' };
    const post = async (route: string, body: unknown) => {
      const res = await fetch(`${base}${route}`, { method: 'POST', headers: json, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    // An eKYC request follows "the document submission and face verification": not before the application passed.
    const contact = {
      email: `gates.${randomUUID().slice(0, 8)}@example.com`,
      phoneNumber: `+88017${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      documentIdentificationId: step1.submissionId,
    };
    expect(await post('/api/kyc-request', contact)).toMatchObject({ status: 409, body: { code: 'DOCUMENT_NOT_VERIFIED', field: 'documentIdentificationId' } });
    const stillPhoto = { image: b64(testFace), capturedAtMs: 0 };
    const first = await post('/api/liveness-sessions', { documentIdentificationId: step1.submissionId });
    expect(first).toMatchObject({ status: 201, body: { message: 'Liveness session started', sessionId: expect.any(String), nonce: expect.any(String) } });
    const photoAttack = Array.from({ length: 6 }, (_, i) => ({ ...stillPhoto, capturedAtMs: 100 + i * 300 }));
    expect(await post(`/api/liveness-sessions/${first.body['sessionId']}/frames`, { nonce: first.body['nonce'], frames: photoAttack })).toMatchObject({
      status: 200,
      body: { message: 'Liveness failed', status: 'failed', reason: expect.stringMatching(/^LIVENESS_/) },
    });
    expect(await post(`/api/liveness-sessions/${first.body['sessionId']}/frames`, { nonce: first.body['nonce'], frames: photoAttack })).toMatchObject({
      status: 409,
      body: { code: 'LIVENESS_REPLAY', field: 'sessionId' },
    });
    // The failed session reaches the application through biometric's event: wait for it.
    expect(await until(step2.applicationId, 'one failed liveness session', (x) => x.livenessFailures > 0)).toMatchObject({
      status: 'pending',
      livenessFailures: 1,
      livenessPassed: false,
    });

    const second = await post('/api/liveness-sessions', { documentIdentificationId: step1.submissionId });
    const performed = await performChallenges(testFace, landmarks, second.body['challenges'] as LivenessGesture[]);
    const frames = performed.map((f) => ({ image: b64(f.image), capturedAtMs: f.capturedAtMs }));
    expect(await post(`/api/liveness-sessions/${second.body['sessionId']}/frames`, { nonce: second.body['nonce'], frames })).toMatchObject({
      status: 200,
      body: { message: 'Liveness passed', status: 'passed', reason: null },
    });
    expect(await until(step2.applicationId, 'passed', (x) => x.status !== 'pending')).toMatchObject({ status: 'passed', livenessPassed: true });
    expect(await post('/api/kyc-request', contact)).toMatchObject({ status: 201, body: { message: 'Request submitted', id: expect.any(String) } });
  });

  it("liveness over REST needs a document completed by step 2, of the caller's tenant", async () => {
    const c = citizens.find((x) => x.faceId % 22 === 10)!;
    const { front, back } = await photographedCard(c, 'nid_smart', 73);
    const one = new FormData();
    for (const [k, v] of Object.entries({ issuingCountry: 'BGD', email: 'customer@example.com', idType: 'government_id' })) one.append(k, v);
    one.append('idImage', jpeg(front), 'front.jpg');
    one.append('idBackImage', jpeg(back), 'back.jpg');
    const r1 = await fetch(`${base}/v3/submission/step1`, { method: 'POST', headers: { 'x-api-key': gates.tokens.agent }, body: one });
    const { submissionId } = (await r1.json()) as { submissionId: string };
    const start = async (token: string, body: unknown) => {
      const res = await fetch(`${base}/api/liveness-sessions`, {
        method: 'POST',
        headers: { 'x-api-key': token, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    expect(await start(gates.tokens.agent, { documentIdentificationId: submissionId })).toMatchObject({
      status: 409,
      body: { code: 'SUBMISSION_INCOMPLETE', field: 'documentIdentificationId' },
    });
    expect(await start(ctx.tenants.other.tokens.agent, { documentIdentificationId: submissionId })).toMatchObject({
      status: 400,
      body: { code: 'DOCUMENT_NOT_FOUND' },
    });
    expect(await start(gates.tokens.agent, {})).toMatchObject({ status: 400, body: { code: 'REQUIRED', field: 'documentIdentificationId' } });
    expect(await start('ekyc_not-a-key', { documentIdentificationId: submissionId })).toMatchObject({ status: 401, body: { error: 'invalid api key' } });
  });
});

describe('reviews: a person resolves what machines cannot', () => {
  const admin = tokenAuth(gates.tokens.partnerAdmin);
  const reviewer = tokenAuth(gates.tokens.reviewer);
  const CASES = `query($reason: ReviewReason) { reviewCases(reason: $reason) { edges { node { id applicationId reason reasonDetail status claimedByMe dueAt } } } }`;
  // Depth 3 at most: the suite runs the gateway with MAX_QUERY_DEPTH=3; the evidence of faces is read on the application.
  const CASE = `query($id: ID!) { reviewCase(id: $id) { id status reason application { id status } duplicateOf { id status } } }`;
  const CLAIM = `mutation($id: ID!) { claimReviewCase(id: $id) { reviewCase { id claimedByMe } errors { code } } }`;
  const APPROVE = `mutation($input: ApproveReviewCaseInput!) { approveReviewCase(input: $input) { reviewCase { status } errors { code field } } }`;
  const REJECT = `mutation($input: RejectReviewCaseInput!) { rejectReviewCase(input: $input) { reviewCase { status rejectionCodes } errors { code field } } }`;
  let approvedId: string;
  // The partner's receiver of webhooks: the bodies it was sent.
  const received: Array<{ type: string; data: Record<string, unknown> }> = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string; data: Record<string, unknown> });
      res.writeHead(204).end();
    });
  });

  beforeAll(async () => {
    // The bank onboards passed customers into its CDP and is told of decisions and reviews by webhook.
    const cdp = await graphql<{ configureCdpSettings: { errors: UserError[] } }>(
      gw,
      'mutation($input: ConfigureCdpSettingsInput!) { configureCdpSettings(input: $input) { errors { code field message } } }',
      {
        variables: { input: { enabled: true, clientId: 'ekyc-other-bank', clientSecret: 'other-bank-secret' } },
        headers: admin,
      },
    );
    expect(cdp.data?.configureCdpSettings.errors).toEqual([]);
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const hook = await graphql<{ registerWebhookEndpoint: { errors: UserError[] } }>(
      gw,
      'mutation($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { errors { code field message } } }',
      {
        variables: { input: { url, eventTypes: ['verification.completed', 'review.resolved', 'review.resubmission.requested'] } },
        headers: admin,
      },
    );
    expect(hook.data?.registerWebhookEndpoint.errors).toEqual([]);
  });

  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  /** submitApplication with the citizen's own selfie and a passed liveness session; returns once the decision settled on a pending reason. */
  async function liveApplication(c: CardCitizen, settled: (a: ApplicationView) => boolean, selfie?: Buffer): Promise<ApplicationView> {
    const created = await graphql<{ createApplication: { application: { id: string } } }>(gw, CREATE, { variables: { m: mobile() }, headers: auth });
    const id = created.data!.createApplication.application.id;
    const res = await graphql<{ submitApplication: { errors: UserError[] } }>(gw, SUBMIT, {
      variables: { input: { applicationId: id, documentType: 'nid_smart', applicant: applicantOf(c), selfie: b64(selfie ?? (await selfieOf(c))) } },
      headers: auth,
    });
    expect(res.data?.submitApplication.errors).toEqual([]);
    expect(await livenessSession(id, true)).toBe('passed');
    return until(id, 'a decision that needs a person', settled);
  }

  const queue = async (headers: Record<string, string>, reason?: string) =>
    (
      await graphql<{ reviewCases: { edges: Array<{ node: { id: string; applicationId: string; reason: string; reasonDetail: string } }> } }>(gw, CASES, {
        variables: { reason },
        headers,
      })
    ).data?.reviewCases.edges.map((e) => e.node) ?? [];

  it('a head-turned selfie opens a case; one of two racing reviewers claims it, and approval passes the application', async () => {
    // Sandbox face 12 is photographed with the head tilted (roll about 30 degrees, over the engine's 25): its
    // comparisons cannot be scored and go to a person.
    const c = citizens.find((x) => x.faceId % 22 === 12)!;
    const pending = await liveApplication(c, (a) => a.decisionReason?.startsWith('FACE_REVIEW') ?? false);
    expect(pending).toMatchObject({ status: 'pending', livenessPassed: true });
    // The case owns the application until its due time, which the API shows.
    expect((await view(pending.id)).waitingFor).toMatchObject({ owner: 'reviewer', step: 'FACE_REVIEW', overdue: false });
    approvedId = pending.id;
    const open = (await waitFor(async () => (await queue(reviewer)).find((x) => x.applicationId === approvedId) ?? null, {
      timeoutMs: 10_000,
      what: 'the case in the queue',
    }))!;
    expect(open).toMatchObject({ reason: 'FACE_REVIEW', reasonDetail: expect.stringMatching(/^FACE_REVIEW: /) });
    // An agent cannot see the queue; another tenant's reviewer sees nothing of it.
    expect((await graphql(gw, CASES, { headers: auth })).errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(await queue(tokenAuth(ctx.tenants.other.tokens.reviewer))).toEqual([]);
    const viewed = await graphql<{ reviewCase: { application: { id: string; status: string } } }>(gw, CASE, { variables: { id: open.id }, headers: reviewer });
    expect(viewed.data?.reviewCase.application).toEqual({ id: approvedId, status: 'pending' });
    const evidence = await graphql<{ application: { faceMatch: { pairs: Array<{ decision: string }> } } }>(gw, APPLICATION, {
      variables: { id: approvedId },
      headers: reviewer,
    });
    expect(evidence.data?.application.faceMatch.pairs.map((p) => p.decision)).toContain('review');

    const [byReviewer, byAdmin] = await Promise.all([
      graphql<{ claimReviewCase: { reviewCase: unknown; errors: UserError[] } }>(gw, CLAIM, { variables: { id: open.id }, headers: reviewer }),
      graphql<{ claimReviewCase: { reviewCase: unknown; errors: UserError[] } }>(gw, CLAIM, { variables: { id: open.id }, headers: admin }),
    ]);
    const outcomes = [byReviewer, byAdmin].map((r) => r.data?.claimReviewCase.errors.map((e) => e.code)[0] ?? 'claimed');
    expect([...outcomes].sort()).toEqual(['CASE_CLAIMED', 'claimed']);
    const winner = outcomes[0] === 'claimed' ? reviewer : admin;
    const loser = winner === reviewer ? admin : reviewer;
    expect(
      (await graphql<{ approveReviewCase: { errors: UserError[] } }>(gw, APPROVE, { variables: { input: { id: open.id } }, headers: loser })).data
        ?.approveReviewCase.errors,
    ).toEqual([{ code: 'CASE_NOT_CLAIMED', field: 'id' }]);
    const approved = await graphql<{ approveReviewCase: { reviewCase: { status: string }; errors: UserError[] } }>(gw, APPROVE, {
      variables: { input: { id: open.id, note: 'same person' } },
      headers: winner,
    });
    expect(approved.data?.approveReviewCase).toEqual({ reviewCase: { status: 'approved' }, errors: [] });
    expect(await until(approvedId, 'the approval', (a) => a.status !== 'pending')).toMatchObject({ status: 'passed', decisionReason: null, waitingFor: null });

    // What follows a decision follows an approval: the CDP onboarding and the partner's webhooks.
    const onboarding = await waitFor(
      async () => {
        const res = await graphql<{ application: { cdpOnboarding: { state: string } | null } }>(
          gw,
          'query($id: ID!) { application(id: $id) { cdpOnboarding { state } } }',
          { variables: { id: approvedId }, headers: admin },
        );
        const state = res.data?.application.cdpOnboarding?.state;
        return state && ['onboarded', 'existing', 'blocked', 'under_investigation', 'failed'].includes(state) ? state : null;
      },
      { timeoutMs: 60_000, what: 'the CDP onboarding of the approved applicant' },
    );
    expect(['onboarded', 'existing']).toContain(onboarding);
    await waitFor(async () => received.filter((b) => b.data['applicationId'] === approvedId).length >= 2 || null, {
      timeoutMs: 60_000,
      what: 'the webhooks of the approval',
    });
    expect(
      received
        .filter((b) => b.data['applicationId'] === approvedId)
        .map((b) => [b.type, b.data['status'] ?? b.data['outcome']])
        .sort(),
    ).toEqual([
      ['review.resolved', 'approved'],
      ['verification.completed', 'passed'],
    ]);
  });

  it('the same face under another NID is a duplicate case; rejected with a reason code, the application fails', async () => {
    // The passed applicant joins the tenant's known faces once biometric has seen its verification.completed.
    await waitFor(async () => (await sql(ctx.databaseUrl, 'SELECT 1 FROM biometric.known_faces WHERE application_id = $1', [passedFace18])).length > 0, {
      timeoutMs: 60_000,
      what: 'the passed applicant to join the known faces',
    });
    const sameFace = citizens.filter((x) => x.faceId % 22 === 18)[1]!;
    const pending = await liveApplication(sameFace, (a) => a.decisionReason?.startsWith('DUPLICATE_FACE') ?? false);
    expect(pending.decisionReason).toBe(`DUPLICATE_FACE: ${passedFace18}`);
    const open = (await waitFor(async () => (await queue(reviewer, 'DUPLICATE_FACE')).find((x) => x.applicationId === pending.id) ?? null, {
      timeoutMs: 10_000,
      what: 'the duplicate case',
    }))!;
    const viewed = await graphql<{ reviewCase: { duplicateOf: { id: string; status: string } } }>(gw, CASE, { variables: { id: open.id }, headers: reviewer });
    expect(viewed.data?.reviewCase.duplicateOf).toEqual({ id: passedFace18, status: 'passed' });
    // A bad code is refused with its field; the reviewer then works the case in the portal, on a phone.
    await graphql(gw, CLAIM, { variables: { id: open.id }, headers: reviewer });
    const bad = await graphql<{ rejectReviewCase: { errors: UserError[] } }>(gw, REJECT, {
      variables: { input: { id: open.id, codes: ['LOOKS_ODD'] } },
      headers: reviewer,
    });
    expect(bad.data?.rejectReviewCase.errors).toEqual([expect.objectContaining({ code: 'INVALID_REJECTION_CODE', field: 'input.codes' })]);
    await graphql(gw, 'mutation($id: ID!) { releaseReviewCase(id: $id) { errors { code } } }', { variables: { id: open.id }, headers: reviewer });

    const page = await browserPage(360, 740);
    await page.goto(portalUrl);
    await page.fill('input[name="token"]', gates.tokens.reviewer);
    await page.click('button:has-text("Sign in")');
    await page.waitForSelector('[data-testid="review-queue"]');
    const item = page.locator(`[data-testid="review-queue"] li[data-application-id="${pending.id}"]`);
    expect(await item.getAttribute('data-reason')).toBe('DUPLICATE_FACE');
    await shoot(page, 'review-queue-phone');
    await expectUsableLayout(page, 'review-queue');
    await item.locator('button').click();
    await page.waitForSelector('[data-testid="review-case"][data-case-status="open"] [data-testid="evidence-faces"]');
    expect(await page.textContent('[data-testid="duplicate-of"]')).toContain(passedFace18);
    expect(await page.locator('[data-testid="evidence-selfie"] img').count()).toBe(1);
    // The other applicant's selfie, beside this one's.
    expect(await page.locator('[data-testid="evidence-duplicate-selfie"] img').count()).toBe(1);
    await shoot(page, 'review-case-phone');
    await expectUsableLayout(page, 'review-case');
    // Keyboard: C claims; then the reason, and R rejects.
    await page.keyboard.press('c');
    await page.waitForSelector('[data-testid="reject"]');
    await page.check('input[name="code"][value="DUPLICATE_IDENTITY"]');
    // The claim's answer is in once the actions are enabled again (a key pressed while it is in flight is ignored).
    await page.waitForSelector('[data-testid="reject"]:enabled');
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    await page.keyboard.press('r');
    await page.waitForSelector('[data-testid="review-case"][data-case-status="rejected"]');
    // The outcome in words, the code beside it.
    expect(await page.getAttribute('[data-testid="case-outcome"]', 'data-codes')).toBe('DUPLICATE_IDENTITY');
    expect(await page.textContent('[data-testid="case-outcome"]')).toBe('rejected: The same person under another NID DUPLICATE_IDENTITY');
    await shoot(page, 'review-case-rejected-phone');
    await expectUsableLayout(page, 'review-case-rejected');
    expect(await until(pending.id, 'the rejection', (a) => a.status !== 'pending')).toMatchObject({
      status: 'failed',
      decisionReason: 'REVIEW_REJECTED: DUPLICATE_IDENTITY',
    });

    // The queue at a desktop width: the case is gone.
    const desk = await browserPage(1280, 800);
    await desk.goto(portalUrl);
    await desk.fill('input[name="token"]', gates.tokens.reviewer);
    await desk.click('button:has-text("Sign in")');
    await desk.waitForSelector('[data-testid="review-queue"]');
    expect(await desk.locator(`li[data-application-id="${pending.id}"]`).count()).toBe(0);
    await shoot(desk, 'review-queue-desktop');
  });

  it('a blurred selfie goes back to the agent: the reviewer asks for a new one, the agent sends it, and the new one decides', async () => {
    // Sandbox face 5 blurred (gaussian, sigma 5) is too blurry for the engine to score: the comparison goes to a person.
    const c = citizens.find((x) => x.faceId % 22 === 5)!;
    const blurred = await sharp(await selfieOf(c))
      .blur(5)
      .jpeg()
      .toBuffer();
    const pending = await liveApplication(c, (a) => a.decisionReason?.startsWith('FACE_REVIEW') ?? false, blurred);
    const open = (await waitFor(async () => (await queue(reviewer)).find((x) => x.applicationId === pending.id) ?? null, {
      timeoutMs: 10_000,
      what: 'the face review case',
    }))!;
    // The reviewer, at a desk: takes the case, ticks what to send again, writes why, and sends it back (key S).
    const desk = await browserPage(1280, 800);
    await desk.goto(portalUrl);
    await desk.fill('input[name="token"]', gates.tokens.reviewer);
    await desk.click('button:has-text("Sign in")');
    await desk.locator(`[data-testid="review-queue"] li[data-case-id="${open.id}"] button`).click();
    await desk.waitForSelector('[data-testid="review-case"][data-case-status="open"] [data-testid="claim"]');
    await desk.keyboard.press('c');
    await desk.waitForSelector('[data-testid="send-back"]');
    await desk.check('input[name="item"][value="SELFIE"]');
    await desk.waitForSelector('[data-testid="send-back-button"]:enabled');
    await desk.fill('textarea[name="message"]', 'The photo is blurred: hold the phone still, in good light.');
    await desk.evaluate('document.activeElement && document.activeElement.blur()');
    await shoot(desk, 'review-case-send-back-desktop');
    await expectUsableLayout(desk, 'review-case-send-back');
    await desk.keyboard.press('s');
    await desk.waitForSelector('[data-testid="review-case"][data-case-status="resubmission_requested"]');
    expect(await desk.getAttribute('[data-testid="case-outcome"]', 'data-items')).toBe('SELFIE');
    expect(await desk.textContent('[data-testid="case-outcome"]')).toBe('sent back for resubmission: A new selfie');

    // The agent sees what to send, why, and by when; the application is the applicant's until then.
    const WAITING = `query($id: ID!) { application(id: $id) { status decisionReason waitingFor { owner step dueAt } resubmission { items message dueAt receivedAt } } }`;
    type Waiting = {
      status: string;
      decisionReason: string;
      waitingFor: { owner: string; step: string; dueAt: string };
      resubmission: { items: string[]; message: string | null; dueAt: string; receivedAt: string | null };
    };
    const waiting = (await graphql<{ application: Waiting }>(gw, WAITING, { variables: { id: pending.id }, headers: auth })).data!.application;
    expect(waiting).toMatchObject({
      status: 'pending',
      decisionReason: 'AWAITING_RESUBMISSION: SELFIE',
      waitingFor: { owner: 'applicant', step: 'resubmission' },
      resubmission: { items: ['SELFIE'], message: 'The photo is blurred: hold the phone still, in good light.', receivedAt: null },
    });
    expect(waiting.waitingFor.dueAt).toBe(waiting.resubmission.dueAt);
    // Analysts see the request, not the reviewer's words.
    const byAnalyst = await graphql<{ application: Waiting }>(gw, WAITING, { variables: { id: pending.id }, headers: tokenAuth(gates.tokens.analyst) });
    expect(byAnalyst.data?.application.resubmission).toMatchObject({ items: ['SELFIE'], message: null });

    const RESUBMIT = `mutation($input: ResubmitApplicationInput!) { resubmitApplication(input: $input) { application { status decisionReason } replayed errors { code field } } }`;
    const missing = await graphql<{ resubmitApplication: { errors: UserError[] } }>(gw, RESUBMIT, {
      variables: { input: { applicationId: pending.id, documentBack: b64(blurred) } },
      headers: auth,
    });
    expect(missing.data?.resubmitApplication.errors).toEqual([
      { code: 'REQUIRED', field: 'input.selfie' },
      { code: 'NOT_REQUESTED', field: 'input.documentBack' },
    ]);
    const sent = await graphql<{ resubmitApplication: { application: { status: string }; errors: UserError[] } }>(gw, RESUBMIT, {
      variables: { input: { applicationId: pending.id, selfie: b64(await selfieOf(c)) } },
      headers: auth,
    });
    expect(sent.data?.resubmitApplication).toMatchObject({ application: { status: 'pending' }, replayed: false, errors: [] });
    // The new selfie is compared again: it matches, liveness had passed, and the application passes without a second case.
    expect(await until(pending.id, 'the decision on the new selfie', (a) => a.status !== 'pending')).toMatchObject({ status: 'passed', decisionReason: null });
    expect((await view(pending.id)).faceMatch?.pairs).toEqual([{ pair: 'selfie_ec', decision: 'match' }]);
    await waitFor(async () => received.some((b) => b.type === 'review.resubmission.requested' && b.data['applicationId'] === pending.id) || null, {
      timeoutMs: 60_000,
      what: 'the resubmission webhook',
    });
    expect(received.find((b) => b.type === 'review.resubmission.requested' && b.data['applicationId'] === pending.id)?.data).toEqual({
      caseId: open.id,
      applicationId: pending.id,
      items: ['SELFIE'],
      dueAt: waiting.resubmission.dueAt,
    });
  });

  it("counts the tenant's reviews in the analysts' dashboard: opened, outcomes, the queue now, time to review", async () => {
    const today = new Date(Date.now() + 6 * 3_600_000).toISOString().slice(0, 10);
    type Reviews = {
      opened: number;
      approved: number;
      rejected: number;
      resubmissionsRequested: number;
      escalated: number;
      open: number;
      medianSecondsToReview: number | null;
    };
    const reviews = await waitFor(
      async () => {
        const res = await graphql<{ verificationStats: { stats: { reviews: Reviews } } }>(
          gw,
          'query($d: String!) { verificationStats(startDate: $d, endDate: $d) { stats { reviews { opened approved rejected resubmissionsRequested escalated open medianSecondsToReview } } } }',
          { variables: { d: today }, headers: tokenAuth(gates.tokens.analyst) },
        );
        const r = res.data?.verificationStats.stats.reviews;
        return r && r.approved + r.rejected + r.resubmissionsRequested === 3 ? r : null;
      },
      { timeoutMs: 30_000, what: 'the reviews to reach the audit trail' },
    );
    expect(reviews).toMatchObject({
      opened: 3,
      approved: 1,
      rejected: 1,
      resubmissionsRequested: 1,
      escalated: 0,
      open: 0,
      medianSecondsToReview: expect.any(Number),
    });
  });
});
