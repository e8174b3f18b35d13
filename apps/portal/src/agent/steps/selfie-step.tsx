import { useTranslation } from 'react-i18next';
import { fileToBase64 } from '../camera';
import type { WizardAction } from '../wizard-state';
import { jpegSrc } from './review-step';

/** Step 3: the applicant's selfie, from the camera or a file. */
export function SelfieStep({
  selfie,
  canCapture,
  busy,
  onTake,
  onSubmit,
  dispatch,
}: {
  selfie: string | null;
  canCapture: boolean;
  busy: boolean;
  onTake: () => void;
  onSubmit: () => void;
  dispatch: (action: WizardAction) => void;
}) {
  const { t } = useTranslation();
  return (
    <div data-testid="selfie-step">
      <div className="row">
        <button type="button" onClick={onTake} disabled={!canCapture || busy}>
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
              if (file) void fileToBase64(file).then((image) => dispatch({ type: 'selfie', image }));
            }}
          />
        </label>
      </div>
      {selfie && <img className="selfie" alt={t('agent.selfieAlt')} src={jpegSrc(selfie)} data-testid="selfie" />}
      <div className="row">
        <button type="button" className="secondary" onClick={() => dispatch({ type: 'goTo', step: 'review' })}>
          {t('agent.backToFields')}
        </button>
        <button type="button" onClick={onSubmit} disabled={!selfie || busy}>
          {t('agent.submit')}
        </button>
      </div>
    </div>
  );
}
