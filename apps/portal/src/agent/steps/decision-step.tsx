import { useTranslation } from 'react-i18next';
import { CodePhrase } from '../../ui/code-phrase';
import { FacePairsTable } from '../../ui/face-pairs';
import { ResubmissionForm } from '../resubmission-form';
import type { Decision, DecisionDetail, LivenessResult, WizardAction } from '../wizard-state';

export const FINAL: ReadonlySet<string> = new Set(['passed', 'failed', 'invalid']);
const DETAIL_FIELDS = ['nidNumber', 'dateOfBirth', 'applicantNameEng', 'applicantNameBen', 'fatherName', 'motherName', 'presAddress', 'permAddress'] as const;

/** Step 5: the decision as it arrives, the face comparisons and the EC's field scores. */
export function DecisionStep({
  applicationId,
  decision,
  detail,
  liveness,
  onBackToLiveness,
  onDone,
  dispatch,
}: {
  applicationId: string | null;
  decision: Decision | null;
  detail: DecisionDetail;
  liveness: LivenessResult | null;
  onBackToLiveness: () => void;
  onDone?: () => void;
  dispatch: (action: WizardAction) => void;
}) {
  const { t } = useTranslation();
  return (
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
        <button type="button" data-testid="back-to-liveness" onClick={onBackToLiveness}>
          {t('agent.runLiveness')}
        </button>
      )}
      {applicationId &&
        decision?.status === 'pending' &&
        decision.resubmission &&
        !decision.resubmission.receivedAt &&
        decision.decisionReason?.startsWith('AWAITING_RESUBMISSION') && (
          <ResubmissionForm
            applicationId={applicationId}
            request={decision.resubmission}
            onSent={(receivedAt) => dispatch({ type: 'resubmissionReceived', receivedAt })}
          />
        )}
      {liveness && (
        <p data-liveness-status={liveness.status}>{t('agent.liveness', { status: t(`status.${liveness.status}`, { defaultValue: liveness.status }) })}</p>
      )}
      {decision?.faceMatch && (
        <FacePairsTable
          testId="face-matches"
          caption={t('faces.matches', { status: t(`status.${decision.faceMatch.status}`, { defaultValue: decision.faceMatch.status }) })}
          pairs={decision.faceMatch.pairs}
        />
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
            {DETAIL_FIELDS.map((name) => {
              const f = detail.detail?.[name];
              return (
                <tr key={name} data-field={name}>
                  <td data-label={t('fieldScores.field')}>{name}</td>
                  <td data-label={t('fieldScores.value')}>{f?.value ?? '—'}</td>
                  <td data-label={t('fieldScores.score')}>{f?.score ?? '—'}</td>
                  <td data-label={t('fieldScores.ec')}>
                    {f?.matched === null || f?.matched === undefined ? '—' : f.matched ? t('fieldScores.match') : t('fieldScores.noMatch')}
                  </td>
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
  );
}
