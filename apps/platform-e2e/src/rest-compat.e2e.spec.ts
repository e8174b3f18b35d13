import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '@ekyc/testing';
import { sandboxFace } from '@ekyc/tools/cardgen/face-photo';
import { loadCardCitizens, photographedCard, photographedForeign, photographedLabelled, type CardCitizen } from './cards';
import { e2eContext, graphql, mailsTo, tokenAuth } from './support';

jest.setTimeout(300_000);

const run = promisify(execFile);
const ctx = e2eContext();
// Tenant `other`: submission.e2e.spec.ts switches the demo tenant's face requirement while it runs.
const { other } = ctx.tenants;
const base = ctx.gatewayUrl.replace(/\/graphql$/, '');

/*
 * The contracts' own examples, copied verbatim from shared/seeds. Only two repairs, both copy damage
 * the seeds' README describes: agent step 2's field names are in their underscore form (the seed has
 * `--form "nid no=..."`, the real field is `nid_no`), and section D's URL, broken onto its own line
 * after a blank one, is joined back to its `curl`.
 */
const AGENT_STEP1 = `curl --location --request POST "http://www.domain.com/agent/customer-registration/?step=1&crop=1" \\
    --form "id_front=@/C:/Users/User/Desktop/nid_front_image.jpg" \\
    --form "id_back=@/C:/Users/User/Desktop/nid_back_image.jpg"`;

const AGENT_STEP2 = `curl --location --request POST "http://www.domain.com/agent/customer-registration/?step=2" \\
  --form "nid_no=5558274157487" \\
  --form "dob=1/10/1980" \\
  --form "applicant_name_ben=মো. আসাদুৰামান মিয়া" \\
  --form "applicant_name_eng=Md. Asaduzzaman Miah" \\
  --form "father_name=আবুল মুনীম" \\
  --form "mother_name=আবু মুনী" \\
  --form "pres_address=22/1, ইসলামপুর রোড, খুলনা সিটি করপোরেশন দোলখেলা" \\
  --form "perm_address=22/1, ইসলামপুর রোড, খুলনা সিটি করপোরেশন দোলখেলা" \\
  --form "id_front_name=idNameSomething.jpg" \\
  --form "id_back_name=idBackNameSomething.jpg" \\
  --form "gender=Male" \\
  --form "profession=Engineer" \\
  --form "nominee=Ambia Khatun" \\
  --form "nominee_relation=Mother" \\
  --form "mobile_number=01785478964" \\
  --form "applicant_photo=@/C:/Users/User/Desktop/customers photo.jpg"`;

const AGENT_STATUS = `curl --location --request POST "https://domain.com/agent/get-verification-status/" \\
 --form "mobile_number=01748383587"`;

const AGENT_LOG = `curl --location --request GET "https://ekyc.gigatechltd.com/agent/get-verification-log/?status=passed&page=1&per_page=3"`;

const TWO_STEP_SAMPLE_REQUEST_1 = `curl --location --request POST 'https://rest-api.argosidentity.com/v3/submission/step1' \\
--header 'x-api-key: {YOUR_API_KEY}' \\
--form 'issuingCountry="USA"' \\
--form 'email="sample@email.com"' \\
--form 'idType="drivers_license"' \\
--form 'idImage=@"/C:/Users/sampleID.jpg"' \\
--form 'cf1="test"' \\
--form 'userid="user1"'`;

const TWO_STEP_STEP1_SAMPLE = `curl --location --request POST 'https://rest-api.argosidentity.com/v3/submission/step1' \\
--header 'x-api-key: {yourAPIKey}' \\
--form 'issuingCountry="USA"' \\
--form 'email="{email}"' \\
--form 'idType="drivers_license"' \\
--form 'idImage=@"/C:/Users/sampleID.jpg"' \\
--form 'idBackImage=@"/C:/Users/sampleID_back.jpg"' \\
--form 'cf1="test"' \\
--form 'userid="user1"'`;

/** The words of a shell command as sh would split them: quotes, backslash escapes and line continuations. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && /["\\$`]/.test(command[i + 1] ?? '')) word += command[++i];
      else word += ch;
    } else if (ch === '\\') {
      if (command[i + 1] === '\n') i++;
      else word = (word ?? '') + (command[++i] ?? '');
    } else if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      word ??= '';
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

const CONTRACT_HOSTS = ['http://www.domain.com', 'https://domain.com', 'https://ekyc.gigatechltd.com', 'https://rest-api.argosidentity.com'];

interface CurlResult {
  status: number;
  contentType: string;
  body: string;
  json: unknown;
}

/**
 * Runs a contract's curl example against the platform, changing only the host, the key and the file
 * paths (and form values in `replace`, for runs that must differ from the sample). The agent examples
 * carry no header: the contract says every request has `Authorization: Token <key>`, so it is added.
 */
