import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { DataSource } from 'typeorm';
import { createPiiCipher } from '@ekyc/crypto';
import { migrateDataSource } from '@ekyc/db';
import { createEvent, type KycEvent } from '@ekyc/event-schemas';
import type { InternalContext } from '@ekyc/internal-context';
import { createLogger } from '@ekyc/logger';
import { CONTRACT_APPLICANT, integrationEnv, scratchDatabase } from '@ekyc/testing';
import { ApplicationRecord } from '../application/application.entity';
import { ApplicationService } from '../application/application.service';
import { createIdentityDocumentDataSource } from '../data-source';
import { DecisionService } from '../decision/decision.service';
import { SubmissionPolicyService } from '../policy/submission-policy.service';
import { ResubmissionService } from './resubmission.service';
import { ReviewService } from './review.service';

jest.setTimeout(60_000);

const cipher = createPiiCipher(Buffer.alloc(32, 7).toString('base64'));
const log = createLogger({ service: 'review-test', level: 'silent' });
const relay = { nudge: () => undefined };
const HOUR = 3_600_000;

let db: { url: string; drop(): Promise<void> };
let ds: DataSource;
let selfie: string;
let otherSelfie: string;

beforeAll(async () => {
  db = await scratchDatabase(integrationEnv().databaseUrl, 'review');
  ds = createIdentityDocumentDataSource(db.url);
  await migrateDataSource(ds);
  await ds.initialize();
  selfie = (
    await sharp({ create: { width: 320, height: 400, channels: 3, background: { r: 150, g: 120, b: 90 } } })
      .jpeg()
      .toBuffer()
  ).toString('base64');
  otherSelfie = (
    await sharp({ create: { width: 320, height: 400, channels: 3, background: { r: 90, g: 120, b: 150 } } })
      .jpeg()
      .toBuffer()
  ).toString('base64');
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

/** A tenant with two reviewers and an agent; applications reach review through the decision service, as in production. */
function harness() {
  const tenantId = randomUUID();
  const user = (roles: InternalContext['roles']): InternalContext => ({
    tenantId,
    userId: randomUUID(),
    roles,
    authKind: 'jwt',
    credentialId: 'c',
    requestId: 'r',
  });
  const [agent, alice, bob] = [user(['agent']), user(['reviewer']), user(['reviewer'])];
  let now = new Date();
  const clock = () => now;
  const policies = new SubmissionPolicyService({ ds });
  const applications = new ApplicationService({ ds, cipher, relay, policies });
  const reviews = new ReviewService({
    ds,
    cipher,
    relay,
    policies,
    settings: { leaseMs: 15 * 60_000, dueMs: 24 * HOUR, systemMs: HOUR, livenessMs: HOUR / 2, resubmissionMs: 72 * HOUR },
    now: clock,
  });
  const decisions = new DecisionService({ ds, log, reviews });
  const resubmissions = new ResubmissionService({ ds, cipher, relay, decisions, now: clock });
  const deliver = async (event: KycEvent) =>
    ds.transaction((m) => {
      if (event.type === 'nid.verification.completed') return decisions.onNidResult(m, event as KycEvent<'nid.verification.completed'>);
      if (event.type === 'biometric.match.completed') return decisions.onFaceResult(m, event as KycEvent<'biometric.match.completed'>);
      return decisions.onLivenessResult(m, event as KycEvent<'biometric.liveness.completed'>);
    });
  const meta = (applicationId: string) => ({ tenantId, correlationId: applicationId, actor: { kind: 'system' as const, id: 'test' } });

  /** Submitted, with no result yet. */
  async function submittedApplication(): Promise<string> {
    const created = await applications.create(agent, { mobileNumber: `017${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, channel: 'api' });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const id = created.record.id;
    const applicant = CONTRACT_APPLICANT;
    const submitted = await applications.submit(agent, { applicationId: id, documentType: 'nid_smart', applicant, selfie });
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));
    return id;
  }
  const verified = (id: string) =>
    deliver(
      createEvent('nid.verification.completed', meta(id), {
        applicationId: id,
        outcome: 'verified',
        verified: true,
        fields: [{ field: 'nameEn', matched: true }],
        ecPhotoRef: 'ec:x',
        reason: null,
      }),
    );
  const matched = (id: string) =>
    deliver(
      createEvent('biometric.match.completed', meta(id), {
        applicationId: id,
        matches: [{ pair: 'selfie_ec', similarity: 0.9, decision: 'match' }],
        knownFace: null,
      }),
    );
  const live = (id: string) =>
    deliver(
      createEvent('biometric.liveness.completed', meta(id), {
        applicationId: id,
        sessionId: randomUUID(),
        status: 'passed',
        challenges: ['blink', 'turn_left', 'open_mouth'],
        reason: null,
      }),
    );

  /** Submitted, EC-verified, live, with the faces as given: pending for review when a pair is `review` or the face is known. */
  async function pendingApplication(faces: { decision?: 'match' | 'review'; knownFace?: string } = {}): Promise<string> {
    const id = await submittedApplication();
    await deliver(
      createEvent('nid.verification.completed', meta(id), {
        applicationId: id,
        outcome: 'verified',
        verified: true,
        fields: [{ field: 'nameEn', matched: true }],
        ecPhotoRef: 'ec:x',
        reason: null,
      }),
    );
    await deliver(
      createEvent('biometric.liveness.completed', meta(id), {
        applicationId: id,
        sessionId: randomUUID(),
        status: 'passed',
        challenges: ['blink', 'turn_left', 'open_mouth'],
        reason: null,
      }),
    );
    await deliver(
      createEvent('biometric.match.completed', meta(id), {
        applicationId: id,
        matches: [{ pair: 'selfie_ec', similarity: faces.decision === 'review' ? 0.5 : 0.9, decision: faces.decision ?? 'match' }],
        knownFace: faces.knownFace ? { applicationId: faces.knownFace, similarity: 0.95 } : null,
      }),
    );
    return id;
  }
  const application = (id: string) => ds.manager.findOneByOrFail(ApplicationRecord, { tenantId, id });
  const pendingIds = async () => (await ds.manager.findBy(ApplicationRecord, { tenantId, status: 'pending' })).map((a) => a.id);
  const events = async (type: string) =>
    (
      (await ds.query(`SELECT payload FROM identity_document.outbox WHERE tenant_id = $1 AND event_type = $2 ORDER BY created_at`, [tenantId, type])) as Array<{
        payload: KycEvent;
      }>
    ).map((r) => r.payload);
  const caseOf = async (applicationId: string) => {
    const found = await reviews.openCaseOf(tenantId, applicationId);
    if (!found) throw new Error('no open case');
    return found;
  };
  return {
    tenantId,
    agent,
    alice,
    bob,
    policies,
    reviews,
    resubmissions,
    deliver,
    meta,
    submittedApplication,
    verified,
    matched,
    live,
    pendingApplication,
    application,
    pendingIds,
    events,
    caseOf,
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
  };
}

describe('review cases', () => {
  it('a face comparison between the thresholds opens one case with a due time; redelivery opens no second', async () => {
    const h = harness();
    const id = await h.pendingApplication({ decision: 'review' });
    expect(await h.application(id)).toMatchObject({ status: 'pending', decisionReason: 'FACE_REVIEW: selfie_ec' });
    const opened = await h.caseOf(id);
    expect(opened).toMatchObject({ reason: 'FACE_REVIEW', reasonDetail: 'FACE_REVIEW: selfie_ec', status: 'open', claimedBy: null });
    expect(opened.dueAt.getTime() - opened.createdAt.getTime()).toBe(24 * HOUR);
    await h.deliver(
      createEvent(
        'biometric.match.completed',
        { tenantId: h.tenantId, correlationId: id, actor: { kind: 'system', id: 't' } },
        { applicationId: id, matches: [{ pair: 'selfie_ec', similarity: 0.5, decision: 'review' }] },
      ) as KycEvent,
    );
    expect(await h.events('review.opened')).toEqual([
      expect.objectContaining({ data: { caseId: opened.id, applicationId: id, reason: 'FACE_REVIEW', dueAt: opened.dueAt.toISOString() } }),
    ]);
    const queue = await h.reviews.list(h.tenantId, { status: 'open', first: 10 });
    expect(queue.ok && queue.records.map((r) => r.id)).toEqual([opened.id]);
  });

  it('one reviewer at a time: the second is refused while the lease runs, and may take the case once it lapses', async () => {
    const h = harness();
    const id = await h.pendingApplication({ decision: 'review' });
    const { id: caseId } = await h.caseOf(id);
    const [a, b] = await Promise.all([h.reviews.claim(h.alice, caseId), h.reviews.claim(h.bob, caseId)]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const [winner, loser] = a.ok ? [h.alice, h.bob] : [h.bob, h.alice];
    expect((a.ok ? b : a).ok ? null : a.ok ? b : a).toMatchObject({ errors: [expect.objectContaining({ code: 'CASE_CLAIMED' })] });
    expect(await h.reviews.approve(loser, { id: caseId })).toMatchObject({ ok: false, errors: [expect.objectContaining({ code: 'CASE_NOT_CLAIMED' })] });
    h.advance(16 * 60_000);
    expect(await h.reviews.approve(winner, { id: caseId })).toMatchObject({ ok: false, errors: [expect.objectContaining({ code: 'CASE_NOT_CLAIMED' })] });
    expect(await h.reviews.claim(loser, caseId)).toMatchObject({ ok: true, record: { claimedBy: loser.userId } });
  });

  it('approval passes the application once: verification.completed by the reviewer, review.resolved, the case closed', async () => {
    const h = harness();
    const id = await h.pendingApplication({ decision: 'review' });
    const { id: caseId } = await h.caseOf(id);
    expect(await h.reviews.claim(h.alice, caseId)).toMatchObject({ ok: true });
    const approved = await h.reviews.approve(h.alice, { id: caseId, note: 'Same person: ears and scar match the EC photo.' });
    expect(approved).toMatchObject({ ok: true, record: { status: 'approved', resolvedBy: h.alice.userId } });
    expect(await h.application(id)).toMatchObject({ status: 'passed', decisionReason: null, decidedAt: expect.any(Date) });
    const [completed] = await h.events('verification.completed');
    expect(completed).toMatchObject({ actor: { kind: 'user', id: h.alice.userId }, data: { applicationId: id, status: 'passed', reason: null } });
    expect(await h.events('review.resolved')).toEqual([
      expect.objectContaining({ data: { caseId, applicationId: id, outcome: 'approved', rejectionCodes: [] } }),
    ]);
    // The note is sealed at rest and never in an event.
    const [row] = (await ds.query('SELECT note_enc FROM identity_document.review_cases WHERE id = $1', [caseId])) as Array<{ note_enc: string }>;
    expect(row?.note_enc).not.toContain('scar');
    expect(JSON.stringify(await h.events('review.resolved'))).not.toContain('scar');
    expect(await h.reviews.approve(h.alice, { id: caseId })).toMatchObject({ ok: false, errors: [expect.objectContaining({ code: 'CASE_CLOSED' })] });
  });

  it('a duplicate is rejected with reason codes: the application fails with REVIEW_REJECTED; bad codes are refused', async () => {
    const h = harness();
    const earlier = randomUUID();
    const id = await h.pendingApplication({ knownFace: earlier });
    const opened = await h.caseOf(id);
    expect(opened).toMatchObject({ reason: 'DUPLICATE_FACE', reasonDetail: `DUPLICATE_FACE: ${earlier}` });
    await h.reviews.claim(h.bob, opened.id);
    expect(await h.reviews.reject(h.bob, { id: opened.id, codes: [] })).toMatchObject({
      ok: false,
      errors: [expect.objectContaining({ code: 'REQUIRED', field: 'input.codes' })],
    });
    expect(await h.reviews.reject(h.bob, { id: opened.id, codes: ['LOOKS_ODD'] })).toMatchObject({
      ok: false,
      errors: [expect.objectContaining({ code: 'INVALID_REJECTION_CODE' })],
    });
    expect(await h.reviews.reject(h.bob, { id: opened.id, codes: ['DUPLICATE_IDENTITY'] })).toMatchObject({
      ok: true,
      record: { status: 'rejected', rejectionCodes: ['DUPLICATE_IDENTITY'] },
    });
    expect(await h.application(id)).toMatchObject({ status: 'failed', decisionReason: 'REVIEW_REJECTED: DUPLICATE_IDENTITY' });
  });

  it("another tenant's reviewer sees and touches nothing", async () => {
    const h = harness();
    const stranger = harness();
    const id = await h.pendingApplication({ decision: 'review' });
    const { id: caseId } = await h.caseOf(id);
    expect(await stranger.reviews.findById(stranger.tenantId, caseId)).toBeNull();
    const queue = await stranger.reviews.list(stranger.tenantId, { status: 'open', first: 10 });
    expect(queue.ok && queue.records).toEqual([]);
    expect(await stranger.reviews.claim(stranger.alice, caseId)).toMatchObject({
      ok: false,
      errors: [expect.objectContaining({ code: 'REVIEW_CASE_NOT_FOUND' })],
    });
  });

  it('an overdue case is escalated once; the queue filters and pages oldest first', async () => {
    const h = harness();
    const first = await h.pendingApplication({ decision: 'review' });
    h.advance(60_000);
    const second = await h.pendingApplication({ decision: 'review' });
    h.advance(24 * HOUR - 30_000);
    // Only the first is due: other tenants' sweeps may run too, so count this tenant's events.
    await h.reviews.escalateOverdue();
    expect((await h.events('review.escalated')).map((e) => (e.data as { applicationId: string }).applicationId)).toEqual([first]);
    await h.reviews.escalateOverdue();
    expect(await h.events('review.escalated')).toHaveLength(1);
    const overdue = await h.reviews.list(h.tenantId, { status: 'open', overdue: true, first: 10 });
    expect(overdue.ok && overdue.records.map((r) => r.applicationId)).toEqual([first]);
    const page1 = await h.reviews.list(h.tenantId, { status: 'open', first: 1 });
    if (!page1.ok) throw new Error('no page');
    expect(page1).toMatchObject({ hasNextPage: true, records: [expect.objectContaining({ applicationId: first })] });
    const cursor = Buffer.from(JSON.stringify([page1.records[0]!.createdAt.toISOString(), page1.records[0]!.id])).toString('base64url');
    const page2 = await h.reviews.list(h.tenantId, { status: 'open', first: 1, after: cursor });
    expect(page2).toMatchObject({ ok: true, hasNextPage: false, records: [expect.objectContaining({ applicationId: second })] });
  });

  it('nothing pending is without an owner: a step past its deadline opens a case that can be rejected, not approved', async () => {
    const h = harness();
    const waitingForEc = await h.submittedApplication();
    const waitingForLiveness = await h.submittedApplication();
    await h.verified(waitingForLiveness);
    await h.matched(waitingForLiveness);
    const inReview = await h.pendingApplication({ decision: 'review' });
    const owners = async () =>
      Object.fromEntries(await Promise.all((await h.pendingIds()).map(async (id) => [id, await h.reviews.ownerOf(h.tenantId, await h.application(id))])));
    const before = await owners();
    expect(Object.keys(before).sort()).toEqual([waitingForEc, waitingForLiveness, inReview].sort());
    expect(before[waitingForEc]).toMatchObject({ owner: 'system', step: 'nid_verification', overdue: false });
    expect(before[waitingForLiveness]).toMatchObject({ owner: 'applicant', step: 'liveness', overdue: false });
    expect(before[inReview]).toMatchObject({ owner: 'reviewer', step: 'FACE_REVIEW' });

    // Past the liveness deadline (30 min) only the applicant's step is overdue; past the system's (1 h), the EC's too.
    h.advance(31 * 60_000);
    expect((await owners())[waitingForLiveness]).toMatchObject({ owner: 'applicant', overdue: true });
    await h.reviews.openOverdue();
    const livenessCase = await h.caseOf(waitingForLiveness);
    expect(livenessCase).toMatchObject({ reason: 'STEP_OVERDUE', reasonDetail: 'STEP_OVERDUE: AWAITING_LIVENESS' });
    expect(await h.reviews.openCaseOf(h.tenantId, waitingForEc)).toBeNull();
    h.advance(30 * 60_000);
    await h.reviews.openOverdue();
    await h.reviews.openOverdue();
    expect(await h.caseOf(waitingForEc)).toMatchObject({ reason: 'STEP_OVERDUE', reasonDetail: 'STEP_OVERDUE: AWAITING_NID_VERIFICATION' });
    expect((await h.events('review.opened')).filter((e) => (e.data as { applicationId: string }).applicationId === waitingForEc)).toHaveLength(1);
    for (const owner of Object.values(await owners())) expect(owner).toMatchObject({ owner: 'reviewer' });

    // Approval would pass an application without its required check: refused. Rejection fails it.
    await h.reviews.claim(h.alice, livenessCase.id);
    expect(await h.reviews.approve(h.alice, { id: livenessCase.id })).toMatchObject({
      ok: false,
      errors: [expect.objectContaining({ code: 'APPROVAL_NOT_ALLOWED' })],
    });
    expect(await h.reviews.reject(h.alice, { id: livenessCase.id, codes: ['OTHER'] })).toMatchObject({ ok: true });
    expect(await h.application(waitingForLiveness)).toMatchObject({ status: 'failed', decisionReason: 'REVIEW_REJECTED: OTHER' });

    // A check that answers late decides as usual, and the case it no longer needs is closed.
    const ecCase = await h.caseOf(waitingForEc);
    await h.verified(waitingForEc);
    await h.matched(waitingForEc);
    await h.live(waitingForEc);
    expect(await h.application(waitingForEc)).toMatchObject({ status: 'passed' });
    expect(await h.reviews.findById(h.tenantId, ecCase.id)).toMatchObject({ status: 'superseded' });
  });

  it('liveness that could not be judged three times opens a case; the reviewer may approve it', async () => {
    const h = harness();
    const id = await h.submittedApplication();
    await h.verified(id);
    await h.matched(id);
    for (const reason of [
      'LIVENESS_NO_NEUTRAL_START: the first frame shows no usable face (NO_FACE)',
      'LIVENESS_MULTIPLE_FACES: frame 1 shows more than one face',
      'LIVENESS_NO_NEUTRAL_START: dark',
    ]) {
      await h.deliver(
        createEvent('biometric.liveness.completed', h.meta(id), {
          applicationId: id,
          sessionId: randomUUID(),
          status: 'failed',
          challenges: ['blink'],
          reason,
        }),
      );
    }
    expect(await h.application(id)).toMatchObject({ status: 'pending', decisionReason: 'LIVENESS_INCONCLUSIVE: LIVENESS_NO_NEUTRAL_START: dark' });
    const opened = await h.caseOf(id);
    expect(opened).toMatchObject({ reason: 'LIVENESS_INCONCLUSIVE' });
    await h.reviews.claim(h.alice, opened.id);
    expect(await h.reviews.approve(h.alice, { id: opened.id, note: 'agent confirmed the customer was present' })).toMatchObject({
      ok: true,
      record: { status: 'approved' },
    });
    expect(await h.application(id)).toMatchObject({ status: 'passed' });
  });

  it('under the four-eyes rule a duplicate needs two approvals by different reviewers', async () => {
    const h = harness();
    await h.policies.update({ ...h.alice, roles: ['partner_admin'] }, { fourEyesDuplicates: true });
    const id = await h.pendingApplication({ knownFace: randomUUID() });
    const { id: caseId } = await h.caseOf(id);
    await h.reviews.claim(h.alice, caseId);
    expect(await h.reviews.approve(h.alice, { id: caseId })).toMatchObject({
      ok: true,
      record: { status: 'open', firstApprovalBy: h.alice.userId, claimedBy: null },
    });
    expect((await h.application(id)).status).toBe('pending');
    expect(await h.events('review.approval.recorded')).toEqual([
      expect.objectContaining({ actor: { kind: 'user', id: h.alice.userId }, data: expect.objectContaining({ approvals: 1, approvalsNeeded: 2 }) }),
    ]);
    // The same reviewer cannot give the second approval.
    await h.reviews.claim(h.alice, caseId);
    expect(await h.reviews.approve(h.alice, { id: caseId })).toMatchObject({
      ok: false,
      errors: [expect.objectContaining({ code: 'SECOND_APPROVER_REQUIRED' })],
    });
    await h.reviews.release(h.alice, caseId);
    await h.reviews.claim(h.bob, caseId);
    expect(await h.reviews.approve(h.bob, { id: caseId })).toMatchObject({ ok: true, record: { status: 'approved', resolvedBy: h.bob.userId } });
    expect((await h.application(id)).status).toBe('passed');
    // A face review is not a duplicate: one approval decides it.
    const other = await h.pendingApplication({ decision: 'review' });
    const faceCase = await h.caseOf(other);
    await h.reviews.claim(h.bob, faceCase.id);
    expect(await h.reviews.approve(h.bob, { id: faceCase.id })).toMatchObject({ ok: true, record: { status: 'approved' } });
  });
});

describe('resubmission requests', () => {
  const codes = (result: { ok: boolean; errors?: Array<{ code: string; field?: string | null }> }) =>
    result.ok ? [] : (result.errors ?? []).map((e) => `${e.code}@${e.field}`);

  it('a reviewer asks for a new selfie: the applicant owns the application until the due time, and the new selfie decides it', async () => {
    const h = harness();
    const id = await h.pendingApplication({ decision: 'review' });
    const { id: caseId } = await h.caseOf(id);
    const firstSelfieRef = (await h.application(id)).selfieRef;
    expect(await h.reviews.requestResubmission(h.alice, { id: caseId, items: ['SELFIE'] })).toMatchObject({
      ok: false,
      errors: [expect.objectContaining({ code: 'CASE_NOT_CLAIMED' })],
    });
    await h.reviews.claim(h.alice, caseId);
    expect(codes(await h.reviews.requestResubmission(h.alice, { id: caseId, items: [] }))).toEqual(['REQUIRED@input.items']);
    expect(codes(await h.reviews.requestResubmission(h.alice, { id: caseId, items: ['FINGERPRINT'] }))).toEqual(['INVALID_RESUBMISSION_ITEM@input.items']);
    const requested = await h.reviews.requestResubmission(h.alice, {
      id: caseId,
      items: ['SELFIE', 'SELFIE'],
      message: 'Face the window; Rahim, take off the cap.',
    });
    expect(requested).toMatchObject({ ok: true, record: { status: 'resubmission_requested', resubmissionItems: ['SELFIE'], resolvedBy: h.alice.userId } });

    const waiting = await h.application(id);
    expect(waiting).toMatchObject({
      status: 'pending',
      decisionReason: 'AWAITING_RESUBMISSION: SELFIE',
      resubmission: { caseId, items: ['SELFIE'], previousReason: 'FACE_REVIEW: selfie_ec', received: null },
    });
    expect(await h.reviews.ownerOf(h.tenantId, waiting)).toEqual({
      owner: 'applicant',
      step: 'resubmission',
      dueAt: new Date(waiting.resubmission!.dueAt),
      overdue: false,
    });
    expect(new Date(waiting.resubmission!.dueAt).getTime() - new Date(waiting.resubmission!.requestedAt).getTime()).toBe(72 * HOUR);
    expect(h.reviews.resubmissionMessageOf(h.tenantId, waiting.resubmission)).toBe('Face the window; Rahim, take off the cap.');
    // The message is sealed and in no event; the partner hears the items and the due time.
    expect(JSON.stringify(waiting.resubmission)).not.toContain('Rahim');
    expect(await h.events('review.resubmission.requested')).toEqual([
      expect.objectContaining({ data: { caseId, applicationId: id, items: ['SELFIE'], dueAt: waiting.resubmission!.dueAt } }),
    ]);
    expect(await h.events('review.resolved')).toEqual([
      expect.objectContaining({ data: { caseId, applicationId: id, outcome: 'resubmission_requested', rejectionCodes: [] } }),
    ]);
    expect(JSON.stringify(await h.events('review.resubmission.requested'))).not.toContain('Rahim');

    // A late result while the agent is away is kept, not decided on.
    await h.matched(id);
    expect(await h.application(id)).toMatchObject({ status: 'pending', decisionReason: 'AWAITING_RESUBMISSION: SELFIE' });

    // Exactly the items asked for, all reported at once.
    expect(codes(await h.resubmissions.resubmit(h.agent, { applicationId: id, documentFront: selfie }))).toEqual([
      'REQUIRED@input.selfie',
      'NOT_REQUESTED@input.documentFront',
    ]);
    expect(codes(await h.resubmissions.resubmit(h.agent, { applicationId: id, selfie: 'not an image' }))).toEqual([expect.stringMatching(/@input\.selfie$/)]);
    const sent = await h.resubmissions.resubmit(h.agent, { applicationId: id, selfie: otherSelfie });
    expect(sent).toMatchObject({ ok: true, replayed: false, record: { status: 'pending', decisionReason: 'AWAITING_FACE_MATCH', faceResult: null } });
    const after = await h.application(id);
    expect(after.selfieRef).not.toBe(firstSelfieRef);
    expect(await h.events('application.resubmitted')).toEqual([
      expect.objectContaining({
        actor: { kind: 'user', id: h.agent.userId },
        data: { applicationId: id, items: ['SELFIE'], selfieRef: after.selfieRef, documentRefs: { front: null, back: null } },
      }),
    ]);
    expect(await h.reviews.ownerOf(h.tenantId, after)).toMatchObject({ owner: 'system', step: 'face_match' });
    // The same items again are a safe retry; other items after the answer are refused.
    expect(await h.resubmissions.resubmit(h.agent, { applicationId: id, selfie: otherSelfie })).toMatchObject({ ok: true, replayed: true });
    expect(codes(await h.resubmissions.resubmit(h.agent, { applicationId: id, selfie }))).toEqual(['ALREADY_RESUBMITTED@input.applicationId']);
    expect(await h.events('application.resubmitted')).toHaveLength(1);

    // A comparison of the replaced selfie is not used; the new selfie's decides.
    const compared = (selfieRef: string | null, decision: 'match' | 'review') =>
      h.deliver(
        createEvent('biometric.match.completed', h.meta(id), {
          applicationId: id,
          matches: [{ pair: 'selfie_ec', similarity: 0.9, decision }],
          knownFace: null,
          selfieRef,
        }),
      );
    await compared(firstSelfieRef, 'match');
    expect(await h.application(id)).toMatchObject({ status: 'pending', decisionReason: 'AWAITING_FACE_MATCH' });
    await compared(after.selfieRef, 'match');
    expect(await h.application(id)).toMatchObject({ status: 'passed', decisionReason: null });
    expect(codes(await h.resubmissions.resubmit(h.agent, { applicationId: id, selfie: otherSelfie }))).toEqual([]);
  });

  it('new document photos go back to a reviewer in a new case, with the new photos as evidence', async () => {
    const h = harness();
    const earlier = randomUUID();
    const id = await h.pendingApplication({ knownFace: earlier });
    const first = await h.caseOf(id);
    await h.reviews.claim(h.bob, first.id);
    expect(await h.reviews.requestResubmission(h.bob, { id: first.id, items: ['DOCUMENT_FRONT'] })).toMatchObject({ ok: true });
    expect(await h.resubmissions.resubmit(h.agent, { applicationId: id, documentFront: otherSelfie })).toMatchObject({
      ok: true,
      record: { decisionReason: `DUPLICATE_FACE: ${earlier}` },
    });
    const second = await h.caseOf(id);
    expect(second).toMatchObject({ reason: 'DUPLICATE_FACE', status: 'open' });
    expect(second.id).not.toBe(first.id);
    expect((await h.reviews.evidenceImages(h.tenantId, id, new Set(['front']))).front).toBe(otherSelfie);
    expect(await h.events('application.resubmitted')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ items: ['DOCUMENT_FRONT'], selfieRef: null }) }),
    ]);
  });

  it('past the due time the agent is refused and a reviewer decides: reject, or ask again', async () => {
    const h = harness();
    const id = await h.pendingApplication({ decision: 'review' });
    const { id: caseId } = await h.caseOf(id);
    await h.reviews.claim(h.alice, caseId);
    await h.reviews.requestResubmission(h.alice, { id: caseId, items: ['SELFIE'] });
    h.advance(72 * HOUR + 60_000);
    expect(await h.reviews.ownerOf(h.tenantId, await h.application(id))).toMatchObject({ owner: 'applicant', step: 'resubmission', overdue: true });
    expect(codes(await h.resubmissions.resubmit(h.agent, { applicationId: id, selfie: otherSelfie }))).toEqual(['RESUBMISSION_EXPIRED@input.applicationId']);
    await h.reviews.openOverdue();
    const late = await h.caseOf(id);
    expect(late).toMatchObject({ reason: 'STEP_OVERDUE', reasonDetail: 'STEP_OVERDUE: AWAITING_RESUBMISSION: SELFIE' });
    await h.reviews.claim(h.bob, late.id);
    expect(await h.reviews.approve(h.bob, { id: late.id })).toMatchObject({ ok: false, errors: [expect.objectContaining({ code: 'APPROVAL_NOT_ALLOWED' })] });
    // Asking again gives a new due time and keeps what the first case was about.
    expect(await h.reviews.requestResubmission(h.bob, { id: late.id, items: ['SELFIE'] })).toMatchObject({ ok: true });
    expect(await h.application(id)).toMatchObject({
      decisionReason: 'AWAITING_RESUBMISSION: SELFIE',
      resubmission: { caseId: late.id, previousReason: 'FACE_REVIEW: selfie_ec' },
    });
    expect(await h.resubmissions.resubmit(h.agent, { applicationId: id, selfie: otherSelfie })).toMatchObject({
      ok: true,
      record: { decisionReason: 'AWAITING_FACE_MATCH' },
    });
  });

  it('only a case new photos can answer may send items back; an application with no request refuses them', async () => {
    const h = harness();
    const waitingForEc = await h.submittedApplication();
    expect(codes(await h.resubmissions.resubmit(h.agent, { applicationId: waitingForEc, selfie: otherSelfie }))).toEqual([
      'RESUBMISSION_NOT_REQUESTED@input.applicationId',
    ]);
    expect(codes(await h.resubmissions.resubmit(h.agent, { applicationId: randomUUID(), selfie: otherSelfie }))).toEqual([
      'APPLICATION_NOT_FOUND@input.applicationId',
    ]);
    h.advance(61 * 60_000);
    await h.reviews.openOverdue();
    const ecCase = await h.caseOf(waitingForEc);
    await h.reviews.claim(h.alice, ecCase.id);
    expect(codes(await h.reviews.requestResubmission(h.alice, { id: ecCase.id, items: ['SELFIE'] }))).toEqual(['RESUBMISSION_NOT_ALLOWED@id']);
    const stranger = harness();
    expect(codes(await stranger.resubmissions.resubmit(stranger.agent, { applicationId: waitingForEc, selfie: otherSelfie }))).toEqual([
      'APPLICATION_NOT_FOUND@input.applicationId',
    ]);
  });
});
