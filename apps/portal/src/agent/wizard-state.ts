import type { ApplicationDecisionQuery, LivenessChallenge, SubmitLivenessFramesMutation, VerificationDetailQuery } from '../graphql/generated';
import type { UserErrorView } from '../ui/problems';
import type { LivenessPose } from './liveness-plan';
import { formFromSubmission, type AddressKind, type ADDRESS_PARTS, type APPLICANT_FIELDS, type ReadSubmission, type ReviewForm } from './review-form';

export type Step = 'documents' | 'review' | 'selfie' | 'liveness' | 'decision';
export const STEPS: readonly Step[] = ['documents', 'review', 'selfie', 'liveness', 'decision'];

export type LivenessResult = NonNullable<SubmitLivenessFramesMutation['submitLivenessFrames']['liveness']>;
export type Decision = NonNullable<ApplicationDecisionQuery['application']>;
export type DecisionDetail = VerificationDetailQuery['verificationStatus'];
export type DetailField = 'gender' | 'profession' | 'nominee' | 'nomineeRelation' | 'mobileNumber';

/** Everything the agent's flow knows, from the card's two sides to the decision. */
export interface WizardState {
  step: Step;
  /** What is being done (shown to the agent), or null when nothing is. */
  busy: string | null;
  problems: UserErrorView[];
  front: File | null;
  back: File | null;
  submission: ReadSubmission | null;
  form: ReviewForm | null;
  selfie: string | null;
  applicationId: string | null;
  mobileNumber: string | null;
  /** The liveness pose the applicant is asked for right now. */
  prompt: LivenessPose | null;
  challenges: LivenessChallenge[];
  liveness: LivenessResult | null;
  decision: Decision | null;
  detail: DecisionDetail;
}

export const INITIAL_WIZARD: WizardState = {
  step: 'documents',
  busy: null,
  problems: [],
  front: null,
  back: null,
  submission: null,
  form: null,
  selfie: null,
  applicationId: null,
  mobileNumber: null,
  prompt: null,
  challenges: [],
  liveness: null,
  decision: null,
  detail: null,
};

export type WizardAction =
  | { type: 'busy'; label: string }
  | { type: 'idle' }
  | { type: 'problems'; problems: UserErrorView[] }
  | { type: 'file'; side: 'front' | 'back'; file: File | null }
  | { type: 'cardRead'; submission: ReadSubmission }
  | { type: 'reviewChecked'; problems: UserErrorView[] }
  | { type: 'editApplicant'; name: (typeof APPLICANT_FIELDS)[number]; value: string }
  | { type: 'editAddress'; kind: AddressKind; part: (typeof ADDRESS_PARTS)[number]; value: string }
  | { type: 'editDetail'; name: DetailField; value: string }
  | { type: 'selfie'; image: string }
  | { type: 'submitRefused'; problems: UserErrorView[] }
  | { type: 'submitted'; applicationId: string; mobileNumber: string }
  | { type: 'livenessStarted' }
  | { type: 'challenges'; challenges: LivenessChallenge[] }
  | { type: 'prompt'; pose: LivenessPose | null }
  | { type: 'livenessAnswered'; liveness: LivenessResult | null; problems: UserErrorView[] }
  | { type: 'goTo'; step: Step }
  | { type: 'decision'; decision: Decision | null }
  | { type: 'detail'; detail: DecisionDetail }
  | { type: 'resubmissionReceived'; receivedAt: string };

/** A read that did not give fields to review: the same submission is tried again with new photos. */
export const needsAnotherTry = (submission: Pick<ReadSubmission, 'kycStatus'>) => submission.kycStatus === 'incomplete' || submission.kycStatus === 'rejected';

/** The agent's flow as a state machine; pure (React may call it twice), the calls and the camera stay in the component. */
export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'busy':
      return { ...state, busy: action.label, problems: [] };
    case 'idle':
      return { ...state, busy: null };
    case 'problems':
      return { ...state, problems: action.problems };
    case 'file':
      return action.side === 'front' ? { ...state, front: action.file } : { ...state, back: action.file };
    case 'cardRead':
      if (needsAnotherTry(action.submission)) return { ...state, submission: action.submission };
      return { ...state, submission: action.submission, form: formFromSubmission(action.submission), step: 'review' };
    case 'reviewChecked':
      // Everything the bank cannot go without is asked for now, not after the selfie.
      return { ...state, problems: action.problems, step: action.problems.length > 0 ? state.step : 'selfie' };
    case 'editApplicant':
      return state.form ? { ...state, form: { ...state.form, applicant: { ...state.form.applicant, [action.name]: action.value } } } : state;
    case 'editAddress':
      return state.form ? { ...state, form: { ...state.form, [action.kind]: { ...state.form[action.kind], [action.part]: action.value } } } : state;
    case 'editDetail':
      return state.form ? { ...state, form: { ...state.form, [action.name]: action.value } } : state;
    case 'selfie':
      return { ...state, selfie: action.image };
    case 'submitRefused':
      // Field errors are fixed in the review form.
      return { ...state, problems: action.problems, step: action.problems.some((p) => p.field && !p.field.includes('applicantPhoto')) ? 'review' : state.step };
    case 'submitted':
      return { ...state, applicationId: action.applicationId, mobileNumber: action.mobileNumber, step: 'liveness' };
    case 'livenessStarted':
      return { ...state, liveness: null };
    case 'challenges':
      return { ...state, challenges: action.challenges };
    case 'prompt':
      return { ...state, prompt: action.pose };
    case 'livenessAnswered':
      return {
        ...state,
        problems: action.problems.length > 0 ? action.problems : state.problems,
        liveness: action.liveness,
        step: action.liveness?.status === 'passed' ? 'decision' : state.step,
      };
    case 'goTo':
      return { ...state, step: action.step };
    case 'decision':
      return { ...state, decision: action.decision };
    case 'detail':
      return { ...state, detail: action.detail };
    case 'resubmissionReceived': {
      const d = state.decision;
      return d?.resubmission ? { ...state, decision: { ...d, resubmission: { ...d.resubmission, receivedAt: action.receivedAt } } } : state;
    }
  }
}
