import { useTranslation } from 'react-i18next';
import type { LivenessChallenge } from '../../graphql/generated';
import type { LivenessResult, WizardAction } from '../wizard-state';

/** Step 4: the liveness challenges, answered in front of the camera. */
export function LivenessStep({
  applicationId,
  challenges,
  liveness,
  canCapture,
  busy,
  onRun,
  dispatch,
}: {
  applicationId: string | null;
  challenges: LivenessChallenge[];
  liveness: LivenessResult | null;
  canCapture: boolean;
  busy: boolean;
  onRun: () => void;
  dispatch: (action: WizardAction) => void;
}) {
  const { t } = useTranslation();
  return (
    <div data-testid="liveness-step">
      <p>
        {t('agent.application')} <code data-testid="application-id">{applicationId}</code> {t('agent.livenessIntro')}
        {challenges.length > 0 && <> ({challenges.map((c) => t(`prompts.${c}`)).join(t('agent.livenessThen'))})</>}.
      </p>
      <button type="button" onClick={onRun} disabled={!canCapture || busy}>
        {liveness ? t('agent.retryLiveness') : t('agent.startLiveness')}
      </button>
      {liveness && (
        <p className={`liveness ${liveness.status}`} data-liveness-status={liveness.status}>
          {t('agent.liveness', { status: t(`status.${liveness.status}`, { defaultValue: liveness.status }) })}
          {liveness.reason && <>: {liveness.reason}</>}
        </p>
      )}
      {liveness && liveness.status !== 'passed' && (
        <button type="button" className="secondary" onClick={() => dispatch({ type: 'goTo', step: 'decision' })}>
          {t('agent.watchDecision')}
        </button>
      )}
    </div>
  );
}
