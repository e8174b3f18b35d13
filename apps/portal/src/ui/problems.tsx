import { useTranslation } from 'react-i18next';
import { GraphQLRequestError } from '../graphql/client';
import { errorMessage } from '../i18n';

export interface UserErrorView {
  code: string;
  field?: string | null;
  message: string;
}

/** A thrown request error, or business errors returned as data, as one list of code + field + message. */
export function problemsOf(err: unknown): UserErrorView[] {
  if (err instanceof GraphQLRequestError) {
    return err.errors.map((e) => ({
      code: e.extensions?.code ?? err.code,
      field: typeof e.extensions?.field === 'string' ? e.extensions.field : null,
      message: e.message,
    }));
  }
  return [{ code: 'CLIENT_ERROR', field: null, message: (err as Error)?.message ?? String(err) }];
}

/**
 * Errors in the reader's language: what to do first (the message for the stable code in the chosen language, naming the
 * field by its label; the API's own message for a code the portal has none for), then the code and the field path,
 * which support staff and the API documentation go by.
 */
export function Problems({ problems, title }: { problems: readonly UserErrorView[]; title?: string }) {
  const { i18n } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <div className="problems" role="alert" data-testid="problems">
      {title && <strong>{title}</strong>}
      <ul>
        {problems.map((p, i) => (
          <li key={`${p.code}-${p.field ?? ''}-${i}`} data-error-code={p.code} data-error-field={p.field ?? ''}>
            {errorMessage(i18n, p.code, p.field, p.message)}{' '}
            <small className="error-ref">
              <code className="code">{p.code}</code>
              {p.field && (
                <>
                  {' · '}
                  <code className="field">{p.field}</code>
                </>
              )}
            </small>
          </li>
        ))}
      </ul>
    </div>
  );
}
