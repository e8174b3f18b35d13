import { randomBytes, randomUUID } from 'node:crypto';
import { createPiiCipher } from '@ekyc/crypto';
import { waitFor } from '@ekyc/testing';
import { loadCardCitizens, photographedCard } from './cards';
import { e2eContext, graphql, mailsTo, sql, tokenAuth } from './support';

jest.setTimeout(180_000);

const ctx = e2eContext();
const { demo, other } = ctx.tenants;
const gw = ctx.gatewayUrl;

interface UserError {
  code: string;
  field: string | null;
  message: string;
}
interface EkycRequestView {
  id: string;
  status: string;
  email: string | null;
  phoneNumber: string | null;
  contactMasked: boolean;
  documentIdentificationId: string;
  otpDelivery: string | null;
  otpAttemptsRemaining: number;
}
type Payload = { ekycRequest: EkycRequestView | null; errors: UserError[] };

const FIELDS = 'id status email phoneNumber contactMasked documentIdentificationId otpDelivery otpAttemptsRemaining';
const CREATE = `mutation($input: CreateEkycRequestInput!) { createEkycRequest(input: $input) { ekycRequest { ${FIELDS} } replayed errors { code field message } } }`;
const VERIFY = `mutation($input: VerifyEkycRequestOtpInput!) { verifyEkycRequestOtp(input: $input) { ekycRequest { ${FIELDS} } errors { code field message } } }`;
const RESEND = `mutation($id: ID!) { resendEkycRequestOtp(id: $id) { ekycRequest { ${FIELDS} } errors { code field message } } }`;
const ACCEPT = `mutation($id: ID!) { acceptEkycRequest(id: $id) { ekycRequest { ${FIELDS} } errors { code field message } } }`;
const READ = `query($id: ID!) { ekycRequest(id: $id) { ${FIELDS} } }`;
const LIST = `query { ekycRequests(first: 100) { edges { node { id } } } }`;

