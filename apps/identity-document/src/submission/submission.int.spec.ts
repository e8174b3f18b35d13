import { randomBytes, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { DataSource } from 'typeorm';
import { createPiiCipher } from '@ekyc/crypto';
import { migrateDataSource } from '@ekyc/db';
import {
  NID_SIDE_FIELDS,
  type AadhaarReadResult,
  type LatinDocumentReadResult,
  type DriversLicenceReadResult,
  type MrzDocumentReadResult,
  type NidField,
  type NidReadResult,
  type PassportReadResult,
  type ReadField,
} from '@ekyc/document-reader';
import { createEvent, type KycEvent } from '@ekyc/event-schemas';
import type { InternalContext } from '@ekyc/internal-context';
import { createLogger } from '@ekyc/logger';
import { integrationEnv, scratchDatabase } from '@ekyc/testing';
import { ApplicationRecord } from '../application/application.entity';
import { ApplicationService } from '../application/application.service';
import { createIdentityDocumentDataSource } from '../data-source';
import { DecisionService } from '../decision/decision.service';
import { DocumentImageRecord } from '../document-image/document-image.entity';
import { SubmissionPolicyService } from '../policy/submission-policy.service';
import { VerificationStatusService } from '../verification-status/verification-status.service';
import { SubmissionRecord } from './submission.entity';
import { SubmissionService, SUBMISSION_TTL_MS, type CompleteSubmissionCommand, type ReadDocumentCommand } from './submission.service';

jest.setTimeout(60_000);

const cipher = createPiiCipher(Buffer.alloc(32, 9).toString('base64'));
const log = createLogger({ service: 'identity-document-test', level: 'silent' });
const relay = { nudge: () => undefined };

let db: { url: string; drop(): Promise<void> };
let ds: DataSource;
let frontJpeg: string;
let backJpeg: string;
let otherJpeg: string;
let selfieJpeg: string;

const PERSON = {
  nidNumber: '5090424675',
  nameEn: 'Abdus Salam',
  nameBn: 'আবদুস সালাম',
  fatherName: 'আবদুস সাত্তার',
  motherName: 'উম্মে হাবীবা',
  dateOfBirth: '1978-03-23',
  address: 'উত্তরা, ঢাকা, ঢাকা',
};

const field = (value: string | null, accepted = value !== null): ReadField => ({
  value,
  raw: value ?? '',
  confidence: accepted ? 91 : 20,
  accepted,
  source: 'ocr',
});

/** What the reader would return for a smart card, with the given fields unreadable and others read but left for review. */
function smartCardRead(unreadable: NidField[] = [], problems: NidReadResult['problems'] = [], forReview: NidField[] = []): NidReadResult {
  const values: Partial<Record<NidField, string>> = { ...PERSON, bloodGroup: 'B+', birthPlace: 'ঢাকা', issueDate: '2017-05-12' };
  const fields = Object.fromEntries(
    [...NID_SIDE_FIELDS.nid_smart.front, ...NID_SIDE_FIELDS.nid_smart.back].map((name) => [
      name,
      unreadable.includes(name) ? field(null) : field(values[name] ?? null, !forReview.includes(name)),
    ]),
  ) as Record<NidField, ReadField>;
  return {
    kind: 'nid_smart',
    fields,
    front: Buffer.from('cropped-front'),
    back: Buffer.from('cropped-back'),
    photo: Buffer.from('card-photo'),
    barcode: { found: false },
    problems,
    timings: { frontMs: 1, backMs: 1 },
  };
}

/** A reader double: the OCR itself is tested in libs/document-reader and tools/cardgen; this suite tests what the service does with reads. */
function scriptedReader(reads: Array<NidReadResult | Error>) {
  const calls: unknown[] = [];
  return {
    calls,
    reader: {
      async readNidCard(input: unknown) {
        calls.push(input);
        const next = reads.length > 1 ? reads.shift()! : reads[0]!;
        if (next instanceof Error) throw next;
        return next;
      },
      async readPassport(): Promise<PassportReadResult> {
        throw new Error('no passport in this suite');
      },
      async readMrzDocument(): Promise<MrzDocumentReadResult> {
        throw new Error('no ID card or visa in this suite');
      },
      async readDriversLicence(): Promise<DriversLicenceReadResult> {
        throw new Error("no driver's licence in this suite");
      },
      async readAadhaar(): Promise<AadhaarReadResult> {
        throw new Error('no Aadhaar in this suite');
      },
      async readLatinDocument(): Promise<LatinDocumentReadResult> {
        throw new Error('no labelled document in this suite');
      },
    },
  };
}

function harness(reads: Array<NidReadResult | Error> = [smartCardRead()]) {
  const tenantId = randomUUID();
  const auth: InternalContext = { tenantId, userId: randomUUID(), roles: ['agent'], authKind: 'jwt', credentialId: 'c', requestId: 'r' };
  const admin: InternalContext = { ...auth, userId: randomUUID(), roles: ['partner_admin'] };
  let now = new Date();
  const { reader, calls } = scriptedReader(reads);
  const policies = new SubmissionPolicyService({ ds });
  const applications = new ApplicationService({ ds, cipher, relay, policies });
  const submissions = new SubmissionService({ ds, cipher, relay, reader, policies, applications, log, now: () => now });
  const decisions = new DecisionService({ ds, log });
  const statuses = new VerificationStatusService({ ds, cipher, applications, submissions });
  const step1 = (overrides: Partial<ReadDocumentCommand> = {}) =>
    submissions.read(auth, {
      issuingCountry: 'BGD',
      idType: 'government_id',
      email: 'a@example.com',
      idImage: frontJpeg,
      idBackImage: backJpeg,
      crop: true,
      ...overrides,
    });
  const applicant = {
    nidNumber: PERSON.nidNumber,
    nameEn: PERSON.nameEn,
    nameBn: PERSON.nameBn,
    dateOfBirth: PERSON.dateOfBirth,
    fatherName: PERSON.fatherName,
    motherName: PERSON.motherName,
  };
  const step2 = (submissionId: string, overrides: Partial<CompleteSubmissionCommand> = {}) =>
    submissions.complete(auth, {
      submissionId,
      applicant,
      gender: 'male',
      profession: 'Engineer',
      nominee: 'Ambia Khatun',
      nomineeRelation: 'Mother',
      mobileNumber: '01785478964',
      applicantPhoto: selfieJpeg,
      ...overrides,
    });
  /** Both steps; the submission id of a pending application. */
  const submitted = async (overrides: { step1?: Partial<ReadDocumentCommand>; step2?: Partial<CompleteSubmissionCommand> } = {}) => {
    const one = await step1(overrides.step1);
    if (!one.ok) throw new Error(JSON.stringify(one.errors));
    const two = await step2(one.record.id, overrides.step2);
    if (!two.ok) throw new Error(JSON.stringify(two.errors));
    return two;
  };
  const deliver = async <T extends 'nid.verification.completed' | 'biometric.match.completed' | 'biometric.liveness.completed'>(
    type: T,
    applicationId: string,
    data: Omit<KycEvent<T>['data'], 'applicationId'>,
  ) => {
    const event = createEvent(type, { tenantId, correlationId: applicationId, actor: { kind: 'system', id: 'test' } }, {
      applicationId,
      ...data,
    } as KycEvent<T>['data']) as KycEvent;
    await ds.transaction((m) => {
      if (event.type === 'nid.verification.completed') return decisions.onNidResult(m, event as KycEvent<'nid.verification.completed'>);
      if (event.type === 'biometric.match.completed') return decisions.onFaceResult(m, event as KycEvent<'biometric.match.completed'>);
      return decisions.onLivenessResult(m, event as KycEvent<'biometric.liveness.completed'>);
    });
  };
  const liveness = (applicationId: string, status: 'passed' | 'failed' = 'passed', sessionId: string = randomUUID()) =>
    deliver('biometric.liveness.completed', applicationId, {
      sessionId,
      status,
      challenges: ['blink', 'turn_left', 'open_mouth'],
      reason: status === 'failed' ? 'LIVENESS_CHALLENGE_NOT_MET: blink' : null,
    });
  const verified = (applicationId: string) =>
    deliver('nid.verification.completed', applicationId, {
      outcome: 'verified',
      verified: true,
      fields: [
        { field: 'nameEn', matched: true },
        { field: 'dateOfBirth', matched: true },
      ],
      ecPhotoRef: 'ec-photo:x',
      reason: null,
    });
  const faces = (applicationId: string, decision: 'match' | 'review' | 'no_match' = 'match') =>
    deliver('biometric.match.completed', applicationId, {
      matches: [
        { pair: 'card_ec', similarity: 0.9, decision: 'match' },
        { pair: 'selfie_ec', similarity: 0.8, decision },
      ],
    });
  const events = async (type: string) =>
    (
      (await ds.query(`SELECT payload FROM identity_document.outbox WHERE tenant_id = $1 AND event_type = $2 ORDER BY created_at`, [tenantId, type])) as Array<{
        payload: KycEvent;
      }>
    ).map((r) => r.payload);
  const application = (id: string) => ds.manager.findOneByOrFail(ApplicationRecord, { tenantId, id });
  return {
    tenantId,
    auth,
    admin,
    submissions,
    policies,
    statuses,
    calls,
    step1,
    step2,
    submitted,
    deliver,
    verified,
    faces,
    liveness,
    applications,
    events,
    application,
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
  };
}

const codes = (result: { ok: boolean; errors?: Array<{ code: string; field: string | null }> }) =>
  result.ok ? [] : result.errors!.map((e) => `${e.field}:${e.code}`);

beforeAll(async () => {
  db = await scratchDatabase(integrationEnv().databaseUrl, 'idoc');
  ds = createIdentityDocumentDataSource(db.url);
  await migrateDataSource(ds);
  await ds.initialize();
  const jpeg = (r: number) =>
    sharp({ create: { width: 640, height: 400, channels: 3, background: { r, g: 120, b: 90 } } })
      .jpeg()
      .toBuffer()
      .then((b) => b.toString('base64'));
  [frontJpeg, backJpeg, otherJpeg, selfieJpeg] = await Promise.all([jpeg(10), jpeg(60), jpeg(110), jpeg(160)]);
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

describe('step 1', () => {
  it('reads the document, returns the review data and keeps images and values encrypted', async () => {
    const h = harness();
    const result = await h.step1({ customOptions: '{"ageLimit":false}', userid: 'user1', cf1: 'test' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const r = result.record;
    expect(r).toMatchObject({ kycStatus: 'pending', retryCount: 1, retryCode: null, documentType: 'nid_smart', customOptions: { ageLimit: false } });
    expect(r.expiresAt.getTime() - r.createdAt.getTime()).toBe(SUBMISSION_TTL_MS);
    expect(r.missingFields).toEqual([]);
    expect(r.documentFields).toMatchObject({ nidNumber: true, nameBn: true, address: true, birthPlace: true, expiryDate: false });
    expect(h.submissions.readOf(r)?.fields).toContainEqual({ name: 'nidNumber', value: PERSON.nidNumber, confidence: 91, accepted: true, source: 'ocr' });
    expect(Object.keys(r.images).sort()).toEqual(['back', 'backCropped', 'cardPhoto', 'front', 'frontCropped']);

    const row = (await ds.query(`SELECT ocr_enc, email_enc, extras_enc FROM identity_document.submissions WHERE id = $1`, [r.id]))[0];
    expect(JSON.stringify(row)).not.toContain(PERSON.nidNumber);
    expect(JSON.stringify(row)).not.toContain('a@example.com');
    const stored = await ds.manager.findOneByOrFail(DocumentImageRecord, { tenantId: h.tenantId, sha256: r.images.front!.slice('doc-image:'.length) });
    expect(stored.contentEnc.includes(Buffer.from(frontJpeg, 'base64').subarray(0, 64))).toBe(false);
    expect(await h.submissions.imageBase64(h.tenantId, r.images.front)).toBe(frontJpeg);
    expect(await h.events('document.read')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ submissionId: r.id, kycStatus: 'pending', retryCount: 1 }) }),
    ]);
  });

  it('sending the same images again is a replay that uses no try; new images are another try', async () => {
    const h = harness();
    const first = await h.step1();
    if (!first.ok) throw new Error('step 1 failed');
    const again = await h.step1({ submissionId: first.record.id });
    expect(again).toMatchObject({ ok: true, replayed: true, record: { retryCount: 1 } });
    expect(h.calls).toHaveLength(1);
    const retried = await h.step1({ submissionId: first.record.id, idImage: otherJpeg });
    expect(retried).toMatchObject({ ok: true, replayed: false, record: { retryCount: 2 } });
  });

  it('an unreadable try is incomplete with a retry code; the third failed try rejects the submission', async () => {
    const h = harness([smartCardRead(['nidNumber', 'dateOfBirth'])]);
    const first = await h.step1();
    if (!first.ok) throw new Error('step 1 failed');
    expect(first.record).toMatchObject({ kycStatus: 'incomplete', retryCount: 1, retryCode: 'FIELDS_UNREADABLE' });
    expect([...first.record.missingFields].sort()).toEqual(['dateOfBirth', 'nidNumber']);
    expect(first.record.retryMessage).toContain('2 tries left');
    const id = first.record.id;
    expect(await h.step1({ submissionId: id, idImage: otherJpeg })).toMatchObject({ ok: true, record: { kycStatus: 'incomplete', retryCount: 2 } });
    expect(codes(await h.step2(id))).toEqual(['input.submissionId:SUBMISSION_INCOMPLETE']);
    expect(await h.step1({ submissionId: id, idImage: selfieJpeg })).toMatchObject({
      ok: true,
      record: { kycStatus: 'rejected', retryCount: 3, retryCode: 'TOO_MANY_RETRIES' },
    });
    expect(codes(await h.step1({ submissionId: id, idImage: backJpeg }))).toEqual(['input.submissionId:SUBMISSION_REJECTED']);
    expect(codes(await h.step2(id))).toEqual(['input.submissionId:SUBMISSION_REJECTED']);
  });

  it('values read but not sure go to the agent for review: the try is complete, the fields are listed as missing', async () => {
    const h = harness([smartCardRead([], [], ['nidNumber', 'nameBn'])]);
    const first = await h.step1();
    if (!first.ok) throw new Error('step 1 failed');
    expect(first.record).toMatchObject({ kycStatus: 'pending', retryCount: 1, retryCode: null });
    expect([...first.record.missingFields].sort()).toEqual(['nameBn', 'nidNumber']);
  });

  it('a card that cannot be found asks for a retake; a reader crash is an incomplete try, not an error', async () => {
    const h = harness([
      smartCardRead(
        ['nidNumber', 'nameEn', 'nameBn', 'dateOfBirth'],
        [{ code: 'NO_TEXT', side: 'front', message: 'no labelled field was found on the front' }],
      ),
      new Error('boom'),
    ]);
    const first = await h.step1();
    expect(first).toMatchObject({ ok: true, record: { kycStatus: 'incomplete', retryCode: 'CARD_NOT_FOUND' } });
    if (!first.ok) return;
    expect(await h.step1({ submissionId: first.record.id, idImage: otherJpeg })).toMatchObject({
      ok: true,
      record: { kycStatus: 'incomplete', retryCode: 'READ_FAILED', retryCount: 2 },
    });
  });

  it('a submission id is good for 4 hours', async () => {
    const h = harness();
    const first = await h.step1();
    if (!first.ok) throw new Error('step 1 failed');
    h.advance(SUBMISSION_TTL_MS - 1_000);
    expect(await h.step1({ submissionId: first.record.id, idImage: otherJpeg })).toMatchObject({ ok: true });
    h.advance(2_000);
    expect(codes(await h.step1({ submissionId: first.record.id, idImage: selfieJpeg }))).toEqual(['input.submissionId:SUBMISSION_EXPIRED']);
    expect(codes(await h.step2(first.record.id))).toEqual(['input.submissionId:SUBMISSION_EXPIRED']);
  });

  it('refuses bad input, every problem at once, and reads nothing', async () => {
    const h = harness();
    const png = await sharp({ create: { width: 50, height: 50, channels: 3, background: 'white' } })
      .gif()
      .toBuffer();
    const result = await h.step1({
      issuingCountry: 'Bangladesh',
      email: 'not-an-email',
      idImage: randomBytes(3000).toString('base64'),
      idBackImage: png.toString('base64'),
      cf2: 'bad\u0000value',
      customOptions: '{"ageLimit":true}',
    });
    expect(codes(result).sort()).toEqual(
      [
        'input.issuingCountry:INVALID_COUNTRY',
        'input.email:INVALID_EMAIL',
        'input.cf2:INVALID_TEXT',
        'input.customOptions:INVALID_CUSTOM_OPTIONS',
        'input.idImage:UNSUPPORTED_IMAGE_TYPE',
        'input.idBackImage:UNSUPPORTED_IMAGE_TYPE',
      ].sort(),
    );
    expect(h.calls).toHaveLength(0);
  });

  it.each([
    ['larger than 2 MB', () => Buffer.alloc(2 * 1024 * 1024 + 10, 1).toString('base64'), 'IMAGE_TOO_LARGE'],
    ['not base64', () => '@@@not-base64@@@', 'INVALID_BASE64'],
    ['a text file', () => Buffer.from('just some text pretending to be a jpeg').toString('base64'), 'UNSUPPORTED_IMAGE_TYPE'],
    ['a truncated JPEG', () => Buffer.from(frontJpeg, 'base64').subarray(0, 200).toString('base64'), 'IMAGE_UNREADABLE'],
    ['missing', () => '', 'REQUIRED'],
  ])('refuses a front image that is %s', async (_name, image, code) => {
    const h = harness();
    expect(codes(await h.step1({ idImage: image() }))).toEqual([`input.idImage:${code}`]);
  });

  it("refuses idTypes from a country that does not issue them and documentTypes that do not fit, and another tenant's submission id", async () => {
    const h = harness();
    // PAN cards and Aadhaar are India's: issued elsewhere they are no such document.
    expect(codes(await h.step1({ idType: 'pancard' }))).toEqual(['input.idType:UNSUPPORTED_ID_TYPE']);
    expect(codes(await h.step1({ idType: 'aadhaar' }))).toEqual(['input.idType:UNSUPPORTED_ID_TYPE']);
    // Another country's government_id is an ID card read by its zone, not a Bangladesh NID.
    expect(codes(await h.step1({ issuingCountry: 'IND', documentType: 'nid_smart' }))).toEqual(['input.documentType:INVALID_DOCUMENT_TYPE']);
    const first = await h.step1();
    if (!first.ok) throw new Error('step 1 failed');
    const other = harness();
    expect(codes(await other.step1({ submissionId: first.record.id }))).toEqual(['input.submissionId:SUBMISSION_NOT_FOUND']);
    expect(codes(await other.step2(first.record.id))).toEqual(['input.submissionId:SUBMISSION_NOT_FOUND']);
  });
});

