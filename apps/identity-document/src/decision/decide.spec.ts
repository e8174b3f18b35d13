import { decide, type FaceResult, type NidResult } from './decide';

const nid = (outcome: NidResult['outcome'], fields: NidResult['fields'] = [], reason: string | null = null): NidResult => ({ outcome, fields, reason, ecPhotoRef: 'ec-photo:abc' });
const face = (...matches: FaceResult['matches']): FaceResult => ({ matches });
const match = (pair: 'card_ec' | 'selfie_ec' | 'selfie_card', decision: 'match' | 'review' | 'no_match' = 'match') => ({ pair, decision, similarity: decision === 'match' ? 0.9 : 0.4 });

describe('decide', () => {
  it('waits for the NID result first, whatever arrived', () => {
    expect(decide({ nid: null, face: face(match('selfie_ec')), faceRequired: true })).toEqual({ status: 'pending', reason: 'AWAITING_NID_VERIFICATION' });
  });

  it.each([
    ['rejected', 'invalid', 'NID_REQUEST_REJECTED: bad nid'],
    ['not_found', 'failed', 'NID_NOT_FOUND'],
    ['failed', 'pending', 'NID_SERVICE_FAILED: bad nid'],
  ] as const)('NID outcome %s gives %s', (outcome, status, reason) => {
    expect(decide({ nid: nid(outcome, [], 'bad nid'), face: null, faceRequired: true })).toEqual({ status, reason });
  });

  it('a mismatch names the fields that did not match', () => {
    const fields = [
      { field: 'nameEn', matched: true, score: 100 },
      { field: 'dateOfBirth', matched: false, score: 60 },
      { field: 'father', matched: false, score: 10 },
    ];
    expect(decide({ nid: nid('mismatch', fields), face: null, faceRequired: false })).toEqual({ status: 'failed', reason: 'NID_MISMATCH: dateOfBirth, father' });
  });

  it('passes on a verified NID alone when the tenant does not require faces', () => {
    expect(decide({ nid: nid('verified'), face: null, faceRequired: false })).toEqual({ status: 'passed', reason: null });
  });

  it('with faces required: waits, then passes, fails or asks for review', () => {
    expect(decide({ nid: nid('verified'), face: null, faceRequired: true })).toEqual({ status: 'pending', reason: 'AWAITING_FACE_MATCH' });
    expect(decide({ nid: nid('verified'), face: face(match('card_ec'), match('selfie_ec'), match('selfie_card')), faceRequired: true })).toEqual({ status: 'passed', reason: null });
    expect(decide({ nid: nid('verified'), face: face(match('card_ec'), match('selfie_ec', 'no_match')), faceRequired: true })).toEqual({ status: 'failed', reason: 'FACE_MISMATCH: selfie_ec' });
    expect(decide({ nid: nid('verified'), face: face(match('card_ec', 'review'), match('selfie_ec')), faceRequired: true })).toEqual({ status: 'pending', reason: 'FACE_REVIEW: card_ec' });
    expect(decide({ nid: nid('verified'), face: face(match('card_ec')), faceRequired: true }).reason).toMatch(/^FACE_MATCH_INCOMPLETE/);
  });

  it('a known face under another NID holds the application for review, with or without required face matching', () => {
    const knownFace = { applicationId: '9b2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7b', similarity: 0.93 };
    const duplicate = { status: 'pending', reason: 'DUPLICATE_FACE: 9b2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7b' };
    const all = [match('card_ec'), match('selfie_ec'), match('selfie_card')];
    expect(decide({ nid: nid('verified'), face: { matches: all, knownFace }, faceRequired: true })).toEqual(duplicate);
    expect(decide({ nid: nid('verified'), face: { matches: all, knownFace }, faceRequired: false })).toEqual(duplicate);
    expect(decide({ nid: nid('verified'), face: { matches: all, knownFace: null }, faceRequired: true })).toEqual({ status: 'passed', reason: null });
    // A selfie that is not the NID holder fails outright; a failed NID check stays failed.
    expect(decide({ nid: nid('verified'), face: { matches: [match('selfie_ec', 'no_match')], knownFace }, faceRequired: true }).status).toBe('failed');
    expect(decide({ nid: nid('not_found'), face: { matches: all, knownFace }, faceRequired: true }).status).toBe('failed');
  });

  it('a failed NID check is not rescued by matching faces', () => {
    expect(decide({ nid: nid('not_found'), face: face(match('selfie_ec')), faceRequired: true }).status).toBe('failed');
  });
});
