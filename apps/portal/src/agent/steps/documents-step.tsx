import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WizardAction } from '../wizard-state';

/** Step 1: both sides of the card, photographed or uploaded. */
export function DocumentsStep({ busy, onRead, dispatch }: { busy: boolean; onRead: (e: FormEvent) => void; dispatch: (action: WizardAction) => void }) {
  const { t } = useTranslation();
  return (
    <form onSubmit={onRead} data-testid="documents-form">
      <p>{t('agent.documentsIntro')}</p>
      <div className="grid two">
        <label>
          {t('agent.front')}
          <input
            type="file"
            name="idImage"
            accept="image/*"
            capture="environment"
            onChange={(e) => dispatch({ type: 'file', side: 'front', file: e.target.files?.[0] ?? null })}
          />
        </label>
        <label>
          {t('agent.back')}
          <input
            type="file"
            name="idBackImage"
            accept="image/*"
            capture="environment"
            onChange={(e) => dispatch({ type: 'file', side: 'back', file: e.target.files?.[0] ?? null })}
          />
        </label>
      </div>
      <button type="submit" disabled={busy}>
        {t('agent.readCard')}
      </button>
    </form>
  );
}