describe('step 2 and the policy', () => {
  it('submits the application: pending, the applicant sealed in application.submitted, photo references only', async () => {
    const h = harness();
    const result = await h.submitted();
    expect(result.application).toMatchObject({ status: 'pending', documentType: 'nid_smart', faceRequired: true, decisionReason: 'AWAITING_NID_VERIFICATION' });
    expect(result.record.applicationId).toBe(result.application.id);
    const [submitted] = await h.events('application.submitted');
    expect(submitted!.data).toMatchObject({
      applicationId: result.application.id,
      submissionId: result.record.id,
      selfieRef: expect.stringMatching(/^doc-image:/),
      cardPhotoRef: result.record.images.cardPhoto,
    });
    expect(JSON.stringify(submitted)).not.toContain(PERSON.nameEn);
    expect(JSON.parse(cipher.decrypt(submitted!.data['applicantSealed' as never], h.tenantId))).toMatchObject({ nid: PERSON.nidNumber, nameEn: PERSON.nameEn });
    expect(cipher.decrypt(submitted!.data['mobileNumberSealed' as never], h.tenantId)).toBe('01785478964');
    expect(submitted!.data['documentRefs' as never]).toEqual({ front: result.record.images.frontCropped, back: result.record.images.backCropped });
  });

  it('repeating step 2 with the same data is a replay; other data is refused', async () => {
    const h = harness();
    const result = await h.submitted();
    expect(await h.step2(result.record.id)).toMatchObject({ ok: true, replayed: true, application: { id: result.application.id } });
    expect(codes(await h.step2(result.record.id, { profession: 'Doctor' }))).toEqual(['input.submissionId:ALREADY_SUBMITTED']);
    expect(await h.events('application.submitted')).toHaveLength(1);
  });

  it('reports every missing or invalid field of step 2 by name', async () => {
    const h = harness();
    const one = await h.step1();
    if (!one.ok) throw new Error('step 1 failed');
    const result = await h.step2(one.record.id, {
      applicant: { nidNumber: '12345', nameEn: 'আবদুস', nameBn: 'Abdus', dateOfBirth: '31/02/1980' },
      profession: '',
      nominee: '  ',
      mobileNumber: '12345',
      applicantPhoto: '',
    });
    expect(codes(result).sort()).toEqual(
      [
        'input.applicant.dateOfBirth:INVALID_DATE_OF_BIRTH',
        'input.applicant.nidNumber:INVALID_NID',
        'input.applicant.nameEn:WRONG_SCRIPT',
        'input.applicant.nameBn:WRONG_SCRIPT',
        'input.mobileNumber:INVALID_MOBILE_NUMBER',
        'input.profession:REQUIRED',
        'input.nominee:REQUIRED',
        'input.applicantPhoto:REQUIRED',
      ].sort(),
    );
  });

  it('blacklisted issuing countries are rejected at step 1 unless customOptions lifts it', async () => {
    const h = harness();
    await h.policies.update(h.admin, { blacklistedCountries: ['bgd'] });
    const refused = await h.step1();
    expect(refused).toMatchObject({ ok: true, record: { kycStatus: 'rejected', retryCode: 'BLACKLISTED_COUNTRY' } });
    expect(h.calls).toHaveLength(0);
    expect(await h.step1({ customOptions: '{"blacklistCountries":false}' })).toMatchObject({ ok: true, record: { kycStatus: 'pending' } });
  });

  it('the age limit makes the application invalid without asking the EC, unless customOptions lifts it', async () => {
    const h = harness();
    await h.policies.update(h.admin, { minimumAge: 50 });
    const refused = await h.submitted();
    expect(refused.application).toMatchObject({ status: 'invalid', decisionReason: expect.stringMatching(/^AGE_LIMIT: /) });
    expect(refused.record).toMatchObject({ kycStatus: 'rejected', retryCode: 'AGE_LIMIT' });
    expect(await h.events('application.submitted')).toHaveLength(0);
    expect(await h.events('verification.completed')).toEqual([expect.objectContaining({ data: expect.objectContaining({ status: 'invalid' }) })]);
    const lifted = await h.submitted({ step1: { customOptions: '{"ageLimit":false}' }, step2: { mobileNumber: '01711111111' } });
    expect(lifted.application.status).toBe('pending');
  });

  it('duplicate users: refused while the NID is pending or approved, by tenant setting or per submission', async () => {
    const h = harness();
    const first = await h.submitted();
    expect((await h.submitted({ step2: { mobileNumber: '01711111112' } })).application.status).toBe('pending');
    const perSubmission = await h.submitted({ step1: { customOptions: '{"rejectDuplicateUser":true}' }, step2: { mobileNumber: '01711111113' } });
    expect(perSubmission.application).toMatchObject({ status: 'invalid', decisionReason: expect.stringMatching(/^DUPLICATE_USER/) });
    await h.policies.update(h.admin, { rejectDuplicateUser: true });
    expect((await h.submitted({ step2: { mobileNumber: '01711111114' } })).application.decisionReason).toMatch(/^DUPLICATE_USER/);
    expect((await h.submitted({ step1: { customOptions: '{"rejectDuplicateUser":false}' }, step2: { mobileNumber: '01711111115' } })).application.status).toBe(
      'pending',
    );
    expect(first.application.status).toBe('pending');
  });

  it('approve and reject periods refuse a NID decided recently, unless customOptions lifts them', async () => {
    const h = harness();
    await h.policies.update(h.admin, { approvePeriodDays: 30, rejectPeriodDays: 7, requireFaceMatch: false, requireLiveness: false });
    const approved = await h.submitted();
    await h.verified(approved.application.id);
    expect((await h.application(approved.application.id)).status).toBe('passed');
    expect((await h.submitted({ step2: { mobileNumber: '01711111116' } })).application.decisionReason).toMatch(/^DUPLICATE_APPROVED/);
    expect((await h.submitted({ step1: { customOptions: '{"approvePeriod":false}' }, step2: { mobileNumber: '01711111117' } })).application.status).toBe(
      'pending',
    );

    const other = harness();
    await other.policies.update(other.admin, { rejectPeriodDays: 7 });
    const rejected = await other.submitted();
    await other.deliver('nid.verification.completed', rejected.application.id, {
      outcome: 'not_found',
      verified: false,
      fields: [],
      ecPhotoRef: null,
      reason: null,
    });
    expect((await other.submitted({ step2: { mobileNumber: '01711111118' } })).application.decisionReason).toMatch(/^DUPLICATE_REJECTED/);
    expect((await other.submitted({ step1: { customOptions: '{"rejectPeriod":false}' }, step2: { mobileNumber: '01711111119' } })).application.status).toBe(
      'pending',
    );
  });
});

