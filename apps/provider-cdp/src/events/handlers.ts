import type { EventHandlers } from '@ekyc/event-bus';
import type { EventType } from '@ekyc/event-schemas';
import type { CdpOnboardingService } from '../cdp-onboarding/cdp-onboarding.service';

/** What provider-cdp listens to: applications, the EC's answer, and the decision that onboards a passed customer. */
export const HANDLED_EVENTS = [
  'application.created',
  'application.submitted',
  'nid.verification.completed',
  'verification.completed',
] as const satisfies readonly EventType[];

/** Each handler records in the consumer's transaction; the worker woken after commit calls the bank's CDP. */
export function providerCdpEventHandlers(deps: {
  onboardings: CdpOnboardingService;
  nudgeWorker: () => void;
}): Required<Pick<EventHandlers, (typeof HANDLED_EVENTS)[number]>> {
  const { onboardings, nudgeWorker } = deps;
  return {
    'application.created': (event, { manager }) => onboardings.track(manager, event),
    'application.submitted': (event, { manager }) => onboardings.onSubmitted(manager, event),
    'nid.verification.completed': async (event, { manager, afterCommit }) => {
      if (await onboardings.onNidResult(manager, event)) afterCommit(nudgeWorker);
    },
    'verification.completed': async (event, { manager, afterCommit }) => {
      if (await onboardings.onVerificationCompleted(manager, event)) afterCommit(nudgeWorker);
    },
  };
}
