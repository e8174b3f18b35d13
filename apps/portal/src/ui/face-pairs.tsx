import { useTranslation } from 'react-i18next';
import { localDigits } from '../i18n';

/** One face comparison as the API gives it (biometric's FacePair). */
export interface FacePairView {
  pair: string;
  similarity: number | null;
  decision: string;
  reason: string | null;
}

/** The face comparisons of an application: the pair, the similarity (or why there is none) and the engine's decision. */
export function FacePairsTable({ pairs, caption, testId }: { pairs: readonly FacePairView[]; caption: string; testId: string }) {
  const { t, i18n } = useTranslation();
  const columns = { pair: t('faces.pair'), similarity: t('faces.similarity'), decision: t('faces.decision') };
  return (
    <table className="stack" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th>{columns.pair}</th>
          <th>{columns.similarity}</th>
          <th>{columns.decision}</th>
        </tr>
      </thead>
      <tbody>
        {pairs.map((p) => (
          <tr key={p.pair} data-pair={p.pair} data-decision={p.decision}>
            <td data-label={columns.pair}>{p.pair.replace('_', ' ↔ ')}</td>
            <td data-label={columns.similarity}>{p.similarity === null ? (p.reason ?? '—') : localDigits(p.similarity.toFixed(2), i18n.language)}</td>
            <td data-label={columns.decision}>{t(`status.${p.decision}`, { defaultValue: p.decision })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
