import { waitFor } from '@ekyc/testing';
import { renderPassportPage } from '@ekyc/tools/cardgen/render-passport';
import { loadCardCitizens, photographedCard, type CardCitizen } from './cards';
import { e2eContext, graphql, tokenAuth } from './support';

jest.setTimeout(180_000);

const ctx = e2eContext();
const { demo, other } = ctx.tenants;
const gw = ctx.gatewayUrl;

interface UserError {
  code: string;
  field: string | null;
  message: string;
}
interface OcrField {
  name: string;
  value: string | null;
  confidence: number;
  accepted: boolean;
  source: string;
}
interface SubmissionView {
  id: string;
  kycStatus: string;
  retryCount: number;
  retry: { code: string; message: string } | null;
  documentType: string | null;
  reviewOcrData: OcrField[];
  missingFields: string[];
  fileUpload: boolean;
  fileBackUpload: boolean;
  idImage: string | null;
  cardPhoto: string | null;
}

const STEP1 = `mutation($input: SubmitIdDocumentInput!) {
  submitIdDocument(input: $input) {
    submission { id kycStatus retryCount retry { code message } documentType reviewOcrData { name value confidence accepted source } missingFields fileUpload fileBackUpload idImage cardPhoto }
    replayed errors { code field message }
  }
}`;
const STEP2 = `mutation($input: CompleteSubmissionInput!) {
  completeSubmission(input: $input) { submission { id kycStatus } application { id status decisionReason submissionId } replayed errors { code field message } }
}`;
const STATUS = `query($m: String!) {
  verificationStatus(mobileNumber: $m) {
    status applicationId reason
    detail { textualInfoMatch nidNumber { value score matched } dateOfBirth { value score matched } applicantNameEng { value score matched } applicantNameBen { value score matched } applicantPhotoFromApp applicantPhotoFromCard applicantPhotoAppEcMatch }
  }
}`;
const POLICY = `mutation($input: UpdateSubmissionPolicyInput!) { updateSubmissionPolicy(input: $input) { policy { requireFaceMatch minimumAge } errors { code field } } }`;

type Step1 = { submitIdDocument: { submission: SubmissionView | null; replayed: boolean; errors: UserError[] } };
type Step2 = {
  completeSubmission: {
    submission: { id: string; kycStatus: string } | null;
    application: { id: string; status: string; decisionReason: string | null; submissionId: string } | null;
    errors: UserError[];
  };
};

