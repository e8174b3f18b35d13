import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api';
import { ResubmitApplicationDocument, type ResubmissionItem } from '../graphql/generated';
import { localDateTime } from '../i18n';
import { Problems, problemsOf, type UserErrorView } from '../ui/problems';
import { fileToBase64 } from './camera';

/** Each item a reviewer may ask for: the input field that carries it, and the camera to take it with (its words: `resubmission.items`). */
const ITEMS: Record<ResubmissionItem, { field: 'selfie' | 'documentFront' | 'documentBack'; capture: 'user' | 'environment' }> = {
  SELFIE: { field: 'selfie', capture: 'user' },
  DOCUMENT_FRONT: { field: 'documentFront', capture: 'environment' },
  DOCUMENT_BACK: { field: 'documentBack', capture: 'environment' },
};

export interface ResubmissionRequest {
  items: ResubmissionItem[];
  message: string | null;
  dueAt: string;
  receivedAt: string | null;
}

/** A reviewer's request for items again: what, why and by when; the agent takes each photo and sends them together. */
export function ResubmissionForm({
  applicationId,
  request,
  onSent,
}: {
  applicationId: string;
  request: ResubmissionRequest;
  onSent: (receivedAt: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const call = useApi();
  const [photos, setPhotos] = useState<Partial<Record<ResubmissionItem, string>>>({});
  const [problems, setProblems] = useState<UserErrorView[]>([]);
  const [busy, setBusy] = useState(false);
  const due = localDateTime(request.dueAt, i18n.language);

  const send = async () => {
    setBusy(true);
    setProblems([]);
    try {
      const input = { applicationId, ...Object.fromEntries(request.items.map((item) => [ITEMS[item].field, photos[item] ?? null])) };
      const { resubmitApplication } = await call(ResubmitApplicationDocument, { input });
      setProblems(resubmitApplication.errors);
      if (resubmitApplication.errors.length === 0) onSent(new Date().toISOString());
    } catch (err) {
      setProblems(problemsOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="resubmission" data-testid="resubmission-request">
      <h3>{t('resubmission.title')}</h3>
      {request.message && <p data-testid="resubmission-message">“{request.message}”</p>}
      <p className="muted">{t('resubmission.sendBy', { when: due })}</p>
      {request.items.map((item) => (
        <label key={item}>
          {t(`resubmission.items.${item}`)}
          <input
            type="file"
            name={ITEMS[item].field}
            accept="image/jpeg,image/png"
            capture={ITEMS[item].capture}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void fileToBase64(file).then((b64) => setPhotos((p) => ({ ...p, [item]: b64 })));
            }}
          />
        </label>
      ))}
      <Problems problems={problems} />
      <button type="button" onClick={() => void send()} disabled={busy || request.items.some((item) => !photos[item])} data-testid="resubmit">
        {t('resubmission.send')}
      </button>
    </div>
  );
}
