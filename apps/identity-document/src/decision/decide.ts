import type { EventData } from '@ekyc/event-schemas';

export type NidResult = Pick<EventData<'nid.verification.completed'>, 'outcome' | 'fields' | 'reason' | 'ecPhotoRef'>;
export type FaceResult = Pick<EventData<'biometric.match.completed'>, 'matches' | 'knownFace'>;

/** The liveness sessions an application has seen: the one that passed, and the ones that failed (with their codes). */
export interface LivenessResult {
  passedSessionId: string | null;
  failures: Array<{ sessionId: string; reason: string | null }>;
}

/** An applicant may fail this many liveness sessions (a blink not seen, a turn too slow) before the application fails. */
export const MAX_LIVENESS_FAILURES = 3;

/**
 * Failures that say the capture could not be judged (no usable face at the start, someone else in the frame), not
 * that the applicant is not live: when every failed session is one of these, a person looks instead of failing it.
 */
export const INCONCLUSIVE_LIVENESS: readonly string[] = ['LIVENESS_NO_NEUTRAL_START', 'LIVENESS_MULTIPLE_FACES'];

export interface Decision {
  status: 'pending' | 'passed' | 'failed' | 'invalid';
  /** Stable code (with detail after a colon) an operator can act on; null when passed. */
  reason: string | null;
}

export interface DecisionInput {
  nid: NidResult | null;
  face: FaceResult | null;
  liveness: LivenessResult | null;
  /** The tenant's gates when the application was submitted. */
  faceRequired: boolean;
  livenessRequired: boolean;
  /** A reviewer asked for a new selfie and it came: its comparison (and duplicate check) is awaited whatever the gates. */
  selfieResubmitted?: boolean;
}

/**
 * The application's status from the provider results received so far, under the gates the tenant set when it was
 * submitted. Results may arrive in any order; a required check that has not answered keeps the application pending
 * with a reason that names it, so nothing passes without every check the tenant requires.
 */
export function decide(input: DecisionInput): Decision {
  const { nid, face, liveness, faceRequired, livenessRequired } = input;
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
  // Failures first: a failed required check decides, whatever the others still owe.
  const noMatch = faceRequired ? (face?.matches ?? []).filter((m) => m.decision === 'no_match').map((m) => m.pair) : [];
  if (noMatch.length > 0) return { status: 'failed', reason: `FACE_MISMATCH: ${noMatch.join(', ')}` };
  const failures = liveness?.failures ?? [];
  const livenessPassed = Boolean(liveness?.passedSessionId);
  const inconclusive = failures.length > 0 && failures.every((f) => INCONCLUSIVE_LIVENESS.includes(f.reason?.split(':')[0] ?? ''));
  if (livenessRequired && !livenessPassed && failures.length >= MAX_LIVENESS_FAILURES && !inconclusive) {
    const last = failures[failures.length - 1]?.reason;
    return { status: 'failed', reason: `LIVENESS_FAILED${last ? `: ${last}` : ''}` };
  }
  // Then what the decision still waits for.
  if (faceRequired) {
    if (!face) return { status: 'pending', reason: 'AWAITING_FACE_MATCH' };
    if (!face.matches.some((m) => m.pair === 'selfie_ec')) return { status: 'pending', reason: 'FACE_MATCH_INCOMPLETE: no selfie to EC photo comparison' };
  } else if (input.selfieResubmitted && !face) {
    return { status: 'pending', reason: 'AWAITING_FACE_MATCH' };
  }
  if (livenessRequired && !livenessPassed && failures.length >= MAX_LIVENESS_FAILURES) {
    const last = failures[failures.length - 1]?.reason;
    return { status: 'pending', reason: `LIVENESS_INCONCLUSIVE${last ? `: ${last}` : ''}` };
  }
  if (livenessRequired && !livenessPassed) {
    return {
      status: 'pending',
      reason: failures.length === 0 ? 'AWAITING_LIVENESS' : `AWAITING_LIVENESS: ${failures.length} of ${MAX_LIVENESS_FAILURES} sessions failed`,
    };
  }
  // The same face under another NID is for a person to look at, whether or not the tenant requires face matching.
  if (face?.knownFace) return { status: 'pending', reason: `DUPLICATE_FACE: ${face.knownFace.applicationId}` };
  const review = faceRequired ? (face?.matches ?? []).filter((m) => m.decision === 'review').map((m) => m.pair) : [];
  if (review.length > 0) return { status: 'pending', reason: `FACE_REVIEW: ${review.join(', ')}` };
  return { status: 'passed', reason: null };
}
