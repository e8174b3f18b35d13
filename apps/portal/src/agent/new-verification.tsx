import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api';
import {
  ApplicationDecisionDocument,
  CompleteSubmissionDocument,
  StartLivenessSessionDocument,
  SubmitIdDocumentDocument,
  SubmitLivenessFramesDocument,
  VerificationDetailDocument,
  type ApplicationDecisionQuery,
  type LivenessChallenge,
  type SubmitLivenessFramesMutation,
  type VerificationDetailQuery,
} from '../graphql/generated';
import { CodePhrase } from '../ui/code-phrase';
import { FacePairsTable } from '../ui/face-pairs';
import { localDigits } from '../i18n';
import { Problems, problemsOf, type UserErrorView } from '../ui/problems';
import { fileToBase64, useCamera } from './camera';
import { capturePlan, frameTimes, type LivenessPose } from './liveness-plan';
import { ResubmissionForm } from './resubmission-form';
import { ADDRESS_PARTS, APPLICANT_FIELDS, completeSubmissionInput, formFromSubmission, readingOf, REQUIRED_FIELDS, reviewProblems, type AddressKind, type ReadSubmission, type ReviewForm } from './review-form';

type Step = 'documents' | 'review' | 'selfie' | 'liveness' | 'decision';
const STEPS: readonly Step[] = ['documents', 'review', 'selfie', 'liveness', 'decision'];
const REQUIRED: ReadonlySet<string> = new Set(REQUIRED_FIELDS);
const FINAL = new Set(['passed', 'failed', 'invalid']);
/** How long the applicant gets to follow a prompt before the frame is taken. */
const SETTLE_MS = 900;
const POLL_MS = 1_500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const jpegSrc = (b64: string) => `data:image/jpeg;base64,${b64}`;

