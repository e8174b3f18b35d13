import type { EventData } from '@ekyc/event-schemas';

export type NidResult = Pick<EventData<'nid.verification.completed'>, 'outcome' | 'fields' | 'reason' | 'ecPhotoRef'>;
export type FaceResult = Pick<EventData<'biometric.match.completed'>, 'matches' | 'knownFace'>;

export interface Decision {
  status: 'pending' | 'passed' | 'failed' | 'invalid';
  /** Stable code (with detail after a colon) an operator can act on; null when passed. */
  reason: string | null;
}

/**
 * The application's status from the provider results received so far. Either result may arrive
 * first; a pending decision always says what it waits for.
 */
export function decide(input: { nid: NidResult | null; face: FaceResult | null; faceRequired: boolean }): Decision {
  const { nid, face, faceRequired } = input;
  if (!nid) return { status: 'pending', reason: 'AWAITING_NID_VERIFICATION' };
  switch (nid.outcome) {
    case 'rejected':
      return { status: 'invalid', reason: `NID_REQUEST_REJECTED${nid.reason ? `: ${nid.reason}` : ''}` };
    case 'not_found':
      return { status: 'failed', reason: 'NID_NOT_FOUND' };
    case 'mismatch': {
      const unmatched = nid.fields.filter((f) => !f.matched).map((f) => f.field);
      return { status: 'failed', reason: `NID_MISMATCH: ${unmatched.join(', ') || 'demographic data'}` };
    }
    case 'failed':
      return { status: 'pending', reason: `NID_SERVICE_FAILED${nid.reason ? `: ${nid.reason}` : ''}` };
    case 'verified':
      break;
  }
  // The same face under another NID is for a person to look at, whether or not the tenant requires face matching.
  const duplicate: Decision | null = face?.knownFace ? { status: 'pending', reason: `DUPLICATE_FACE: ${face.knownFace.applicationId}` } : null;
  if (!faceRequired) return duplicate ?? { status: 'passed', reason: null };
  if (!face) return { status: 'pending', reason: 'AWAITING_FACE_MATCH' };
  const selfieEc = face.matches.find((m) => m.pair === 'selfie_ec');
  if (!selfieEc) return { status: 'pending', reason: 'FACE_MATCH_INCOMPLETE: no selfie to EC photo comparison' };
  const noMatch = face.matches.filter((m) => m.decision === 'no_match').map((m) => m.pair);
  if (noMatch.length > 0) return { status: 'failed', reason: `FACE_MISMATCH: ${noMatch.join(', ')}` };
  if (duplicate) return duplicate;
  const review = face.matches.filter((m) => m.decision === 'review').map((m) => m.pair);
  if (review.length > 0) return { status: 'pending', reason: `FACE_REVIEW: ${review.join(', ')}` };
  return { status: 'passed', reason: null };
}
