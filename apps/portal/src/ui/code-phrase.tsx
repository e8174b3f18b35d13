import { useTranslation } from 'react-i18next';
import { codePhrase, splitReason, type CodeCatalogue } from '../i18n';

/**
 * A code the API reports (a decision reason, a reconciliation problem) in words, in the reader's language; the code
 * itself stays in small print and in the tooltip, for support and the API documentation.
 */
export function CodePhrase({ code, catalogue = 'reasons' }: { code: string; catalogue?: CodeCatalogue }) {
  const { i18n } = useTranslation();
  const { code: stable, detail } = splitReason(code);
  return (
    <span className="code-phrase" data-code={stable} title={code}>
      {codePhrase(i18n, catalogue, stable)}
      {detail && `: ${detail}`} <small className="muted code">{stable}</small>
    </span>
  );
}
