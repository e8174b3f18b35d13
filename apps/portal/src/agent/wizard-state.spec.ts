import type { ReadSubmission } from './review-form';
import { INITIAL_WIZARD, wizardReducer, type LivenessResult, type WizardAction, type WizardState } from './wizard-state';

const read = (kycStatus: string): ReadSubmission =>
  ({
    id: 'sub-1',
    kycStatus,
    retryCount: 1,
    retry: null,
    documentType: 'nid_smart',
    missingFields: [],
    cardPhoto: null,
    reviewOcrData: [
      { name: 'nidNumber', value: '9931097297', confidence: 96, accepted: true, source: 'ocr' },
      { name: 'nameEn', value: 'FARZANA YASMIN', confidence: 41, accepted: false, source: 'ocr' },
    ],
  }) as unknown as ReadSubmission;

const run = (actions: WizardAction[], from: WizardState = INITIAL_WIZARD) => actions.reduce(wizardReducer, from);
const frozen = (state: WizardState) => Object.freeze({ ...state, problems: Object.freeze([...state.problems]) as WizardState['problems'] });

describe('the agent wizard', () => {
  it('starts on the documents and clears problems when work starts', () => {
    const state = run([
      { type: 'problems', problems: [{ code: 'REQUIRED', field: 'input.idImage', message: 'both sides' }] },
      { type: 'busy', label: 'Reading…' },
    ]);
    expect(state).toMatchObject({ step: 'documents', busy: 'Reading…', problems: [] });
    expect(wizardReducer(state, { type: 'idle' }).busy).toBeNull();
  });

  it('goes to the review with the accepted readings filled in, and stays on the documents for another try', () => {
    const reviewed = run([{ type: 'cardRead', submission: read('review') }]);
    expect(reviewed.step).toBe('review');
    expect(reviewed.form?.applicant).toMatchObject({ nidNumber: '9931097297', nameEn: '' });
    for (const status of ['incomplete', 'rejected']) {
      const again = run([{ type: 'cardRead', submission: read(status) }]);
      expect(again).toMatchObject({ step: 'documents', form: null });
      expect(again.submission?.kycStatus).toBe(status);
    }
  });

  it('edits the form without touching the state it was given', () => {
    const reviewed = frozen(run([{ type: 'cardRead', submission: read('review') }]));
    const before = JSON.stringify(reviewed);
    const edited = run(
      [
        { type: 'editApplicant', name: 'nameEn', value: 'Farzana Yasmin' },
        { type: 'editAddress', kind: 'presentAddress', part: 'district', value: 'ঢাকা' },
        { type: 'editDetail', name: 'mobileNumber', value: '01712345678' },
      ],
      reviewed,
    );
    expect(JSON.stringify(reviewed)).toBe(before);
    expect(edited.form).toMatchObject({
      applicant: { nameEn: 'Farzana Yasmin', nidNumber: '9931097297' },
      presentAddress: { district: 'ঢাকা' },
      mobileNumber: '01712345678',
    });
    expect(edited.form?.permanentAddress.district).toBe('');
    expect(wizardReducer(INITIAL_WIZARD, { type: 'editDetail', name: 'gender', value: 'male' })).toBe(INITIAL_WIZARD);
  });

  it('moves to the selfie only when the review has no problems', () => {
    const reviewed = run([{ type: 'cardRead', submission: read('review') }]);
    const missing = [{ code: 'REQUIRED', field: 'input.gender', message: 'gender is required' }];
    expect(wizardReducer(reviewed, { type: 'reviewChecked', problems: missing })).toMatchObject({ step: 'review', problems: missing });
    expect(wizardReducer(reviewed, { type: 'reviewChecked', problems: [] })).toMatchObject({ step: 'selfie', problems: [] });
  });

  it('sends field errors of the submission back to the review, a photo error stays on the selfie', () => {
    const atSelfie = run([
      { type: 'cardRead', submission: read('review') },
      { type: 'reviewChecked', problems: [] },
      { type: 'selfie', image: 'b64' },
    ]);
    expect(atSelfie).toMatchObject({ step: 'selfie', selfie: 'b64' });
    const fieldError = [{ code: 'INVALID_MOBILE_NUMBER', field: 'input.mobileNumber', message: 'bad number' }];
    expect(wizardReducer(atSelfie, { type: 'submitRefused', problems: fieldError })).toMatchObject({ step: 'review', problems: fieldError });
    const photoError = [{ code: 'NO_FACE', field: 'input.applicantPhoto', message: 'no face' }];
    expect(wizardReducer(atSelfie, { type: 'submitRefused', problems: photoError })).toMatchObject({ step: 'selfie', problems: photoError });
    expect(wizardReducer(atSelfie, { type: 'submitted', applicationId: 'app-1', mobileNumber: '01712345678' })).toMatchObject({
      step: 'liveness',
      applicationId: 'app-1',
      mobileNumber: '01712345678',
    });
  });

  it('goes to the decision only when the liveness passed, keeping earlier problems when the answer has none', () => {
    const atLiveness = run([
      { type: 'submitted', applicationId: 'app-1', mobileNumber: '01712345678' },
      { type: 'challenges', challenges: ['turn_left'] as never },
      { type: 'prompt', pose: 'neutral' as never },
    ]);
    expect(atLiveness).toMatchObject({ step: 'liveness', challenges: ['turn_left'], prompt: 'neutral' });
    const failed = { status: 'failed', reason: 'NOT_LIVE' } as unknown as LivenessResult;
    const refused = [{ code: 'FRAMES_TOO_FEW', field: 'input.frames', message: 'too few' }];
    expect(wizardReducer(atLiveness, { type: 'livenessAnswered', liveness: failed, problems: refused })).toMatchObject({
      step: 'liveness',
      liveness: failed,
      problems: refused,
    });
    const passed = { status: 'passed', reason: null } as unknown as LivenessResult;
    expect(wizardReducer(atLiveness, { type: 'livenessAnswered', liveness: passed, problems: [] })).toMatchObject({ step: 'decision', liveness: passed });
    expect(wizardReducer({ ...atLiveness, liveness: failed }, { type: 'livenessStarted' }).liveness).toBeNull();
  });

  it('marks a resubmission received on the decision it belongs to', () => {
    const decision = { id: 'app-1', status: 'pending', resubmission: { message: 'a clearer photo', receivedAt: null } } as never;
    const state = run([
      { type: 'goTo', step: 'decision' },
      { type: 'decision', decision },
      { type: 'resubmissionReceived', receivedAt: '2026-12-07T10:00:00Z' },
    ]);
    expect(state.decision?.resubmission?.receivedAt).toBe('2026-12-07T10:00:00Z');
    expect(state.step).toBe('decision');
    expect(wizardReducer(INITIAL_WIZARD, { type: 'resubmissionReceived', receivedAt: 'x' })).toBe(INITIAL_WIZARD);
  });
});