describe('the decision', () => {
  it('waits for every required result in any order, then passes; the submission is approved', async () => {
    for (const order of [
      ['nid', 'face', 'liveness'],
      ['liveness', 'face', 'nid'],
      ['face', 'liveness', 'nid'],
    ]) {
      const h = harness();
      const { application, record } = await h.submitted();
      expect(application).toMatchObject({ faceRequired: true, livenessRequired: true });
      for (const step of order) {
        if (step === 'nid') await h.verified(application.id);
        else if (step === 'face') await h.faces(application.id);
        else await h.liveness(application.id);
        if (step !== order[2]) expect((await h.application(application.id)).status).toBe('pending');
      }
      expect(await h.application(application.id)).toMatchObject({ status: 'passed', decisionReason: null, decidedAt: expect.any(Date) });
      expect(await ds.manager.findOneByOrFail(SubmissionRecord, { id: record.id })).toMatchObject({ kycStatus: 'approved' });
      expect(await h.events('verification.completed')).toEqual([
        expect.objectContaining({ data: { applicationId: application.id, status: 'passed', reason: null } }),
      ]);
    }
  });

  it("a document stands for an eKYC request once its customer passed the policy's checks, or at once when the policy requires none", async () => {
    const h = harness();
    const one = await h.step1();
    if (!one.ok) throw new Error('step 1 failed');
    expect(await h.submissions.ekycStanding(h.tenantId, one.record.id)).toBe('unverified');
    expect(await h.submissions.ekycStanding(h.tenantId, randomUUID())).toBe('not_found');
    const { application, record } = await h.submitted();
    expect(await h.submissions.ekycStanding(h.tenantId, record.id)).toBe('unverified');
    await h.verified(application.id);
    await h.faces(application.id);
    expect(await h.submissions.ekycStanding(h.tenantId, record.id)).toBe('unverified');
    await h.liveness(application.id);
    expect(await h.submissions.ekycStanding(h.tenantId, record.id)).toBe('ready');
    await h.policies.update(h.admin, { requireFaceMatch: false, requireLiveness: false });
    expect(await h.submissions.ekycStanding(h.tenantId, one.record.id)).toBe('ready');
    expect(await h.submissions.ekycStanding(randomUUID(), one.record.id)).toBe('not_found');
  });

  it('a face mismatch fails the application; a late or redelivered result never changes a final status', async () => {
    const h = harness();
    const { application, record } = await h.submitted();
    expect(await h.submissions.hasDocument(h.tenantId, record.id)).toBe(true);
    await h.verified(application.id);
    await h.faces(application.id, 'no_match');
    expect(await h.application(application.id)).toMatchObject({ status: 'failed', decisionReason: 'FACE_MISMATCH: selfie_ec' });
    expect(await ds.manager.findOneByOrFail(SubmissionRecord, { id: record.id })).toMatchObject({ kycStatus: 'rejected', retryCode: 'FACE_MISMATCH' });
    // A rejected submission's document is read, yet no eKYC request may be built on it.
    expect(await h.submissions.hasDocument(h.tenantId, record.id)).toBe(false);
    await h.faces(application.id, 'match');
    await h.verified(application.id);
    expect((await h.application(application.id)).status).toBe('failed');
    expect(await h.events('verification.completed')).toHaveLength(1);
  });

  it('the status by mobile number: no detail while pending, values, scores and photos once decided', async () => {
    const h = harness();
    const { application } = await h.submitted();
    const pending = await h.statuses.byMobileNumber(h.tenantId, '+8801785478964');
    expect(pending).toEqual({
      ok: true,
      value: expect.objectContaining({ status: 'pending', applicationId: application.id, reason: 'AWAITING_NID_VERIFICATION', detail: null }),
    });
    await h.verified(application.id);
    await h.faces(application.id);
    await h.liveness(application.id);
    const passed = await h.statuses.byMobileNumber(h.tenantId, '01785478964');
    if (!passed.ok || !passed.value?.detail) throw new Error('no detail');
    const d = passed.value.detail;
    expect(d.nidNumber).toEqual({ value: PERSON.nidNumber, score: 100, matched: true });
    expect(d.applicantNameEng).toEqual({ value: PERSON.nameEn, score: 100, matched: true });
    expect(d.applicantNameBen).toMatchObject({ value: PERSON.nameBn, score: 100 });
    expect(d).toMatchObject({ textualInfoMatch: true, applicantPhotoCardEcMatch: true, applicantPhotoAppEcMatch: true, applicantPhotoFromApp: selfieJpeg });
    expect(d.applicantPhotoFromCard).toBe(Buffer.from('card-photo').toString('base64'));
    expect(await h.statuses.byMobileNumber(harness().tenantId, '01785478964')).toEqual({ ok: true, value: null });
    expect(await h.statuses.byMobileNumber(h.tenantId, '123')).toMatchObject({ ok: false, error: { code: 'INVALID_MOBILE_NUMBER' } });
  });

  it('never passes without a passed liveness session when the tenant requires one; the third failed session fails it', async () => {
    const h = harness();
    const { application, record } = await h.submitted();
    await h.verified(application.id);
    await h.faces(application.id);
    expect(await h.application(application.id)).toMatchObject({ status: 'pending', decisionReason: 'AWAITING_LIVENESS' });
    const first = randomUUID();
    await h.liveness(application.id, 'failed', first);
    // A redelivered result counts once.
    await h.liveness(application.id, 'failed', first);
    expect(await h.application(application.id)).toMatchObject({ status: 'pending', decisionReason: 'AWAITING_LIVENESS: 1 of 3 sessions failed' });
    await h.liveness(application.id, 'failed');
    await h.liveness(application.id, 'failed');
    expect(await h.application(application.id)).toMatchObject({ status: 'failed', decisionReason: 'LIVENESS_FAILED: LIVENESS_CHALLENGE_NOT_MET: blink' });
    expect(await ds.manager.findOneByOrFail(SubmissionRecord, { id: record.id })).toMatchObject({ kycStatus: 'rejected', retryCode: 'LIVENESS_FAILED' });
    // A session passed after the decision changes nothing.
    await h.liveness(application.id, 'passed');
    expect((await h.application(application.id)).status).toBe('failed');
    expect(await h.events('verification.completed')).toEqual([expect.objectContaining({ data: expect.objectContaining({ status: 'failed' }) })]);
  });

  it('the gates are fixed when the application is submitted: a later policy change does not move them', async () => {
    const h = harness();
    await h.policies.update(h.admin, { requireLiveness: false });
    const { application } = await h.submitted();
    await h.policies.update(h.admin, { requireLiveness: true });
    await h.verified(application.id);
    await h.faces(application.id);
    expect(await h.application(application.id)).toMatchObject({ status: 'passed', livenessRequired: false, faceRequired: true });
  });
});

