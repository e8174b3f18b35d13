import { useEffect, useReducer, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api';
import {
  ApplicationDecisionDocument,
  CompleteSubmissionDocument,
  StartLivenessSessionDocument,
  SubmitIdDocumentDocument,
  SubmitLivenessFramesDocument,
  VerificationDetailDocument,
} from '../graphql/generated';
import { Problems, problemsOf } from '../ui/problems';
import { fileToBase64, useCamera } from './camera';
import { capturePlan, frameTimes } from './liveness-plan';
import { completeSubmissionInput, reviewProblems } from './review-form';
import { DecisionStep, FINAL } from './steps/decision-step';
import { DocumentsStep } from './steps/documents-step';
import { LivenessStep } from './steps/liveness-step';
import { ReviewStep } from './steps/review-step';
import { SelfieStep } from './steps/selfie-step';
import { INITIAL_WIZARD, needsAnotherTry, STEPS, wizardReducer } from './wizard-state';

/** How long the applicant gets to follow a prompt before the frame is taken. */
const SETTLE_MS = 900;
const POLL_MS = 1_500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The agent's flow: card, review, selfie, submit, liveness with the camera, then the decision as it arrives. */
export function NewVerification({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const call = useApi();
  const camera = useCamera();
  const [state, dispatch] = useReducer(wizardReducer, INITIAL_WIZARD);
  const { step, busy, problems, front, back, submission, form, selfie, applicationId, mobileNumber, prompt, liveness } = state;

  const run = async (label: string, work: () => Promise<void>) => {
    dispatch({ type: 'busy', label });
    try {
      await work();
    } catch (err) {
      dispatch({ type: 'problems', problems: problemsOf(err) });
    } finally {
      dispatch({ type: 'idle' });
    }
  };

  const readCard = (e: FormEvent) => {
    e.preventDefault();
    if (!front || !back) {
      dispatch({ type: 'problems', problems: [{ code: 'REQUIRED', field: front ? 'input.idBackImage' : 'input.idImage', message: t('agent.bothSides') }] });
      return;
    }
    void run(t('agent.busy.reading'), async () => {
      const [idImage, idBackImage] = await Promise.all([fileToBase64(front), fileToBase64(back)]);
      const { submitIdDocument } = await call(SubmitIdDocumentDocument, {
        input: {
          issuingCountry: 'BGD',
          idType: 'government_id',
          crop: true,
          idImage,
          idBackImage,
          submissionId: submission?.kycStatus === 'incomplete' ? submission.id : null,
        },
      });
      if (submitIdDocument.errors.length > 0) {
        dispatch({ type: 'problems', problems: submitIdDocument.errors });
        return;
      }
      const read = submitIdDocument.submission;
      if (!read) return;
      dispatch({ type: 'cardRead', submission: read });
      if (needsAnotherTry(read)) {
        dispatch({
          type: 'problems',
          problems: [
            {
              code: read.retry?.code ?? 'UNREADABLE',
              field: null,
              message: `${read.retry?.message ?? t('agent.unreadable')} (${t('agent.tryOf', { count: read.retryCount })})`,
            },
          ],
        });
      }
    });
  };

  const confirmReview = (e: FormEvent) => {
    e.preventDefault();
    const missing = form ? reviewProblems(form) : [];
    dispatch({ type: 'reviewChecked', problems: missing });
    if (missing.length === 0) void camera.start();
  };

  const takeSelfie = () =>
    void run(t('agent.busy.selfie'), async () => {
      dispatch({ type: 'selfie', image: await camera.capture(640, 0.92) });
    });

  const submitApplicant = () =>
    void run(t('agent.busy.submitting'), async () => {
      if (!submission || !form || !selfie) return;
      const input = completeSubmissionInput(submission.id, form, selfie);
      const { completeSubmission } = await call(CompleteSubmissionDocument, { input });
      if (completeSubmission.errors.length > 0 || !completeSubmission.application) {
        dispatch({ type: 'submitRefused', problems: completeSubmission.errors });
        return;
      }
      dispatch({ type: 'submitted', applicationId: completeSubmission.application.id, mobileNumber: completeSubmission.application.mobileNumber });
      if (camera.state.status !== 'on') await camera.start();
    });

  const runLiveness = () =>
    void run(t('agent.busy.liveness'), async () => {
      if (!applicationId) return;
      dispatch({ type: 'livenessStarted' });
      const { startLivenessSession } = await call(StartLivenessSessionDocument, { applicationId });
      const session = startLivenessSession.session;
      if (!session) {
        dispatch({ type: 'problems', problems: startLivenessSession.errors });
        return;
      }
      dispatch({ type: 'challenges', challenges: session.challenges });
      const started = performance.now();
      const images: string[] = [];
      const readings: number[] = [];
      for (const pose of capturePlan(session.challenges)) {
        dispatch({ type: 'prompt', pose });
        await sleep(SETTLE_MS);
        readings.push(performance.now() - started);
        images.push(await camera.capture(480, 0.9));
      }
      dispatch({ type: 'prompt', pose: null });
      const times = frameTimes(readings);
      const frames = images.map((image, i) => ({ image, capturedAtMs: times[i] ?? 0 }));
      const { submitLivenessFrames } = await call(SubmitLivenessFramesDocument, { input: { sessionId: session.id, nonce: session.nonce, frames } });
      dispatch({ type: 'livenessAnswered', liveness: submitLivenessFrames.liveness, problems: submitLivenessFrames.errors });
      if (submitLivenessFrames.liveness?.status === 'passed') camera.stop();
    });

  const backToLiveness = () => {
    dispatch({ type: 'goTo', step: 'liveness' });
    if (camera.state.status !== 'on') void camera.start();
  };

  // The decision arrives asynchronously (NID check, face match): poll until it is final and the faces were compared.
  useEffect(() => {
    if (step !== 'decision' || !applicationId) return;
    let cancelled = false;
    const poll = async () => {
      while (!cancelled) {
        try {
          const { application } = await call(ApplicationDecisionDocument, { id: applicationId });
          if (cancelled) return;
          dispatch({ type: 'decision', decision: application });
          const facesDone = !application?.faceMatch || application.faceMatch.status === 'completed' || application.faceMatch.status === 'failed';
          if (application && FINAL.has(application.status) && facesDone) {
            if (mobileNumber) dispatch({ type: 'detail', detail: (await call(VerificationDetailDocument, { mobileNumber })).verificationStatus });
            return;
          }
        } catch (err) {
          if (!cancelled) dispatch({ type: 'problems', problems: problemsOf(err) });
        }
        await sleep(POLL_MS);
      }
    };
    void poll();
    return () => {
      cancelled = true;
    };
  }, [step, applicationId, mobileNumber, call]);

  const cameraVisible = step === 'selfie' || step === 'liveness';
  const canCapture = camera.state.status === 'on';

  return (
    <section className="card" data-step={step}>
      <ol className="steps">
        {STEPS.map((s) => (
          <li key={s} className={s === step ? 'current' : ''} aria-current={s === step ? 'step' : undefined}>
            {t(`agent.steps.${s}`)}
          </li>
        ))}
      </ol>
      {busy && (
        <p className="busy" data-testid="busy">
          {busy}
        </p>
      )}
      <Problems problems={problems} />

      {step === 'documents' && <DocumentsStep busy={busy !== null} onRead={readCard} dispatch={dispatch} />}
      {step === 'review' && submission && form && (
        <ReviewStep submission={submission} form={form} problems={problems} onConfirm={confirmReview} dispatch={dispatch} />
      )}

      <div className="camera" hidden={!cameraVisible}>
        <div className="viewfinder">
          <video ref={camera.videoRef} autoPlay playsInline muted data-testid="camera" />
          {prompt && (
            <div className="prompt" data-liveness-prompt={prompt}>
              {t(`prompts.${prompt}`)}
            </div>
          )}
        </div>
        {camera.state.status === 'error' && <p className="warn">{t('agent.cameraError', { message: camera.state.message })}</p>}
      </div>

      {step === 'selfie' && (
        <SelfieStep selfie={selfie} canCapture={canCapture} busy={busy !== null} onTake={takeSelfie} onSubmit={submitApplicant} dispatch={dispatch} />
      )}
      {step === 'liveness' && (
        <LivenessStep
          applicationId={applicationId}
          challenges={state.challenges}
          liveness={liveness}
          canCapture={canCapture}
          busy={busy !== null}
          onRun={runLiveness}
          dispatch={dispatch}
        />
      )}
      {step === 'decision' && (
        <DecisionStep
          applicationId={applicationId}
          decision={state.decision}
          detail={state.detail}
          liveness={liveness}
          onBackToLiveness={backToLiveness}
          onDone={onDone}
          dispatch={dispatch}
        />
      )}
    </section>
  );
}
