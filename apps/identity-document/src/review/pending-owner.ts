import type { ApplicationRecord } from '../application/application.entity';
import type { ReviewCaseRecord } from './review-case.entity';

/** Who a pending application waits for: a system step (the EC, the face engine), the applicant (liveness, a resubmission), or a reviewer. */
export type PendingOwnerKind = 'system' | 'applicant' | 'reviewer';

export interface PendingOwner {
  owner: PendingOwnerKind;
  /** nid_verification, face_match, liveness, resubmission, or the review case's reason. */
  step: string;
  dueAt: Date;
}

export interface StepDeadlines {
  /** From submission to the EC's answer and the face comparison: the system's own steps, retries included. */
  systemMs: number;
  /** From submission to a passed liveness session: the applicant is with the agent, or is not coming back. */
  livenessMs: number;
}

const SYSTEM_STEPS: Array<[prefix: string, step: string]> = [
  ['AWAITING_NID_VERIFICATION', 'nid_verification'],
  ['NID_SERVICE_FAILED', 'nid_verification'],
  ['AWAITING_FACE_MATCH', 'face_match'],
  ['FACE_MATCH_INCOMPLETE', 'face_match'],
];

/** The reason of an application waiting for the items a reviewer asked the agent to send again. */
export const AWAITING_RESUBMISSION = 'AWAITING_RESUBMISSION';

/**
 * The owner and due time of a pending application; null when it is not pending. Nothing pending is without one: an
 * open review case owns it until its due time; a resubmission request, the applicant until the request's due time;
 * otherwise the step its decision reason names owns it until the step's deadline from submission (from the
 * resubmission, once there was one), and a reason this function does not know is the system's, due like its steps.
 */
export function pendingOwnerOf(
  application: Pick<ApplicationRecord, 'status' | 'decisionReason' | 'submittedAt' | 'createdAt'> &
    Partial<Pick<ApplicationRecord, 'resubmission' | 'resubmittedAt'>>,
  openCase: Pick<ReviewCaseRecord, 'reason' | 'dueAt'> | null,
  deadlines: StepDeadlines,
): PendingOwner | null {
  if (application.status !== 'pending') return null;
  if (openCase) return { owner: 'reviewer', step: openCase.reason, dueAt: openCase.dueAt };
  const reason = application.decisionReason ?? '';
  if (reason.startsWith(AWAITING_RESUBMISSION) && application.resubmission)
    return { owner: 'applicant', step: 'resubmission', dueAt: new Date(application.resubmission.dueAt) };
  const since = (application.resubmittedAt ?? application.submittedAt ?? application.createdAt).getTime();
  if (reason.startsWith('AWAITING_LIVENESS')) return { owner: 'applicant', step: 'liveness', dueAt: new Date(since + deadlines.livenessMs) };
  const step = SYSTEM_STEPS.find(([prefix]) => reason.startsWith(prefix))?.[1] ?? 'decision';
  return { owner: 'system', step, dueAt: new Date(since + deadlines.systemMs) };
}
