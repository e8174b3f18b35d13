import type { EventHandlers } from '@ekyc/event-bus';
import type { EventType } from '@ekyc/event-schemas';
import type { NidVerificationService } from '../nid-verification/nid-verification.service';

/** What provider-nid listens to: applications, to verify each submitted applicant with the Election Commission. */
export const HANDLED_EVENTS = ['application.created', 'application.submitted'] as const satisfies readonly EventType[];

/** A submitted application is queued in the consumer's transaction; the worker woken after commit calls the EC. */
export function providerNidEventHandlers(deps: {
  verifications: NidVerificationService;
  nudgeWorker: () => void;
}): Required<Pick<EventHandlers, (typeof HANDLED_EVENTS)[number]>> {
  const { verifications, nudgeWorker } = deps;
  return {
    'application.created': (event, { manager }) => verifications.track(manager, event),
    'application.submitted': async (event, { manager, afterCommit }) => {
      await verifications.enqueue(manager, event);
      afterCommit(nudgeWorker);
    },
  };
}