/** The agent's flow: card, review, selfie, submit, liveness with the camera, then the decision as it arrives. */
export function NewVerification({ onDone }: { onDone?: () => void }) {
  const { t, i18n } = useTranslation();
  const digits = (text: string) => localDigits(text, i18n.language);
  const call = useApi();
  const camera = useCamera();
  const [step, setStep] = useState<Step>('documents');
  const [busy, setBusy] = useState<string | null>(null);
  const [problems, setProblems] = useState<UserErrorView[]>([]);
  const [front, setFront] = useState<File | null>(null);
  const [back, setBack] = useState<File | null>(null);
  const [submission, setSubmission] = useState<ReadSubmission | null>(null);
  const [form, setForm] = useState<ReviewForm | null>(null);
  const [selfie, setSelfie] = useState<string | null>(null);
  const [applicationId, setApplicationId] = useState<string | null>(null);
  const [mobileNumber, setMobileNumber] = useState<string | null>(null);
  const [prompt, setPrompt] = useState<LivenessPose | null>(null);
  const [challenges, setChallenges] = useState<LivenessChallenge[]>([]);
  const [liveness, setLiveness] = useState<NonNullable<SubmitLivenessFramesMutation['submitLivenessFrames']['liveness']> | null>(null);
  const [decision, setDecision] = useState<NonNullable<ApplicationDecisionQuery['application']> | null>(null);
  const [detail, setDetail] = useState<VerificationDetailQuery['verificationStatus']>(null);

  const run = async (label: string, work: () => Promise<void>) => {
    setBusy(label);
    setProblems([]);
    try {
      await work();
    } catch (err) {
      setProblems(problemsOf(err));
    } finally {
      setBusy(null);
    }
  };

  const readCard = (e: FormEvent) => {
    e.preventDefault();
    if (!front || !back) {
      setProblems([{ code: 'REQUIRED', field: front ? 'input.idBackImage' : 'input.idImage', message: t('agent.bothSides') }]);
      return;
    }
    void run(t('agent.busy.reading'), async () => {
      const [idImage, idBackImage] = await Promise.all([fileToBase64(front), fileToBase64(back)]);
      const { submitIdDocument } = await call(SubmitIdDocumentDocument, {
        input: { issuingCountry: 'BGD', idType: 'government_id', crop: true, idImage, idBackImage, submissionId: submission?.kycStatus === 'incomplete' ? submission.id : null },
      });
      if (submitIdDocument.errors.length > 0) {
        setProblems(submitIdDocument.errors);
        return;
      }
      const read = submitIdDocument.submission;
      if (!read) return;
      setSubmission(read);
      if (read.kycStatus === 'incomplete' || read.kycStatus === 'rejected') {
        setProblems([{ code: read.retry?.code ?? 'UNREADABLE', field: null, message: `${read.retry?.message ?? t('agent.unreadable')} (${t('agent.tryOf', { count: read.retryCount })})` }]);
        return;
      }
      setForm(formFromSubmission(read));
      setStep('review');
    });
  };

  const confirmReview = (e: FormEvent) => {
    e.preventDefault();
    // Everything the bank cannot go without is asked for now, not after the selfie.
    const missing = form ? reviewProblems(form) : [];
    setProblems(missing);
    if (missing.length > 0) return;
    setStep('selfie');
    void camera.start();
  };

  const takeSelfie = () =>
    void run(t('agent.busy.selfie'), async () => {
      setSelfie(await camera.capture(640, 0.92));
    });

  const submitApplicant = () =>
    void run(t('agent.busy.submitting'), async () => {
      if (!submission || !form || !selfie) return;
      const input = completeSubmissionInput(submission.id, form, selfie);
      const { completeSubmission } = await call(CompleteSubmissionDocument, { input });
      if (completeSubmission.errors.length > 0 || !completeSubmission.application) {
        setProblems(completeSubmission.errors);
        // Field errors are fixed in the review form.
        if (completeSubmission.errors.some((p) => p.field && !p.field.includes('applicantPhoto'))) setStep('review');
        return;
      }
      setApplicationId(completeSubmission.application.id);
      setMobileNumber(completeSubmission.application.mobileNumber);
      setStep('liveness');
      if (camera.state.status !== 'on') await camera.start();
    });

  const runLiveness = () =>
    void run(t('agent.busy.liveness'), async () => {
      if (!applicationId) return;
      setLiveness(null);
      const { startLivenessSession } = await call(StartLivenessSessionDocument, { applicationId });
      const session = startLivenessSession.session;
      if (!session) {
        setProblems(startLivenessSession.errors);
        return;
      }
      setChallenges(session.challenges);
      const started = performance.now();
      const images: string[] = [];
      const readings: number[] = [];
      for (const pose of capturePlan(session.challenges)) {
        setPrompt(pose);
        await sleep(SETTLE_MS);
        readings.push(performance.now() - started);
        images.push(await camera.capture(480, 0.9));
      }
      setPrompt(null);
      const times = frameTimes(readings);
      const frames = images.map((image, i) => ({ image, capturedAtMs: times[i] ?? 0 }));
      const { submitLivenessFrames } = await call(SubmitLivenessFramesDocument, { input: { sessionId: session.id, nonce: session.nonce, frames } });
      if (submitLivenessFrames.errors.length > 0) setProblems(submitLivenessFrames.errors);
      setLiveness(submitLivenessFrames.liveness);
      if (submitLivenessFrames.liveness?.status === 'passed') {
        camera.stop();
        setStep('decision');
      }
    });

  // The decision arrives asynchronously (NID check, face match): poll until it is final and the faces were compared.
  useEffect(() => {
    if (step !== 'decision' || !applicationId) return;
    let cancelled = false;
    const poll = async () => {
      while (!cancelled) {
        try {
          const { application } = await call(ApplicationDecisionDocument, { id: applicationId });
          if (cancelled) return;
          setDecision(application);
          const facesDone = !application?.faceMatch || application.faceMatch.status === 'completed' || application.faceMatch.status === 'failed';
          if (application && FINAL.has(application.status) && facesDone) {
            if (mobileNumber) setDetail((await call(VerificationDetailDocument, { mobileNumber })).verificationStatus);
            return;
          }
        } catch (err) {
          if (!cancelled) setProblems(problemsOf(err));
        }
        await sleep(POLL_MS);
      }
    };
    void poll();
    return () => {
      cancelled = true;
    };
  }, [step, applicationId, mobileNumber, call]);

  const setApplicant = (name: (typeof APPLICANT_FIELDS)[number], value: string) => setForm((f) => (f ? { ...f, applicant: { ...f.applicant, [name]: value } } : f));
  const setAddress = (kind: AddressKind, part: (typeof ADDRESS_PARTS)[number], value: string) => setForm((f) => (f ? { ...f, [kind]: { ...f[kind], [part]: value } } : f));
  const setDetailField = (name: 'gender' | 'profession' | 'nominee' | 'nomineeRelation' | 'mobileNumber', value: string) => setForm((f) => (f ? { ...f, [name]: value } : f));
  const fieldProblem = (path: string) => problems.find((p) => p.field === `input.${path}`);
  const cameraVisible = step === 'selfie' || step === 'liveness';
  const readAddress = submission?.reviewOcrData.find((f) => f.name === 'address')?.value ?? null;

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

      {step === 'documents' && (
        <form onSubmit={readCard} data-testid="documents-form">
          <p>{t('agent.documentsIntro')}</p>
          <div className="grid two">
            <label>
              {t('agent.front')}
              <input type="file" name="idImage" accept="image/*" capture="environment" onChange={(e) => setFront(e.target.files?.[0] ?? null)} />
            </label>
            <label>
              {t('agent.back')}
              <input type="file" name="idBackImage" accept="image/*" capture="environment" onChange={(e) => setBack(e.target.files?.[0] ?? null)} />
            </label>
          </div>
          <button type="submit" disabled={busy !== null}>
            {t('agent.readCard')}
          </button>
        </form>
      )}

      {step === 'review' && submission && form && (
        <form onSubmit={confirmReview} data-testid="review-form" noValidate>
          <div className="grid two">
            <div>
              <p>
                {t('agent.readAs', { type: submission.documentType ?? t('agent.unknownDocument') })} {t('agent.checkFields')}
              </p>
              {submission.missingFields.length > 0 && <p className="warn">{t('agent.notReadable', { fields: submission.missingFields.map((f) => (i18n.exists(`fields.${f}`) ? t(`fields.${f}`) : f)).join(', ') })}</p>}
            </div>
            {submission.cardPhoto && <img className="card-photo" alt={t('agent.cardPhoto')} src={jpegSrc(submission.cardPhoto)} />}
          </div>
          <fieldset>
            <legend>{t('agent.applicant')}</legend>
            {APPLICANT_FIELDS.map((name) => {
              const reading = readingOf(submission, name);
              const problem = fieldProblem(`applicant.${name}`);
              return (
                <label key={name} className={problem ? 'invalid' : ''}>
                  <FieldName label={t(`fields.${name}`)} required={REQUIRED.has(`applicant.${name}`)} />
                  <input name={`applicant.${name}`} value={form.applicant[name]} onChange={(e) => setApplicant(name, e.target.value)} required={REQUIRED.has(`applicant.${name}`)} aria-invalid={problem ? true : undefined} />
                  <small className="reading" data-reading={name}>
                    {reading === 'missing'
                      ? t('agent.readingMissing')
                      : reading
                        ? t(reading.accepted ? 'agent.reading' : 'agent.readingNotAccepted', { value: reading.value ?? '—', confidence: digits(String(Math.round(reading.confidence))), source: reading.source })
                        : t('agent.notOnCard')}
                  </small>
                </label>
              );
            })}
          </fieldset>
          {(['presentAddress', 'permanentAddress'] as const).map((kind) => (
            <fieldset key={kind}>
              <legend>{t(`fields.${kind}`)}</legend>
              {readAddress && (
                <small className="reading" data-reading="address">
                  {t('agent.readOnCard', { address: readAddress })}
                </small>
              )}
              <div className="grid three">
                {ADDRESS_PARTS.map((part) => (
                  <label key={part} className={fieldProblem(`applicant.${kind}.${part}`) ? 'invalid' : ''}>
                    {t(`fields.${part}`)}
                    <input name={`applicant.${kind}.${part}`} value={form[kind][part]} onChange={(e) => setAddress(kind, part, e.target.value)} />
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
          <fieldset>
            <legend>{t('agent.customer')}</legend>
            <div className="grid three">
              <label className={fieldProblem('mobileNumber') ? 'invalid' : ''}>
                <FieldName label={t('fields.mobileNumber')} required />
                <input name="mobileNumber" required inputMode="tel" value={form.mobileNumber} placeholder="01XXXXXXXXX" onChange={(e) => setDetailField('mobileNumber', e.target.value)} />
              </label>
              <label className={fieldProblem('gender') ? 'invalid' : ''}>
                <FieldName label={t('fields.gender')} required />
                <select name="gender" required value={form.gender} onChange={(e) => setDetailField('gender', e.target.value)}>
                  <option value="">{t('agent.choose')}</option>
                  <option value="male">{t('agent.male')}</option>
                  <option value="female">{t('agent.female')}</option>
                  <option value="third_gender">{t('agent.thirdGender')}</option>
                </select>
              </label>
              <label className={fieldProblem('profession') ? 'invalid' : ''}>
                <FieldName label={t('fields.profession')} required />
                <input name="profession" required value={form.profession} onChange={(e) => setDetailField('profession', e.target.value)} />
              </label>
              <label className={fieldProblem('nominee') ? 'invalid' : ''}>
                <FieldName label={t('fields.nominee')} required />
                <input name="nominee" required value={form.nominee} onChange={(e) => setDetailField('nominee', e.target.value)} />
              </label>
              <label className={fieldProblem('nomineeRelation') ? 'invalid' : ''}>
                <FieldName label={t('fields.nomineeRelation')} required />
                <input name="nomineeRelation" required value={form.nomineeRelation} onChange={(e) => setDetailField('nomineeRelation', e.target.value)} />
              </label>
            </div>
          </fieldset>
          <button type="submit">{t('agent.confirm')}</button>
        </form>
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
        <div data-testid="selfie-step">
          <div className="row">
            <button type="button" onClick={takeSelfie} disabled={camera.state.status !== 'on' || busy !== null}>
              {t('agent.takeSelfie')}
            </button>
            <label className="inline">
              {t('agent.orUpload')}
              <input
                type="file"
                name="selfie"
                accept="image/jpeg,image/png"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) void fileToBase64(file).then(setSelfie);
                }}
              />
            </label>
          </div>
          {selfie && <img className="selfie" alt={t('agent.selfieAlt')} src={jpegSrc(selfie)} data-testid="selfie" />}
          <div className="row">
            <button type="button" className="secondary" onClick={() => setStep('review')}>
              {t('agent.backToFields')}
            </button>
            <button type="button" onClick={submitApplicant} disabled={!selfie || busy !== null}>
              {t('agent.submit')}
            </button>
          </div>
        </div>
      )}

      {step === 'liveness' && (
        <div data-testid="liveness-step">
          <p>
            {t('agent.application')} <code data-testid="application-id">{applicationId}</code> {t('agent.livenessIntro')}
            {challenges.length > 0 && <> ({challenges.map((c) => t(`prompts.${c}`)).join(t('agent.livenessThen'))})</>}.
          </p>
          <button type="button" onClick={runLiveness} disabled={camera.state.status !== 'on' || busy !== null}>
            {liveness ? t('agent.retryLiveness') : t('agent.startLiveness')}
          </button>
          {liveness && (
            <p className={`liveness ${liveness.status}`} data-liveness-status={liveness.status}>
              {t('agent.liveness', { status: t(`status.${liveness.status}`, { defaultValue: liveness.status }) })}
              {liveness.reason && <>: {liveness.reason}</>}
            </p>
          )}
          {liveness && liveness.status !== 'passed' && (
            <button type="button" className="secondary" onClick={() => setStep('decision')}>
              {t('agent.watchDecision')}
            </button>
          )}
        </div>
      )}

      {step === 'decision' && (
        <div data-testid="decision-step">
          <p>
            {t('agent.application')} <code data-testid="application-id">{applicationId}</code>
          </p>
          <p className={`status ${decision?.status ?? 'pending'}`} data-status={decision?.status ?? 'pending'} data-testid="decision-status">
            {t(`status.${decision?.status ?? 'pending'}`)}
            {decision?.decisionReason && (
              <span className="reason">
                {' '}
                — <CodePhrase code={decision.decisionReason} />
              </span>
            )}
          </p>
          {decision && !FINAL.has(decision.status) && <p className="busy">{t('agent.waiting')}</p>}
          {decision?.status === 'pending' && decision.decisionReason?.startsWith('AWAITING_LIVENESS') && (
            <button
              type="button"
              data-testid="back-to-liveness"
              onClick={() => {
                setStep('liveness');
                if (camera.state.status !== 'on') void camera.start();
              }}
            >
              {t('agent.runLiveness')}
            </button>
          )}
          {applicationId && decision?.status === 'pending' && decision.resubmission && !decision.resubmission.receivedAt && decision.decisionReason?.startsWith('AWAITING_RESUBMISSION') && (
            <ResubmissionForm applicationId={applicationId} request={decision.resubmission} onSent={(receivedAt) => setDecision((d) => (d?.resubmission ? { ...d, resubmission: { ...d.resubmission, receivedAt } } : d))} />
          )}
          {liveness && <p data-liveness-status={liveness.status}>{t('agent.liveness', { status: t(`status.${liveness.status}`, { defaultValue: liveness.status }) })}</p>}
          {decision?.faceMatch && (
            <FacePairsTable testId="face-matches" caption={t('faces.matches', { status: t(`status.${decision.faceMatch.status}`, { defaultValue: decision.faceMatch.status }) })} pairs={decision.faceMatch.pairs} />
          )}
          {detail?.detail && (
            <table className="stack" data-testid="field-scores">
              <caption>{detail.detail.textualInfoMatch ? t('agent.fieldsConfirmed') : t('agent.fieldsNotConfirmed')}</caption>
              <thead>
                <tr>
                  <th>{t('fieldScores.field')}</th>
                  <th>{t('fieldScores.value')}</th>
                  <th>{t('fieldScores.score')}</th>
                  <th>{t('fieldScores.ec')}</th>
                </tr>
              </thead>
              <tbody>
                {(['nidNumber', 'dateOfBirth', 'applicantNameEng', 'applicantNameBen', 'fatherName', 'motherName', 'presAddress', 'permAddress'] as const).map((name) => {
                  const f = detail.detail?.[name];
                  return (
                    <tr key={name} data-field={name}>
                      <td data-label={t('fieldScores.field')}>{name}</td>
                      <td data-label={t('fieldScores.value')}>{f?.value ?? '—'}</td>
                      <td data-label={t('fieldScores.score')}>{f?.score ?? '—'}</td>
                      <td data-label={t('fieldScores.ec')}>{f?.matched === null || f?.matched === undefined ? '—' : f.matched ? t('fieldScores.match') : t('fieldScores.noMatch')}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {decision && FINAL.has(decision.status) && (
            <button type="button" onClick={onDone}>
              {t('agent.nextCustomer')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** A field's label, with the mark of a field the bank cannot go without. */
function FieldName({ label, required = false }: { label: string; required?: boolean }) {
  const { t } = useTranslation();
  return (
    <span>
      {label}
      {required && (
        <span className="required" title={t('app.required')} aria-hidden="true">
          {' '}
          *
        </span>
      )}
    </span>
  );
}
