import { pendingOwnerOf } from './pending-owner';

const submittedAt = new Date('2026-12-01T10:00:00Z');
const createdAt = new Date('2026-12-01T09:59:00Z');
const deadlines = { systemMs: 60 * 60_000, livenessMs: 30 * 60_000 };
const pending = (decisionReason: string | null) => ({ status: 'pending' as const, decisionReason, submittedAt, createdAt });

describe('pendingOwnerOf', () => {
  it('gives every pending application an owner and a due time', () => {
    expect(pendingOwnerOf(pending('AWAITING_NID_VERIFICATION'), null, deadlines)).toEqual({
      owner: 'system',
      step: 'nid_verification',
      dueAt: new Date('2026-12-01T11:00:00Z'),
    });
    expect(pendingOwnerOf(pending('NID_SERVICE_FAILED: NID_UNAVAILABLE'), null, deadlines)).toMatchObject({ owner: 'system', step: 'nid_verification' });
    expect(pendingOwnerOf(pending('AWAITING_FACE_MATCH'), null, deadlines)).toMatchObject({ owner: 'system', step: 'face_match' });
    expect(pendingOwnerOf(pending('AWAITING_LIVENESS: 1 of 3 sessions failed'), null, deadlines)).toEqual({
      owner: 'applicant',
      step: 'liveness',
      dueAt: new Date('2026-12-01T10:30:00Z'),
    });
    // A reason without a step of its own is still someone's: the system's.
    expect(pendingOwnerOf(pending('SOMETHING_NEW'), null, deadlines)).toMatchObject({ owner: 'system', step: 'decision' });
    expect(pendingOwnerOf(pending(null), null, deadlines)).toMatchObject({ owner: 'system' });
  });

  it('an open review case owns the application until its own due time', () => {
    const dueAt = new Date('2026-12-02T10:00:00Z');
    expect(pendingOwnerOf(pending('FACE_REVIEW: selfie_ec'), { reason: 'FACE_REVIEW', dueAt }, deadlines)).toEqual({
      owner: 'reviewer',
      step: 'FACE_REVIEW',
      dueAt,
    });
    expect(pendingOwnerOf(pending('AWAITING_NID_VERIFICATION'), { reason: 'STEP_OVERDUE', dueAt }, deadlines)).toEqual({
      owner: 'reviewer',
      step: 'STEP_OVERDUE',
      dueAt,
    });
  });

  it("a resubmission request is the applicant's until its due time; the system steps run again from the resubmission", () => {
    const resubmission = {
      caseId: 'c',
      items: ['SELFIE' as const],
      messageEnc: null,
      requestedAt: '2026-12-01T12:00:00.000Z',
      dueAt: '2026-12-04T12:00:00.000Z',
      previousReason: 'FACE_REVIEW: selfie_ec',
      received: null,
    };
    expect(pendingOwnerOf({ ...pending('AWAITING_RESUBMISSION: SELFIE'), resubmission, resubmittedAt: null }, null, deadlines)).toEqual({
      owner: 'applicant',
      step: 'resubmission',
      dueAt: new Date('2026-12-04T12:00:00Z'),
    });
    const resubmittedAt = new Date('2026-12-02T08:00:00Z');
    expect(pendingOwnerOf({ ...pending('AWAITING_FACE_MATCH'), resubmission, resubmittedAt }, null, deadlines)).toEqual({
      owner: 'system',
      step: 'face_match',
      dueAt: new Date('2026-12-02T09:00:00Z'),
    });
  });

  it('final and draft applications have no owner', () => {
    for (const status of ['draft', 'passed', 'failed', 'invalid'] as const) expect(pendingOwnerOf({ ...pending(null), status }, null, deadlines)).toBeNull();
  });
});
