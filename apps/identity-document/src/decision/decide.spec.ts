import { decide, MAX_LIVENESS_FAILURES, type FaceResult, type LivenessResult, type NidResult } from './decide';

const nid = (outcome: NidResult['outcome'], fields: NidResult['fields'] = [], reason: string | null = null): NidResult => ({
  outcome,
  fields,
  reason,
  ecPhotoRef: 'ec-photo:abc',
});
const face = (...matches: FaceResult['matches']): FaceResult => ({ matches });
const match = (pair: 'card_ec' | 'selfie_ec' | 'selfie_card', decision: 'match' | 'review' | 'no_match' = 'match') => ({
  pair,
  decision,
  similarity: decision === 'match' ? 0.9 : 0.4,
});

const noLiveness = { liveness: null, livenessRequired: false };
const failedSessions = (n: number): LivenessResult => ({
  passedSessionId: null,
  failures: Array.from({ length: n }, (_, i) => ({ sessionId: `s${i}`, reason: 'LIVENESS_CHALLENGE_NOT_MET: blink' })),
});

describe('decide', () => {
  it('waits for the NID result first, whatever arrived', () => {
    expect(decide({ ...noLiveness, nid: null, face: face(match('selfie_ec')), faceRequired: true })).toEqual({
      status: 'pending',
      reason: 'AWAITING_NID_VERIFICATION',
    });
  });

  it.each([
    ['rejected', 'invalid', 'NID_REQUEST_REJECTED: bad nid'],
    ['not_found', 'failed', 'NID_NOT_FOUND'],
    ['failed', 'pending', 'NID_SERVICE_FAILED: bad nid'],
  ] as const)('NID outcome %s gives %s', (outcome, status, reason) => {
    expect(decide({ ...noLiveness, nid: nid(outcome, [], 'bad nid'), face: null, faceRequired: true })).toEqual({ status, reason });
  });

  it('a mismatch names the fields that did not match', () => {
    const fields = [
      { field: 'nameEn', matched: true, score: 100 },
      { field: 'dateOfBirth', matched: false, score: 60 },
      { field: 'father', matched: false, score: 10 },
    ];
    expect(decide({ ...noLiveness, nid: nid('mismatch', fields), face: null, faceRequired: false })).toEqual({
      status: 'failed',
      reason: 'NID_MISMATCH: dateOfBirth, father',
    });
  });

  it('passes on a verified NID alone when the tenant does not require faces', () => {
    expect(decide({ ...noLiveness, nid: nid('verified'), face: null, faceRequired: false })).toEqual({ status: 'passed', reason: null });
  });

  it('liveness that could not be judged three times goes to a person, once the faces answered; a spoof-like failure among them fails it', () => {
    const sessions = (...codes: string[]): LivenessResult => ({ passedSessionId: null, failures: codes.map((reason, i) => ({ sessionId: `s${i}`, reason })) });
    const base = { nid: nid('verified'), faceRequired: true, livenessRequired: true };
    const dark = 'LIVENESS_NO_NEUTRAL_START: the first frame shows no usable face';
    expect(
      decide({ ...base, face: face(match('selfie_ec')), liveness: sessions(dark, 'LIVENESS_MULTIPLE_FACES: frame 2 shows more than one face', dark) }),
    ).toEqual({ status: 'pending', reason: `LIVENESS_INCONCLUSIVE: ${dark}` });
    expect(decide({ ...base, face: null, liveness: sessions(dark, dark, dark) })).toEqual({ status: 'pending', reason: 'AWAITING_FACE_MATCH' });
    expect(
      decide({ ...base, face: face(match('selfie_ec')), liveness: sessions(dark, 'LIVENESS_FACE_CHANGED: frame 3 shows another face than the first', dark) }),
    ).toMatchObject({ status: 'failed', reason: `LIVENESS_FAILED: ${dark}` });
    expect(decide({ ...base, face: face(match('selfie_ec')), liveness: sessions(dark, dark) })).toEqual({
      status: 'pending',
      reason: 'AWAITING_LIVENESS: 2 of 3 sessions failed',
    });
  });

  it("a selfie sent again at a reviewer's request is compared (and checked for duplicates) before anything passes, even when faces are not required", () => {
    const base = { ...noLiveness, nid: nid('verified'), faceRequired: false, selfieResubmitted: true };
    expect(decide({ ...base, face: null })).toEqual({ status: 'pending', reason: 'AWAITING_FACE_MATCH' });
    expect(decide({ ...base, face: { matches: [match('selfie_ec')], knownFace: { applicationId: 'a1', similarity: 0.95 } } })).toEqual({
      status: 'pending',
      reason: 'DUPLICATE_FACE: a1',
    });
    expect(decide({ ...base, face: face(match('selfie_ec')) })).toEqual({ status: 'passed', reason: null });
  });

  it('with faces required: waits, then passes, fails or asks for review', () => {
    expect(decide({ ...noLiveness, nid: nid('verified'), face: null, faceRequired: true })).toEqual({ status: 'pending', reason: 'AWAITING_FACE_MATCH' });
    expect(decide({ ...noLiveness, nid: nid('verified'), face: face(match('card_ec'), match('selfie_ec'), match('selfie_card')), faceRequired: true })).toEqual(
      { status: 'passed', reason: null },
    );
    expect(decide({ ...noLiveness, nid: nid('verified'), face: face(match('card_ec'), match('selfie_ec', 'no_match')), faceRequired: true })).toEqual({
      status: 'failed',
      reason: 'FACE_MISMATCH: selfie_ec',
    });
    expect(decide({ ...noLiveness, nid: nid('verified'), face: face(match('card_ec', 'review'), match('selfie_ec')), faceRequired: true })).toEqual({
      status: 'pending',
      reason: 'FACE_REVIEW: card_ec',
    });
    expect(decide({ ...noLiveness, nid: nid('verified'), face: face(match('card_ec')), faceRequired: true }).reason).toMatch(/^FACE_MATCH_INCOMPLETE/);
  });

  it('a known face under another NID holds the application for review, with or without required face matching', () => {
    const knownFace = { applicationId: '9b2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7b', similarity: 0.93 };
    const duplicate = { status: 'pending', reason: 'DUPLICATE_FACE: 9b2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7b' };
    const all = [match('card_ec'), match('selfie_ec'), match('selfie_card')];
    expect(decide({ ...noLiveness, nid: nid('verified'), face: { matches: all, knownFace }, faceRequired: true })).toEqual(duplicate);
    expect(decide({ ...noLiveness, nid: nid('verified'), face: { matches: all, knownFace }, faceRequired: false })).toEqual(duplicate);
    expect(decide({ ...noLiveness, nid: nid('verified'), face: { matches: all, knownFace: null }, faceRequired: true })).toEqual({
      status: 'passed',
      reason: null,
    });
    // A selfie that is not the NID holder fails outright; a failed NID check stays failed.
    expect(decide({ ...noLiveness, nid: nid('verified'), face: { matches: [match('selfie_ec', 'no_match')], knownFace }, faceRequired: true }).status).toBe(
      'failed',
    );
    expect(decide({ ...noLiveness, nid: nid('not_found'), face: { matches: all, knownFace }, faceRequired: true }).status).toBe('failed');
  });

  it('a failed NID check is not rescued by matching faces', () => {
    expect(decide({ ...noLiveness, nid: nid('not_found'), face: face(match('selfie_ec')), faceRequired: true }).status).toBe('failed');
  });

  describe('with liveness required', () => {
    const verified = nid('verified');
    const faces = face(match('card_ec'), match('selfie_ec'), match('selfie_card'));
    const gates = { faceRequired: true, livenessRequired: true };

    it('waits for a passed session after NID and faces agree, and passes with it', () => {
      expect(decide({ ...gates, nid: verified, face: faces, liveness: null })).toEqual({ status: 'pending', reason: 'AWAITING_LIVENESS' });
      expect(decide({ ...gates, nid: verified, face: faces, liveness: { passedSessionId: 'p', failures: [] } })).toEqual({ status: 'passed', reason: null });
    });

    it('a failed session leaves room to try again; the last allowed failure fails the application', () => {
      expect(decide({ ...gates, nid: verified, face: faces, liveness: failedSessions(1) })).toEqual({
        status: 'pending',
        reason: `AWAITING_LIVENESS: 1 of ${MAX_LIVENESS_FAILURES} sessions failed`,
      });
      expect(decide({ ...gates, nid: verified, face: faces, liveness: failedSessions(MAX_LIVENESS_FAILURES) })).toEqual({
        status: 'failed',
        reason: 'LIVENESS_FAILED: LIVENESS_CHALLENGE_NOT_MET: blink',
      });
      // A session passed after failures counts: the applicant proved presence.
      expect(decide({ ...gates, nid: verified, face: faces, liveness: { ...failedSessions(2), passedSessionId: 'p' } }).status).toBe('passed');
    });

    it('never passes on NID and faces alone, and fails on liveness before the faces are compared', () => {
      expect(decide({ ...gates, nid: verified, face: null, liveness: null }).status).toBe('pending');
      expect(decide({ ...gates, nid: verified, face: null, liveness: failedSessions(MAX_LIVENESS_FAILURES) }).status).toBe('failed');
      expect(decide({ ...gates, faceRequired: false, nid: verified, face: null, liveness: null })).toEqual({ status: 'pending', reason: 'AWAITING_LIVENESS' });
    });

    it('a NID failure or a face mismatch decides without waiting for liveness', () => {
      expect(decide({ ...gates, nid: nid('not_found'), face: null, liveness: null })).toEqual({ status: 'failed', reason: 'NID_NOT_FOUND' });
      expect(decide({ ...gates, nid: verified, face: face(match('selfie_ec', 'no_match')), liveness: null })).toEqual({
        status: 'failed',
        reason: 'FACE_MISMATCH: selfie_ec',
      });
    });

    it('liveness results are ignored when the tenant does not require them', () => {
      expect(decide({ ...gates, livenessRequired: false, nid: verified, face: faces, liveness: failedSessions(MAX_LIVENESS_FAILURES) })).toEqual({
        status: 'passed',
        reason: null,
      });
    });
  });
});
