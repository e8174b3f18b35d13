import type { EventHandlers } from '@ekyc/event-bus';
import type { EventType } from '@ekyc/event-schemas';
import type { DecisionService } from '../decision/decision.service';
import type { OnboardingRequirements } from '../onboarding/onboarding-requirements';

/** What identity-document listens to: the checks' results that decide an application, and the CDP's required fields. */
export const HANDLED_EVENTS = [
  'nid.verification.completed',
  'biometric.match.completed',
  'biometric.liveness.completed',
  'cdp.settings.changed',
] as const satisfies readonly EventType[];

/** A result may decide the application: the outbox relay is woken after commit to publish the decision. */
export function identityDocumentEventHandlers(deps: {
  decisions: DecisionService;
  onboarding: OnboardingRequirements;
  nudgeRelay: () => void;
}): Required<Pick<EventHandlers, (typeof HANDLED_EVENTS)[number]>> {
  const { decisions, onboarding, nudgeRelay } = deps;
  return {
    'nid.verification.completed': async (event, { manager, afterCommit }) => {
      await decisions.onNidResult(manager, event);
      afterCommit(nudgeRelay);
    },
    'biometric.match.completed': async (event, { manager, afterCommit }) => {
      await decisions.onFaceResult(manager, event);
      afterCommit(nudgeRelay);
    },
    'biometric.liveness.completed': async (event, { manager, afterCommit }) => {
      await decisions.onLivenessResult(manager, event);
      afterCommit(nudgeRelay);
    },
    'cdp.settings.changed': (event, { manager }) => onboarding.onSettingsChanged(manager, event),
  };
}
