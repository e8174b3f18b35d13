import type { EventHandlers } from '@ekyc/event-bus';
import type { EventType } from '@ekyc/event-schemas';
import type { FaceMatchService } from '../face-match/face-match.service';

/** What biometric listens to: applications (to compare their faces once the EC photo is in) and their final decisions. */
export const HANDLED_EVENTS = [
  'application.created',
  'application.submitted',
  'nid.verification.completed',
  'application.resubmitted',
  'verification.completed',
] as const satisfies readonly EventType[];

/** Each handler writes in the consumer's transaction; a worker woken after commit does the comparing. */
export function biometricEventHandlers(deps: {
  faceMatches: FaceMatchService;
  nudgeWorker: () => void;
}): Required<Pick<EventHandlers, (typeof HANDLED_EVENTS)[number]>> {
  const { faceMatches, nudgeWorker } = deps;
  return {
    'application.created': (event, { manager }) => faceMatches.track(manager, event),
    'application.submitted': async (event, { manager, afterCommit }) => {
      if (await faceMatches.onSubmitted(manager, event)) afterCommit(nudgeWorker);
    },
    'nid.verification.completed': async (event, { manager, afterCommit }) => {
      if (await faceMatches.onNidResult(manager, event)) afterCommit(nudgeWorker);
    },
    'application.resubmitted': async (event, { manager, afterCommit }) => {
      if (await faceMatches.onResubmitted(manager, event)) afterCommit(nudgeWorker);
    },
    'verification.completed': (event, { manager }) => faceMatches.onVerificationCompleted(manager, event),
  };
}