const email = () => `e2e.${randomBytes(4).toString('hex')}@example.com`;
const phone = () => `+88018${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

async function mutate(query: string, token: string, variables: Record<string, unknown>, name: string): Promise<Payload & { replayed?: boolean }> {
  const res = await graphql<Record<string, Payload>>(gw, query, { variables, headers: tokenAuth(token) });
  expect(res.errors).toBeUndefined();
  return res.data![name]!;
}
const create = (token: string, input: Record<string, unknown>) => mutate(CREATE, token, { input }, 'createEkycRequest');
const verify = (token: string, input: Record<string, unknown>) => mutate(VERIFY, token, { input }, 'verifyEkycRequestOtp');
const resend = (token: string, id: string) => mutate(RESEND, token, { id }, 'resendEkycRequestOtp');
const accept = (token: string, id: string) => mutate(ACCEPT, token, { id }, 'acceptEkycRequest');
const read = async (token: string, id: string) =>
  (await graphql<{ ekycRequest: EkycRequestView | null }>(gw, READ, { variables: { id }, headers: tokenAuth(token) })).data!.ekycRequest;

/** The code in the newest OTP mail to this address, once the sink has it. */
const otpFromSink = (address: string) =>
  waitFor(
    async () => {
      const [mail] = await mailsTo(address);
      return mail && /verification code is (\d{6})\./.exec(mail.text)?.[1];
    },
    { what: `an OTP mail to ${address}` },
  );

/**
 * TEST-ONLY SETUP until eKYC requests can be created for a real submission through the gateway: writes a
 * request row as identity-document stores it (email and phone sealed with the platform PII key, their
 * blind indexes, an OTP hash nobody knows). Used by the paths that only need a request to exist; the
 * happy path below creates its request for real.
 */
async function seedEkycRequestForTest(tenantId: string, options: { status: 'otp_pending' | 'otp_sent' | 'verified'; email?: string; phoneNumber?: string }) {
  const cipher = createPiiCipher(ctx.piiEncryptionKey);
  const contact = { email: options.email ?? email(), phoneNumber: options.phoneNumber ?? phone() };
  const id = randomUUID();
  const awaitingOtp = options.status !== 'verified';
  await sql(
    ctx.databaseUrl,
    `INSERT INTO identity_document.ekyc_requests
       (id, tenant_id, status, email_enc, email_idx, phone_enc, phone_idx, submission_id, otp_hash, otp_expires_at,
        otp_sends, otp_delivery, otp_last_send_at, verified_at, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now(), $13, $14, now(), now())`,
    [
      id,
      tenantId,
      options.status,
      cipher.encrypt(contact.email, tenantId),
      cipher.blindIndex(contact.email, tenantId),
      cipher.encrypt(contact.phoneNumber, tenantId),
      cipher.blindIndex(contact.phoneNumber, tenantId),
      randomUUID(),
      awaitingOtp ? `v1.${randomBytes(32).toString('base64url')}` : null,
      awaitingOtp ? new Date(Date.now() + 10 * 60_000) : null,
      options.status === 'otp_sent' ? 1 : 0,
      options.status === 'otp_pending' ? 'failed' : 'sent',
      awaitingOtp ? null : new Date(),
      randomUUID(),
    ],
  );
  return { id, ...contact };
}

/** The step-1 submission a real applicant would have: a photographed generated smart card, read by `submitIdDocument`. */
async function createSubmissionForTest(token: string, applicantEmail: string): Promise<{ id: string; documentNumberLast4: string }> {
  const citizen = loadCardCitizens()[0]!;
  const card = await photographedCard(citizen, 'nid_smart', 11);
  const images = { idImage: card.front.toString('base64'), idBackImage: card.back.toString('base64') };
  const res = await graphql<{ submitIdDocument: { submission: { id: string; kycStatus: string } | null; errors: UserError[] } }>(
    gw,
    `
      mutation ($input: SubmitIdDocumentInput!) {
        submitIdDocument(input: $input) {
          submission {
            id
            kycStatus
          }
          errors {
            code
            field
            message
          }
        }
      }
    `,
    { variables: { input: { issuingCountry: 'BGD', idType: 'government_id', email: applicantEmail, crop: true, ...images } }, headers: tokenAuth(token) },
  );
  const submission = res.data?.submitIdDocument.submission;
  if (!submission) throw new Error(`createSubmissionForTest: step 1 failed: ${JSON.stringify(res.errors ?? res.data?.submitIdDocument.errors)}`);
  if (submission.kycStatus === 'incomplete') throw new Error('createSubmissionForTest: step 1 could not read the card (kycStatus incomplete)');
  return { id: submission.id, documentNumberLast4: citizen.nid10.slice(-4) };
}

const POLICY = `mutation($input: UpdateSubmissionPolicyInput!) { updateSubmissionPolicy(input: $input) { policy { requireFaceMatch } errors { code } } }`;
const setFaceMatch = async (required: boolean) => {
  const res = await graphql<{ updateSubmissionPolicy: { errors: UserError[] } }>(gw, POLICY, {
    variables: { input: { requireFaceMatch: required } },
    headers: tokenAuth(demo.tokens.partnerAdmin),
  });
  expect(res.data?.updateSubmissionPolicy.errors).toEqual([]);
};

describe('an eKYC request through the gateway', () => {
  // A request follows "the document submission and face verification": these requests are built on step-1 documents,
  // so the tenant verifies demographics alone while they run (the gate itself is tested below and in decision-gates).
  let faceMatchBefore: boolean;
  beforeAll(async () => {
    const read = await graphql<{ submissionPolicy: { requireFaceMatch: boolean } }>(gw, '{ submissionPolicy { requireFaceMatch } }', {
      headers: tokenAuth(demo.tokens.partnerAdmin),
    });
    faceMatchBefore = read.data!.submissionPolicy.requireFaceMatch;
    await setFaceMatch(false);
  });
  afterAll(() => setFaceMatch(faceMatchBefore));

  it('refuses a document whose customer has not passed the face match the tenant requires (DOCUMENT_NOT_VERIFIED), and sends no OTP', async () => {
    const address = email();
    const submission = await createSubmissionForTest(demo.tokens.agent, address);
    await setFaceMatch(true);
    try {
      const refused = await create(demo.tokens.agent, { email: address, phoneNumber: phone(), documentIdentificationId: submission.id });
      expect(refused).toMatchObject({ ekycRequest: null, errors: [{ code: 'DOCUMENT_NOT_VERIFIED', field: 'input.documentIdentificationId' }] });
      expect(await mailsTo(address)).toEqual([]);
    } finally {
      await setFaceMatch(false);
    }
  });

  it('is created for a submission, its OTP read from the mail, verified by an agent and accepted by a partner admin (not an analyst)', async () => {
    const address = email();
    const submission = await createSubmissionForTest(demo.tokens.agent, address);
    const created = await create(demo.tokens.agent, {
      email: address,
      phoneNumber: phone(),
      documentIdentificationId: submission.id,
      idempotencyKey: `e2e-${randomUUID()}`,
    });
    expect(created.errors).toEqual([]);
    const id = created.ekycRequest!.id;
    expect(created.ekycRequest).toMatchObject({
      status: 'otp_sent',
      email: address,
      documentIdentificationId: submission.id,
      otpDelivery: 'sent',
      otpAttemptsRemaining: 5,
    });

    const otp = await otpFromSink(address);
    const verified = await verify(demo.tokens.agent, { id, otp, documentNumberLast4: submission.documentNumberLast4 });
    expect(verified.errors).toEqual([]);
    expect(verified.ekycRequest!.status).toBe('verified');

    const byAnalyst = await graphql(gw, ACCEPT, { variables: { id }, headers: tokenAuth(demo.tokens.analyst) });
    expect(byAnalyst.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const accepted = await accept(demo.tokens.partnerAdmin, id);
    expect(accepted).toEqual({ ekycRequest: expect.objectContaining({ id, status: 'accepted' }), errors: [] });

    const events = await waitFor(
      async () => {
        const rows = await sql<{ event_type: string; published_at: Date | null; payload: string }>(
          ctx.databaseUrl,
          `SELECT event_type, published_at, payload::text AS payload FROM identity_document.outbox WHERE message_key = $1 ORDER BY seq`,
          [id],
        );
        return rows.length === 3 && rows.every((r) => r.published_at) ? rows : null;
      },
      { what: 'the eKYC request events to be published' },
    );
    expect(events.map((e) => e.event_type)).toEqual(['ekyc_request.created', 'ekyc_request.verified', 'ekyc_request.accepted']);
    expect(events.map((e) => e.payload).join()).not.toMatch(new RegExp(`${address}|${otp}`));
  });

  it('recovers an undelivered OTP with a resend, then verifies and accepts', async () => {
    const seeded = await seedEkycRequestForTest(demo.demoTenantId, { status: 'otp_pending' });
    expect(await read(demo.tokens.agent, seeded.id)).toMatchObject({ status: 'otp_pending', otpDelivery: 'failed' });
    const resent = await resend(demo.tokens.agent, seeded.id);
    expect(resent.errors).toEqual([]);
    expect(resent.ekycRequest).toMatchObject({ status: 'otp_sent', otpDelivery: 'sent' });
    const [mail] = await mailsTo(seeded.email);
    expect(mail).toMatchObject({ subject: 'Your eKYC verification code', to: [seeded.email] });

    expect((await resend(demo.tokens.agent, seeded.id)).errors).toEqual([expect.objectContaining({ code: 'OTP_RESEND_TOO_SOON', field: 'id' })]);
    // The seeded submission is unknown to the documents port: it has no document digits, so that check is skipped.
    const verified = await verify(demo.tokens.agent, { id: seeded.id, otp: await otpFromSink(seeded.email), documentNumberLast4: '0000' });
    expect(verified.errors).toEqual([]);
    expect((await accept(demo.tokens.partnerAdmin, seeded.id)).ekycRequest!.status).toBe('accepted');
  });

  it('refuses an email or phone number of an open request with EKYC_CONTACT_TAKEN (the contract’s 409)', async () => {
    const seeded = await seedEkycRequestForTest(demo.demoTenantId, { status: 'otp_sent' });
    const sameEmail = await create(demo.tokens.agent, { email: seeded.email.toUpperCase(), phoneNumber: phone(), documentIdentificationId: randomUUID() });
    expect(sameEmail.ekycRequest).toBeNull();
    expect(sameEmail.errors[0]).toEqual({ code: 'EKYC_CONTACT_TAKEN', field: 'input.email', message: expect.any(String) });
    const samePhone = await create(demo.tokens.agent, { email: email(), phoneNumber: seeded.phoneNumber, documentIdentificationId: randomUUID() });
    expect(samePhone.errors[0]).toEqual({ code: 'EKYC_CONTACT_TAKEN', field: 'input.phoneNumber', message: expect.any(String) });
    // Another tenant's open request does not hold the contact for this one.
    const elsewhere = await create(other.tokens.agent, { email: seeded.email, phoneNumber: seeded.phoneNumber, documentIdentificationId: randomUUID() });
    expect(elsewhere.errors.map((e) => e.code)).toEqual(['DOCUMENT_NOT_FOUND']);
  });

  it('refuses an unknown document with DOCUMENT_NOT_FOUND (the contract’s 400) and a phone number without country code', async () => {
    const unknown = await create(demo.tokens.agent, { email: email(), phoneNumber: phone(), documentIdentificationId: randomUUID() });
    expect(unknown).toEqual({
      ekycRequest: null,
      replayed: false,
      errors: [
        { code: 'DOCUMENT_NOT_FOUND', field: 'input.documentIdentificationId', message: 'There is no document identification data with the provided id!' },
      ],
    });
    const local = await create(demo.tokens.agent, { email: email(), phoneNumber: '01712345678', documentIdentificationId: randomUUID() });
    expect(local.errors).toEqual([expect.objectContaining({ code: 'INVALID_PHONE_NUMBER', field: 'input.phoneNumber' })]);
    const byAnalyst = await graphql(gw, CREATE, {
      variables: { input: { email: email(), phoneNumber: phone(), documentIdentificationId: randomUUID() } },
      headers: tokenAuth(demo.tokens.analyst),
    });
    expect(byAnalyst.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('answers a wrong OTP with OTP_INVALID and the attempts left', async () => {
    const seeded = await seedEkycRequestForTest(demo.demoTenantId, { status: 'otp_sent' });
    const wrong = await verify(demo.tokens.agent, { id: seeded.id, otp: '000000', documentNumberLast4: '1234' });
    expect(wrong).toEqual({ ekycRequest: null, errors: [{ code: 'OTP_INVALID', field: null, message: expect.stringContaining('4 attempts left') }] });
    expect(await read(demo.tokens.agent, seeded.id)).toMatchObject({ status: 'otp_sent', otpAttemptsRemaining: 4 });
  });

  it('shows analysts the request with email and phone masked, and does not let them accept it', async () => {
    const seeded = await seedEkycRequestForTest(demo.demoTenantId, { status: 'verified', email: `masked.${randomBytes(3).toString('hex')}@example.com` });
    const asAnalyst = await read(demo.tokens.analyst, seeded.id);
    expect(asAnalyst).toMatchObject({
      status: 'verified',
      contactMasked: true,
      email: `m***@example.com`,
      phoneNumber: `${seeded.phoneNumber.slice(0, 6)}******${seeded.phoneNumber.slice(-2)}`,
    });
    expect(await read(demo.tokens.agent, seeded.id)).toMatchObject({ contactMasked: false, email: seeded.email, phoneNumber: seeded.phoneNumber });
    const byAnalyst = await graphql(gw, ACCEPT, { variables: { id: seeded.id }, headers: tokenAuth(demo.tokens.analyst) });
    expect(byAnalyst.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const byAgent = await graphql(gw, ACCEPT, { variables: { id: seeded.id }, headers: tokenAuth(demo.tokens.agent) });
    expect(byAgent.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(await read(demo.tokens.agent, seeded.id)).toMatchObject({ status: 'verified' });
  });

  it('is invisible and untouchable for another tenant', async () => {
    const seeded = await seedEkycRequestForTest(demo.demoTenantId, { status: 'verified' });
    expect(await read(other.tokens.agent, seeded.id)).toBeNull();
    expect(await read(other.tokens.analyst, seeded.id)).toBeNull();
    const list = await graphql<{ ekycRequests: { edges: Array<{ node: { id: string } }> } }>(gw, LIST, { headers: tokenAuth(other.tokens.partnerAdmin) });
    expect(list.data!.ekycRequests.edges.map((e) => e.node.id)).not.toContain(seeded.id);
    expect(await accept(other.tokens.partnerAdmin, seeded.id)).toEqual({
      ekycRequest: null,
      errors: [expect.objectContaining({ code: 'NOT_FOUND', field: 'id' })],
    });
    expect(await read(demo.tokens.agent, seeded.id)).toMatchObject({ status: 'verified' });
  });
});