describe('submitApplication (the direct GraphQL path) under the same policy', () => {
  const applicant = {
    nidNumber: PERSON.nidNumber,
    nameEn: PERSON.nameEn,
    nameBn: PERSON.nameBn,
    dateOfBirth: PERSON.dateOfBirth,
    fatherName: PERSON.fatherName,
    motherName: PERSON.motherName,
  };
  const draft = async (h: ReturnType<typeof harness>, mobileNumber = '01785478964') => {
    const created = await h.applications.create(h.auth, { mobileNumber, channel: 'api' });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    return created.record.id;
  };

  it('refuses an applicant without a selfie when faces are required, and keeps the draft', async () => {
    const h = harness();
    const id = await draft(h);
    const refused = await h.applications.submit(h.auth, { applicationId: id, documentType: 'nid_smart', applicant });
    expect(refused).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'SELFIE_REQUIRED', field: 'input.selfie' })] });
    expect((await h.application(id)).status).toBe('draft');
    const bad = await h.applications.submit(h.auth, {
      applicationId: id,
      documentType: 'nid_smart',
      applicant: { ...applicant, dateOfBirth: 'soon' },
      selfie: 'not base64!',
    });
    expect(bad.ok ? [] : bad.errors.map((e) => e.field).sort()).toEqual(['input.applicant.dateOfBirth', 'input.selfie']);
  });

  it('with a selfie: the photo reference travels, and the decision waits for faces and liveness as on the agent path', async () => {
    const h = harness();
    const id = await draft(h);
    const submitted = await h.applications.submit(h.auth, { applicationId: id, documentType: 'nid_smart', applicant, selfie: selfieJpeg });
    expect(submitted).toMatchObject({
      ok: true,
      replayed: false,
      record: { status: 'pending', faceRequired: true, livenessRequired: true, selfieRef: expect.any(String) },
    });
    const [event] = await h.events('application.submitted');
    expect(event?.data).toMatchObject({ applicationId: id, selfieRef: expect.any(String) });
    await h.verified(id);
    expect((await h.application(id)).decisionReason).toBe('AWAITING_FACE_MATCH');
    await h.faces(id);
    expect((await h.application(id)).decisionReason).toBe('AWAITING_LIVENESS');
    await h.liveness(id);
    expect((await h.application(id)).status).toBe('passed');
    // The same call again is a safe retry.
    expect(await h.applications.submit(h.auth, { applicationId: id, documentType: 'nid_smart', applicant, selfie: selfieJpeg })).toMatchObject({
      ok: true,
      replayed: true,
    });
  });

  it('the tenant rules apply too: an applicant under age is invalid without asking the EC', async () => {
    const h = harness();
    await h.policies.update(h.admin, { requireFaceMatch: false, requireLiveness: false, minimumAge: 50 });
    const id = await draft(h);
    const submitted = await h.applications.submit(h.auth, { applicationId: id, documentType: 'nid_smart', applicant });
    expect(submitted).toMatchObject({ ok: true, record: { status: 'invalid', decisionReason: expect.stringMatching(/^AGE_LIMIT/) } });
    expect(await h.events('application.submitted')).toEqual([]);
    expect(await h.events('verification.completed')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ applicationId: id, status: 'invalid' }) }),
    ]);
  });
});