async function curl(example: string, options: { token: string; files?: string; replace?: Record<string, string>; agent?: boolean; raw?: boolean }): Promise<CurlResult> {
  let args = shellWords(example);
  expect(args[0]).toBe('curl');
  args = args.slice(1).map((arg) => {
    let out = arg;
    for (const host of CONTRACT_HOSTS) if (out.startsWith(host)) out = base + out.slice(host.length);
    out = out.replace('{YOUR_API_KEY}', options.token).replace('{yourAPIKey}', options.token);
    if (options.files) out = out.replace('/C:/Users/User/Desktop/', `${options.files}/`).replace('/C:/Users/', `${options.files}/`);
    for (const [from, to] of Object.entries(options.replace ?? {})) out = out.replace(from, to);
    return out;
  });
  if (options.agent) args.push('--header', `Authorization: Token ${options.token}`);
  args.push('--silent', '--show-error', '--write-out', '\n%{http_code} %{content_type}');
  const { stdout } = await run('curl', args, { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  const cut = stdout.lastIndexOf('\n');
  const [status, contentType = ''] = stdout.slice(cut + 1).split(' ');
  const body = stdout.slice(0, cut);
  let json: unknown = null;
  if (!options.raw && contentType.startsWith('application/json')) json = JSON.parse(body);
  return { status: Number(status), contentType, body, json };
}

const dirs: string[] = [];
/** A directory standing in for the examples' `C:/Users/...`, holding the named files. */
function filesDir(files: Record<string, Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rest-compat-'));
  dirs.push(dir);
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);
  return dir;
}

const POLICY = `mutation($input: UpdateSubmissionPolicyInput!) { updateSubmissionPolicy(input: $input) { policy { requireFaceMatch } errors { code } } }`;
let requireFaceMatchBefore: boolean;
let citizens: CardCitizen[];
/** d/m/yyyy, as the agent contract's step 2 sample writes dates. */
const dayFirst = (iso: string) => iso.split('-').reverse().map(Number).join('/');
const addressText = (a: CardCitizen['presentAddress']) => `${a.upozila}, ${a.district}, ${a.division}`;
const agentToken = () => other.tokens.agent;

beforeAll(async () => {
  citizens = loadCardCitizens();
  // Decisions on the NID answer alone, so an application passes without face matching (restored after).
  const read = await graphql<{ submissionPolicy: { requireFaceMatch: boolean } }>(ctx.gatewayUrl, '{ submissionPolicy { requireFaceMatch } }', { headers: tokenAuth(other.tokens.partnerAdmin) });
  requireFaceMatchBefore = read.data!.submissionPolicy.requireFaceMatch;
  const set = await graphql(ctx.gatewayUrl, POLICY, { variables: { input: { requireFaceMatch: false } }, headers: tokenAuth(other.tokens.partnerAdmin) });
  expect(set.errors).toBeUndefined();
});

afterAll(async () => {
  await graphql(ctx.gatewayUrl, POLICY, { variables: { input: { requireFaceMatch: requireFaceMatchBefore } }, headers: tokenAuth(other.tokens.partnerAdmin) });
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

type AgentStatus = { status: string; detail?: Record<string, unknown>; reason?: string };

/** The status example for another mobile number: the raw body (nid_no may exceed a double) and its parse. */
const statusOf = async (mobile: string) => {
  const res = await curl(AGENT_STATUS, { token: agentToken(), agent: true, raw: true, replace: { 'mobile_number=01748383587': `mobile_number=${mobile}` } });
  return { text: res.body, body: JSON.parse(res.body) as AgentStatus };
};

describe('agent eKYC API, by its curl examples', () => {
  // Citizen 44 (face 0) passes; citizen 45's card carries the contract's sample person, whom the EC does not know.
  let passedNames: { front: string; back: string };
  let sampleNames: { front: string; back: string };
  let sampleDir: string;

  it('A. step 1 reads both sides of the NID card', async () => {
    const c = citizens[44]!;
    const card = await photographedCard(c, 'nid_smart', 441);
    const res = await curl(AGENT_STEP1, { token: agentToken(), agent: true, files: filesDir({ 'nid_front_image.jpg': card.front, 'nid_back_image.jpg': card.back }) });
    expect(res.status).toBe(200);
    const body = res.json as { status: string; data: Record<string, string | null> };
    expect(body.status).toBe('success');
    expect(Object.keys(body.data).sort()).toEqual(
      ['nid_no', 'dob', 'customer_name_ben', 'customer_name_eng', 'father_name', 'mother_name', 'address', 'id_front_image', 'id_back_image', 'id_front_name', 'id_back_name'].sort(),
    );
    expect(body.data).toMatchObject({
      nid_no: c.nid10,
      dob: c.dateOfBirth.split('-').map(Number).join('/'),
      id_front_name: expect.stringMatching(/^[0-9a-f-]{36}-front\.jpg$/),
      id_back_name: expect.stringMatching(/^[0-9a-f-]{36}-back\.jpg$/),
    });
    expect(body.data['customer_name_eng']).toEqual(expect.any(String));
    for (const image of [body.data['id_front_image'], body.data['id_back_image']]) expect(Buffer.from(image ?? '', 'base64').subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    passedNames = { front: body.data['id_front_name']!, back: body.data['id_back_name']! };

    const sample = await photographedCard(citizens[45]!, 'nid_smart', 451);
    sampleDir = filesDir({ 'nid_front_image.jpg': sample.front, 'nid_back_image.jpg': sample.back, 'customers photo.jpg': await sandboxFace(10) });
    const second = await curl(AGENT_STEP1, { token: agentToken(), agent: true, files: sampleDir });
    expect(second.status).toBe(200);
    const data = (second.json as { data: Record<string, string> }).data;
    sampleNames = { front: data['id_front_name']!, back: data['id_back_name']! };
  });

  it('A. refuses a card image over 2 MB with 413 and the field, and a wrong token in the envelope', async () => {
    const big = filesDir({ 'nid_front_image.jpg': Buffer.alloc(3 * 1024 * 1024, 0xff), 'nid_back_image.jpg': Buffer.alloc(10, 0xff) });
    const res = await curl(AGENT_STEP1, { token: agentToken(), agent: true, files: big });
    expect(res).toMatchObject({ status: 413, json: { status: 'error', code: 'IMAGE_TOO_LARGE', field: 'id_front' } });
    const unauthenticated = await curl(AGENT_STEP1, { token: 'ekyc_not-a-key', agent: true, files: big });
    expect(unauthenticated).toMatchObject({ status: 401, json: { status: 'error', code: 'INVALID_TOKEN', field: 'Authorization' } });
  });

  it("B. step 2 refuses the sample's image names, which name no step 1 upload", async () => {
    const res = await curl(AGENT_STEP2, { token: agentToken(), agent: true, files: sampleDir });
    expect(res).toMatchObject({ status: 400, json: { status: 'error', code: 'UNKNOWN_IMAGE_NAME', field: 'id_front_name' } });
  });

  it("B. step 2 submits the sample person with step 1's image names", async () => {
    const res = await curl(AGENT_STEP2, {
      token: agentToken(),
      agent: true,
      files: sampleDir,
      replace: { 'id_front_name=idNameSomething.jpg': `id_front_name=${sampleNames.front}`, 'id_back_name=idBackNameSomething.jpg': `id_back_name=${sampleNames.back}` },
    });
    expect(res).toMatchObject({ status: 200, json: { status: 'success', detail: 'Application successfully submitted, awaiting identity verification.' } });
  });

  it('B. step 2 submits a citizen the EC knows, under the mobile number of the status example', async () => {
    const c = citizens[44]!;
    const replace = {
      'nid_no=5558274157487': `nid_no=${c.nid10}`,
      'dob=1/10/1980': `dob=${dayFirst(c.dateOfBirth)}`,
      'applicant_name_ben=মো. আসাদুৰামান মিয়া': `applicant_name_ben=${c.name}`,
      'applicant_name_eng=Md. Asaduzzaman Miah': `applicant_name_eng=${c.nameEn}`,
      'father_name=আবুল মুনীম': `father_name=${c.father}`,
      'mother_name=আবু মুনী': `mother_name=${c.mother}`,
      'pres_address=22/1, ইসলামপুর রোড, খুলনা সিটি করপোরেশন দোলখেলা': `pres_address=বাসা ১২, রোড ৩, ${addressText(c.presentAddress)}`,
      'perm_address=22/1, ইসলামপুর রোড, খুলনা সিটি করপোরেশন দোলখেলা': `perm_address=${addressText(c.permanentAddress)}`,
      'id_front_name=idNameSomething.jpg': `id_front_name=${passedNames.front}`,
      'id_back_name=idBackNameSomething.jpg': `id_back_name=${passedNames.back}`,
      'mobile_number=01785478964': 'mobile_number=01748383587',
    };
    const res = await curl(AGENT_STEP2, { token: agentToken(), agent: true, files: filesDir({ 'customers photo.jpg': await sandboxFace(c.faceId) }), replace });
    expect(res).toMatchObject({ status: 200, json: { status: 'success' } });
    // Pending has neither values nor scores; the NID check may already have decided.
    const early = (await statusOf('01748383587')).body;
    if (early.status === 'pending') expect(early).not.toHaveProperty('detail');
  });

  it('C. the status example answers passed with every value, score and photo', async () => {
    const passed = await waitFor(
      async () => {
        const res = await curl(AGENT_STATUS, { token: agentToken(), agent: true, raw: true });
        return res.status === 200 && (JSON.parse(res.body) as AgentStatus).status === 'passed' ? res : null;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: 'the application of 01748383587 to pass' },
    );
    const c = citizens[44]!;
    // nid_no is a JSON number, as in the contract's sample.
    expect(passed.body).toContain(`"nid_no":${c.nid10},`);
    const body = JSON.parse(passed.body) as { status: string; detail: Record<string, unknown> };
    const keys = ['nid_no', 'dob', 'applicant_name_eng', 'applicant_name_ben', 'father_name', 'mother_name', 'pres_address'];
    expect(Object.keys(body.detail).sort()).toEqual(
      [...keys, ...keys.map((k) => `${k}_score`), 'textual_info_match', 'applicant_photo_from_card', 'applicant_photo_card_ec_match', 'applicant_photo_from_app', 'applicant_photo_app_ec_match'].sort(),
    );
    expect(body.detail).toMatchObject({
      nid_no: Number(c.nid10),
      nid_no_score: 100,
      dob: c.dateOfBirth.split('-').reverse().join('/'),
      applicant_name_eng: c.nameEn,
      applicant_name_ben: c.name,
      // As sent, the house part included.
      pres_address: `বাসা ১২, রোড ৩, ${addressText(c.presentAddress)}`,
      textual_info_match: true,
    });
    for (const key of keys) expect(body.detail[`${key}_score`]).toEqual(expect.any(Number));
    expect(Buffer.from(body.detail['applicant_photo_from_app'] as string, 'base64').subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('C. the sample person fails: values and scores present, the reason given', async () => {
    const failed = await waitFor(
      async () => {
        const res = await statusOf('01785478964');
        return res.body.status === 'failed' ? res : null;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: 'the application of 01785478964 to fail' },
    );
    expect(failed.body).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^NID_/), detail: { applicant_name_eng: 'Md. Asaduzzaman Miah', textual_info_match: false } });
    // The 13-digit sample NID, as the graph normalises it (the birth year prefixed), a JSON number.
    expect(failed.text).toMatch(/"nid_no":(5558274157487|19805558274157487),/);
    expect(failed.body.detail).toHaveProperty('nid_no_score');
    const none = await curl(AGENT_STATUS, { token: agentToken(), agent: true, replace: { 'mobile_number=01748383587': 'mobile_number=01999999999' } });
    expect(none).toMatchObject({ status: 404, json: { status: 'error', code: 'APPLICATION_NOT_FOUND', field: 'mobile_number' } });
  });

  it('D. the log example lists the passed application', async () => {
    const c = citizens[44]!;
    const res = await waitFor(
      async () => {
        const r = await curl(AGENT_LOG, { token: agentToken(), agent: true });
        return (r.json as Array<{ mobile_number: string }>).some((e) => e.mobile_number === '01748383587') ? r : null;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the verification log to list 01748383587' },
    );
    const log = res.json as Array<Record<string, string>>;
    expect(log.length).toBeLessThanOrEqual(3);
    for (const entry of log) expect(Object.keys(entry).sort()).toEqual(['applicant_name_eng', 'mobile_number', 'nid_no', 'submitted_on', 'verification_status']);
    expect(log.every((e) => e['verification_status'] === 'passed')).toBe(true);
    const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Dhaka', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
    expect(log.find((e) => e['mobile_number'] === '01748383587')).toEqual({
      mobile_number: '01748383587',
      applicant_name_eng: c.nameEn,
      nid_no: c.nid10,
      submitted_on: today,
      verification_status: 'passed',
    });
  });
});

describe('two-step submission API, by its examples', () => {
  let card: { front: Buffer; back: Buffer };
  let dir: string;
  let readSubmission: string;
  const asBangladeshNid = { 'issuingCountry="USA"': 'issuingCountry="BGD"', 'idType="drivers_license"': 'idType="government_id"' };

  beforeAll(async () => {
    card = await photographedCard(citizens[46]!, 'nid_smart', 461);
    dir = filesDir({ 'sampleID.jpg': card.front, 'sampleID_back.jpg': card.back });
  });

  it("sample request 1: a US driver's licence, front only, is read by its labelled fields; what is accepted is right", async () => {
    const licence = await photographedForeign('drivers_license', 3, 17);
    const files = filesDir({ 'sampleID.jpg': licence.front });
    const res = await curl(TWO_STEP_SAMPLE_REQUEST_1, { token: other.tokens.agent, files });
    expect(res.status).toBe(200);
    const body = res.json as { document_fields: Record<string, boolean>; reviewOCRData: Record<string, string | boolean | null>; kycStatus: string; missing_fields: string[] };
    expect(body).toMatchObject({ kycStatus: 'pending', file_upload: true, file_back_upload: false, idBackImage: null });
    expect(body.document_fields).toMatchObject({ documentNumber: true, lastName: true, firstName: true, birthDate: true, expireDate: true, issueDate: true, gender: true, name: true });
    const t = licence.truth;
    const printed: Record<string, string> = { documentNumber: t.documentNumber, lastName: t.surname, firstName: t.givenNames, birthDate: t.dateOfBirth, expireDate: t.expiryDate!, issueDate: t.issueDate!, gender: t.sex === 'M' ? 'male' : 'female' };
    for (const [name, value] of Object.entries(printed)) {
      if (body.reviewOCRData[`accepted_ocr_${name}`] === true) expect([name, body.reviewOCRData[`ocr_${name}`]]).toEqual([name, value]);
      else expect(body.missing_fields).toContain(name);
    }
    expect(body.reviewOCRData['ocr_birthDate']).toBe(t.dateOfBirth);
    const badKey = await curl(TWO_STEP_SAMPLE_REQUEST_1, { token: 'ekyc_not-a-key', files });
    expect(badKey).toMatchObject({ status: 401, json: { error: 'invalid api key', code: 'INVALID_TOKEN' } });
  });

  it("the step 1 sample with the licence's back: every field from its AAMVA barcode, accepted, with the jurisdiction", async () => {
    const licence = await photographedForeign('drivers_license', 4, 23);
    const files = filesDir({ 'sampleID.jpg': licence.front, 'sampleID_back.jpg': licence.back });
    const res = await curl(TWO_STEP_STEP1_SAMPLE, { token: other.tokens.agent, files, replace: { '{email}': `dl-${randomUUID()}@example.com` } });
    expect(res.status).toBe(200);
    const t = licence.truth;
    expect(res.json).toMatchObject({
      missing_fields: [],
      file_back_upload: true,
      kycStatus: 'pending',
      reviewOCRData: {
        ocr_documentNumber: t.documentNumber,
        accepted_ocr_documentNumber: true,
        ocr_lastName: t.surname,
        ocr_firstName: t.givenNames,
        ocr_name: `${t.givenNames} ${t.surname}`,
        accepted_ocr_name: true,
        ocr_birthDate: t.dateOfBirth,
        ocr_expireDate: t.expiryDate,
        ocr_issueDate: t.issueDate,
        ocr_issuingState: t.issuingState,
        accepted_ocr_issuingState: true,
      },
    });
  });

  it('sample request 1 with an Aadhaar from India: read by its Secure QR, the number by its print', async () => {
    const aadhaar = await photographedForeign('aadhaar', 2, 31);
    const files = filesDir({ 'sampleID.jpg': aadhaar.front });
    const res = await curl(TWO_STEP_SAMPLE_REQUEST_1, { token: other.tokens.agent, files, replace: { 'issuingCountry="USA"': 'issuingCountry="IND"', 'idType="drivers_license"': 'idType="aadhaar"' } });
    expect(res.status).toBe(200);
    const t = aadhaar.truth;
    expect(res.json).toMatchObject({
      kycStatus: 'pending',
      missing_fields: [],
      document_fields: { documentNumber: true, name: true, birthDate: true, gender: true, address: true },
      reviewOCRData: { ocr_documentNumber: t.documentNumber, ocr_name: t.fullName, accepted_ocr_name: true, ocr_birthDate: t.dateOfBirth, ocr_gender: t.sex === 'M' ? 'male' : 'female', ocr_address: t.address },
    });
  });

  it('sample request 1 as a PAN card, a registration certificate and a licence from outside AAMVA: read by their labels; what is accepted is right', async () => {
    const cases = [
      { kind: 'pancard', country: 'IND', idType: 'pancard' },
      { kind: 'vehicle_registration', country: 'GBR', idType: 'vehicle_registration_certificate' },
      { kind: 'drivers_license_iso', country: 'DEU', idType: 'drivers_license' },
    ] as const;
    for (const [i, c] of cases.entries()) {
      const document = await photographedLabelled(c.kind, i, 41 + i);
      const files = filesDir({ 'sampleID.jpg': document.front });
      const res = await curl(TWO_STEP_SAMPLE_REQUEST_1, { token: other.tokens.agent, files, replace: { 'issuingCountry="USA"': `issuingCountry="${c.country}"`, 'idType="drivers_license"': `idType="${c.idType}"` } });
      expect([c.kind, res.status]).toEqual([c.kind, 200]);
      const body = res.json as { reviewOCRData?: Record<string, string | boolean | null>; missing_fields: string[]; kycStatus: string };
      const t = document.truth;
      const printed: Record<string, string> =
        c.kind === 'pancard'
          ? { documentNumber: t.documentNumber, name: t.fullName!, fatherName: t.fatherName!, birthDate: t.dateOfBirth }
          : c.kind === 'vehicle_registration'
            ? { documentNumber: t.documentNumber, name: t.fullName!, issueDate: t.issueDate!, expireDate: t.expiryDate! }
            : { documentNumber: t.documentNumber, lastName: t.surname, firstName: t.givenNames, birthDate: t.dateOfBirth, issueDate: t.issueDate!, expireDate: t.expiryDate! };
      // What is accepted is what the document says; the rest is for the agent to confirm.
      for (const [name, value] of Object.entries(printed)) {
        if (body.reviewOCRData?.[`accepted_ocr_${name}`] === true) expect([c.kind, name, body.reviewOCRData[`ocr_${name}`]]).toEqual([c.kind, name, value]);
        else expect([c.kind, body.missing_fields]).toEqual([c.kind, expect.arrayContaining([name])]);
      }
    }
  });

  it('a PAN card or an Aadhaar from a country that does not issue them is refused with UNSUPPORTED_ID_TYPE on idType', async () => {
    for (const idType of ['pancard', 'aadhaar']) {
      const res = await curl(TWO_STEP_SAMPLE_REQUEST_1, { token: other.tokens.agent, files: dir, replace: { 'idType="drivers_license"': `idType="${idType}"` } });
      expect(res).toMatchObject({ status: 400, json: { code: 'UNSUPPORTED_ID_TYPE', field: 'idType' } });
    }
  });

  it("sample request 1 with a Bangladesh NID: sample response 1's shape, front only", async () => {
    const res = await curl(TWO_STEP_SAMPLE_REQUEST_1, { token: other.tokens.agent, files: dir, replace: asBangladeshNid });
    expect(res.status).toBe(200);
    const body = res.json as Record<string, unknown>;
    expect(body).toMatchObject({
      document_fields: expect.objectContaining({ identityNumber: true, birthDate: true, name: true }),
      missing_fields: expect.any(Array),
      reviewOCRData: expect.objectContaining({ ocr_identityNumber: `${citizens[46]!.nid10[0]}*********`, accepted_ocr_identityNumber: true, ocr_birthDate: citizens[46]!.dateOfBirth, accepted_ocr_birthDate: true }),
      submissionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      idImage: expect.stringMatching(new RegExp(`^${base}/v3/submission/[0-9a-f-]{36}/images/front$`)),
      idBackImage: null,
      file_upload: true,
      file_back_upload: false,
      kycStatus: 'pending',
      retryCount: 1,
    });
  });

  it("the step 1 sample with the back too: both images served from their URLs", async () => {
    const res = await curl(TWO_STEP_STEP1_SAMPLE, { token: other.tokens.agent, files: dir, replace: { ...asBangladeshNid, '{email}': 'sample@email.com' } });
    expect(res).toMatchObject({ status: 200, json: { file_upload: true, file_back_upload: true, kycStatus: 'pending' } });
    const body = res.json as { submissionId: string; idImage: string; idBackImage: string; reviewOCRData: Record<string, unknown> };
    expect(body.reviewOCRData).toHaveProperty('ocr_address');
    readSubmission = body.submissionId;
    for (const url of [body.idImage, body.idBackImage]) {
      const image = await run('curl', ['--silent', '--header', `x-api-key: ${other.tokens.agent}`, '--write-out', '%{content_type}', '--output', path.join(dir, 'served.jpg'), url], { encoding: 'utf8' });
      expect(image.stdout).toBe('image/jpeg');
    }
    const foreign = await run('curl', ['--silent', '--header', `x-api-key: ${ctx.tenants.demo.tokens.agent}`, body.idImage], { encoding: 'utf8' });
    expect(JSON.parse(foreign.stdout)).toMatchObject({ code: 'SUBMISSION_NOT_FOUND', field: 'submissionId' });
  });

  it('sample request 2, the JavaScript example, with a Bangladesh NID', async () => {
    const fileInput = { files: [new Blob([card.front], { type: 'image/jpeg' })] };
    const myHeaders = new Headers();
    myHeaders.append('x-api-key', other.tokens.agent);

    const formdata = new FormData();
    formdata.append('issuingCountry', 'BGD');
    formdata.append('email', 'sample@email.com');
    formdata.append('idType', 'government_id');
    formdata.append('idImage', fileInput.files[0]!, '/C:/Users/sampleID.jpg');
    formdata.append('cf1', 'test');
    formdata.append('userid', 'user1');

    const requestOptions: RequestInit = { method: 'POST', headers: myHeaders, body: formdata, redirect: 'follow' };
    const response = await fetch(`${base}/v3/submission/step1`, requestOptions);
    const result = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(200);
    expect(Object.keys(result)).toEqual(expect.arrayContaining(['document_fields', 'missing_fields', 'reviewOCRData', 'submissionId', 'idImage', 'file_upload', 'file_back_upload', 'kycStatus', 'retryCount']));
  });

  it('step 2 (designed here) completes the read submission with what step 1 read', async () => {
    const photo = path.join(dir, 'selfie.jpg');
    writeFileSync(photo, await sandboxFace(citizens[46]!.faceId));
    const form = { submissionId: readSubmission, gender: 'Female', profession: 'Teacher', nominee: 'Arifur Rahman', nomineeRelation: 'Father', mobileNumber: '01811223344' };
    const args = ['--silent', '--request', 'POST', `${base}/v3/submission/step2`, '--header', `x-api-key: ${other.tokens.agent}`, ...Object.entries(form).flatMap(([k, v]) => ['--form', `${k}=${v}`]), '--form', `applicantPhoto=@${photo}`];
    const res = JSON.parse((await run('curl', args, { encoding: 'utf8' })).stdout) as Record<string, unknown>;
    expect(res).toEqual({ submissionId: readSubmission, kycStatus: 'pending', applicationId: expect.any(String), status: 'pending' });
    const again = JSON.parse((await run('curl', [...args.slice(0, -2), '--form', `applicantPhoto=@${path.join(dir, 'sampleID.jpg')}`], { encoding: 'utf8' })).stdout) as Record<string, unknown>;
    expect(again).toMatchObject({ code: 'ALREADY_SUBMITTED', field: 'submissionId' });
  });
});

describe('eKYC request API, by its documented request', () => {
  /** The contract's request: its headers and JSON body, sent with curl. */
  const create = (apiKey: string, body: Record<string, string>) =>
    `curl -X POST "${base}/api/kyc-request" -H "Content-Type: application/json" -H "Accept: application/json" -H "x-api-key: ${apiKey}" -d '${JSON.stringify(body)}'`;
  const email = () => `rest.${randomBytes(4).toString('hex')}@example.com`;
  const phone = () => `+88017${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  let submissionId: string;
  let requestId: string;
  const contact = { email: email(), phoneNumber: phone() };

  beforeAll(async () => {
    const card = await photographedCard(citizens[47]!, 'nid_smart', 471);
    const dir = filesDir({ 'sampleID.jpg': card.front, 'sampleID_back.jpg': card.back });
    const res = await curl(TWO_STEP_STEP1_SAMPLE, { token: other.tokens.agent, files: dir, replace: { 'issuingCountry="USA"': 'issuingCountry="BGD"', 'idType="drivers_license"': 'idType="government_id"', '{email}': contact.email } });
    submissionId = (res.json as { submissionId: string }).submissionId;
  });

  it('201 Request submitted, then 409 for the same email and phone', async () => {
    const created = await curl(create(other.tokens.agent, { ...contact, documentIdentificationId: submissionId }), { token: other.tokens.agent });
    expect(created).toMatchObject({ status: 201, json: { message: 'Request submitted', id: expect.any(String) } });
    requestId = (created.json as { id: string }).id;
    const taken = await curl(create(other.tokens.agent, { ...contact, documentIdentificationId: submissionId }), { token: other.tokens.agent });
    expect(taken).toMatchObject({ status: 409, json: { error: '(email, phone) already taken', code: 'EKYC_CONTACT_TAKEN' } });
  });

  it('400 for an unknown document, 401 for a bad key', async () => {
    const unknown = await curl(create(other.tokens.agent, { email: email(), phoneNumber: phone(), documentIdentificationId: randomUUID() }), { token: other.tokens.agent });
    expect(unknown).toMatchObject({ status: 400, json: { error: 'There is no document identification data with the provided id!', code: 'DOCUMENT_NOT_FOUND', field: 'documentIdentificationId' } });
    const badKey = await curl(create('ekyc_not-a-key', { email: email(), phoneNumber: phone(), documentIdentificationId: submissionId }), { token: 'x' });
    expect(badKey).toMatchObject({ status: 401, json: { error: 'invalid api key' } });
  });

  it('verifies the OTP, accepts (partner admins only), retrieves, lists and deletes the request', async () => {
    const key = (token: string) => ['--silent', '--header', `x-api-key: ${token}`, '--header', 'content-type: application/json'];
    const send = async (token: string, method: string, route: string, body?: unknown) =>
      JSON.parse((await run('curl', [...key(token), '--request', method, `${base}${route}`, ...(body ? ['--data', JSON.stringify(body)] : [])], { encoding: 'utf8' })).stdout) as Record<string, unknown>;
    const otp = await waitFor(async () => /verification code is (\d{6})\./.exec((await mailsTo(contact.email))[0]?.text ?? '')?.[1], { what: 'the OTP mail' });
    const verified = await send(other.tokens.agent, 'POST', `/api/kyc-request/${requestId}/verify-otp`, { otp, documentNumberLast4: citizens[47]!.nid10.slice(-4) });
    expect(verified).toMatchObject({ message: 'OTP verified', request: { id: requestId, status: 'verified', email: contact.email } });
    expect(await send(other.tokens.agent, 'POST', `/api/kyc-request/${requestId}/accept`)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await send(other.tokens.partnerAdmin, 'POST', `/api/kyc-request/${requestId}/accept`)).toMatchObject({ message: 'Request accepted', request: { status: 'accepted' } });
    expect(await send(other.tokens.agent, 'GET', `/api/kyc-request/${requestId}`)).toMatchObject({ id: requestId, status: 'accepted', documentIdentificationId: submissionId });
    const list = await send(other.tokens.agent, 'GET', '/api/kyc-request?status=accepted&limit=10');
    expect((list['requests'] as Array<{ id: string }>).map((r) => r.id)).toContain(requestId);
    expect(await send(other.tokens.partnerAdmin, 'DELETE', `/api/kyc-request/${requestId}`)).toMatchObject({ message: 'Request deleted', request: { status: 'deleted', email: null } });
    expect(await send(other.tokens.agent, 'GET', `/api/kyc-request/${randomUUID()}`)).toMatchObject({ error: 'eKYC request not found', code: 'NOT_FOUND' });
  });
});

describe('OpenAPI document', () => {
  it('is served at /openapi.json and lists the contract routes', async () => {
    const res = await fetch(`${base}/openapi.json`);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/agent/customer-registration/', '/agent/get-verification-status/', '/agent/get-verification-log/', '/api/kyc-request', '/v3/submission/step1']));
  });
});