let citizens: CardCitizen[];
const mobile = () => `019${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const b64 = (b: Buffer) => b.toString('base64');

const step1 = (token: string, input: Record<string, unknown>) =>
  graphql<Step1>(gw, STEP1, {
    variables: { input: { issuingCountry: 'BGD', idType: 'government_id', email: 'applicant@example.com', crop: true, ...input } },
    headers: tokenAuth(token),
  });

function applicantOf(c: CardCitizen, fields: Map<string, string | null>, overrides: Record<string, unknown> = {}) {
  const address = (a: CardCitizen['presentAddress']) => ({ division: a.division, district: a.district, upazila: a.upozila });
  // The agent confirms what was read and corrects what was not: the read values where accepted, the record otherwise.
  return {
    nidNumber: fields.get('nidNumber') ?? c.nid10,
    nameEn: c.nameEn,
    nameBn: fields.get('nameBn') ?? c.name,
    dateOfBirth: fields.get('dateOfBirth') ?? c.dateOfBirth,
    fatherName: c.father,
    motherName: c.mother,
    presentAddress: address(c.presentAddress),
    permanentAddress: address(c.permanentAddress),
    ...overrides,
  };
}

const step2 = (
  token: string,
  submissionId: string,
  c: CardCitizen,
  fields: Map<string, string | null>,
  mobileNumber: string,
  photo: Buffer,
  overrides: Record<string, unknown> = {},
) =>
  graphql<Step2>(gw, STEP2, {
    variables: {
      input: {
        submissionId,
        applicant: applicantOf(c, fields, overrides),
        gender: c.gender,
        profession: 'Engineer',
        nominee: 'Ambia Khatun',
        nomineeRelation: 'Mother',
        mobileNumber,
        applicantPhoto: b64(photo),
      },
    },
    headers: tokenAuth(token),
  });

beforeAll(async () => {
  citizens = loadCardCitizens();
  const res = await graphql(gw, POLICY, { variables: { input: { requireFaceMatch: false } }, headers: tokenAuth(demo.tokens.partnerAdmin) });
  expect(res.errors).toBeUndefined();
});

afterAll(async () => {
  await graphql(gw, POLICY, { variables: { input: { requireFaceMatch: true } }, headers: tokenAuth(demo.tokens.partnerAdmin) });
});

describe('two-step submission through the gateway', () => {
  it('reads a photographed smart card, submits it, and the decision follows the NID result', async () => {
    const c = citizens[0]!;
    const { front, back } = await photographedCard(c, 'nid_smart', 11);
    const one = await step1(demo.tokens.agent, { idImage: b64(front), idBackImage: b64(back) });
    expect(one.data?.submitIdDocument.errors).toEqual([]);
    const s = one.data!.submitIdDocument.submission!;
    const fields = new Map(s.reviewOcrData.filter((f) => f.accepted).map((f) => [f.name, f.value]));
    expect(s).toMatchObject({ kycStatus: 'pending', retryCount: 1, retry: null, documentType: 'nid_smart', fileUpload: true, fileBackUpload: true });
    expect(fields.get('nidNumber')).toBe(c.nid10);
    expect(fields.get('dateOfBirth')).toBe(c.dateOfBirth);
    expect(s.idImage && Buffer.from(s.idImage, 'base64').subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(s.cardPhoto).toBeTruthy();

    const mobileNumber = mobile();
    const two = await step2(demo.tokens.agent, s.id, c, fields, mobileNumber, Buffer.from(s.cardPhoto!, 'base64'));
    expect(two.data?.completeSubmission.errors).toEqual([]);
    expect(two.data?.completeSubmission.application).toMatchObject({ status: 'pending', decisionReason: 'AWAITING_NID_VERIFICATION', submissionId: s.id });

    const status = await waitFor(
      async () => {
        const r = await graphql<{ verificationStatus: { status: string; detail: Record<string, unknown> | null } | null }>(gw, STATUS, {
          variables: { m: mobileNumber },
          headers: tokenAuth(demo.tokens.agent),
        });
        return r.data?.verificationStatus?.status === 'passed' ? r.data.verificationStatus : null;
      },
      { timeoutMs: 60_000, what: 'the application to pass' },
    );
    expect(status.detail).toMatchObject({
      textualInfoMatch: true,
      nidNumber: { value: c.nid10, score: 100, matched: true },
      applicantNameEng: { value: c.nameEn, matched: true },
      applicantPhotoAppEcMatch: null,
    });
    const submission = await graphql<{ submission: { kycStatus: string } }>(gw, 'query($id: ID!) { submission(id: $id) { kycStatus } }', {
      variables: { id: s.id },
      headers: tokenAuth(demo.tokens.agent),
    });
    expect(submission.data?.submission.kycStatus).toBe('approved');
  });

  it('reads the PDF417 of an old card and fails an applicant the EC does not confirm', async () => {
    const c = citizens[3]!;
    const { front, back } = await photographedCard(c, 'nid_old', 21);
    const one = await step1(demo.tokens.agent, { idImage: b64(front), idBackImage: b64(back), documentType: 'nid_old' });
    const s = one.data!.submitIdDocument.submission!;
    const byName = new Map(s.reviewOcrData.map((f) => [f.name, f]));
    expect(byName.get('nidNumber')).toMatchObject({ value: c.nid17, accepted: true, source: 'barcode' });
    const fields = new Map([...byName].map(([k, f]) => [k, f.accepted ? f.value : null]));
    const mobileNumber = mobile();
    const two = await step2(demo.tokens.agent, s.id, c, fields, mobileNumber, front, { fatherName: 'করিম উদ্দিন', motherName: 'রহিমা বেগম' });
    expect(two.data?.completeSubmission.errors).toEqual([]);
    const application = two.data!.completeSubmission.application!;
    const decided = await waitFor(
      async () => {
        const r = await graphql<{ application: { status: string; decisionReason: string | null } }>(
          gw,
          'query($id: ID!) { application(id: $id) { status decisionReason } }',
          {
            variables: { id: application.id },
            headers: tokenAuth(demo.tokens.agent),
          },
        );
        return r.data?.application.status === 'pending' ? null : r.data?.application;
      },
      { timeoutMs: 60_000, what: 'a decision' },
    );
    expect(decided).toMatchObject({ status: 'failed', decisionReason: expect.stringMatching(/^NID_(MISMATCH|NOT_FOUND)/) });
  });

  it('reads a passport data page: the MRZ with its check digits', async () => {
    const c = citizens[7]!;
    const page = await renderPassportPage(c, { seed: 3 });
    const one = await step1(demo.tokens.agent, { idType: 'passport', issuingCountry: 'BGD', idImage: b64(page.image), crop: false });
    expect(one.data?.submitIdDocument.errors).toEqual([]);
    const s = one.data!.submitIdDocument.submission!;
    const fields = new Map(s.reviewOcrData.map((f) => [f.name, f]));
    expect(s).toMatchObject({ kycStatus: 'pending', documentType: 'passport', retry: null });
    expect(fields.get('documentNumber')).toMatchObject({ value: page.truth.documentNumber, accepted: true, source: 'mrz' });
    expect(fields.get('dateOfBirth')).toMatchObject({ value: page.truth.dateOfBirth, accepted: true });
    expect(fields.get('expiryDate')?.value).toBe(page.truth.expiryDate);
    expect(fields.get('nationality')?.value).toBe('BGD');
  });

  it('refuses fake and oversized images with codes and fields, and keeps submissions to their tenant', async () => {
    const fake = await step1(demo.tokens.agent, { idImage: b64(Buffer.from('GIF89a not really an image')), idBackImage: 'not base64!' });
    expect(fake.data?.submitIdDocument.errors.map((e) => `${e.field}:${e.code}`).sort()).toEqual([
      'input.idBackImage:INVALID_BASE64',
      'input.idImage:UNSUPPORTED_IMAGE_TYPE',
    ]);
    const huge = await step1(demo.tokens.agent, { idImage: b64(Buffer.alloc(2 * 1024 * 1024 + 1, 0xff)) });
    expect(huge.data?.submitIdDocument.errors).toEqual([expect.objectContaining({ code: 'IMAGE_TOO_LARGE', field: 'input.idImage' })]);
    const tooBig = await graphql(gw, STEP1, { variables: { input: { padding: 'x'.repeat(9 * 1024 * 1024) } }, headers: tokenAuth(demo.tokens.agent) });
    expect(tooBig).toMatchObject({ status: 413, errors: [expect.objectContaining({ extensions: { code: 'REQUEST_TOO_LARGE' } })] });

    const c = citizens[5]!;
    const { front } = await photographedCard(c, 'nid_smart', 31);
    const mine = await step1(demo.tokens.agent, { idImage: b64(front) });
    const id = mine.data!.submitIdDocument.submission!.id;
    const theirs = await step1(other.tokens.agent, { submissionId: id, idImage: b64(front) });
    expect(theirs.data?.submitIdDocument.errors).toEqual([expect.objectContaining({ code: 'SUBMISSION_NOT_FOUND' })]);
    const read = await graphql<{ submission: unknown }>(gw, 'query($id: ID!) { submission(id: $id) { id } }', {
      variables: { id },
      headers: tokenAuth(other.tokens.agent),
    });
    expect(read.data?.submission).toBeNull();
    const analyst = await step1(demo.tokens.analyst, { idImage: b64(front) });
    expect(analyst.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});
