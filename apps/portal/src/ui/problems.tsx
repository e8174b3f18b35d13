import { GraphQLRequestError } from '../graphql/client';

export interface UserErrorView {
  code: string;
  field?: string | null;
  message: string;
}

/** A thrown request error, or business errors returned as data, as one list of code + field + message. */
export function problemsOf(err: unknown): UserErrorView[] {
  if (err instanceof GraphQLRequestError) {
    return err.errors.map((e) => ({ code: e.extensions?.code ?? err.code, field: typeof e.extensions?.field === 'string' ? e.extensions.field : null, message: e.message }));
  }
  return [{ code: 'CLIENT_ERROR', field: null, message: (err as Error)?.message ?? String(err) }];
}

/** Errors as the API sent them: the stable code first, then the field it names, then the message. */
export function Problems({ problems, title }: { problems: readonly UserErrorView[]; title?: string }) {
  if (problems.length === 0) return null;
  return (
    <div className="problems" role="alert" data-testid="problems">
      {title && <strong>{title}</strong>}
      <ul>
        {problems.map((p, i) => (
          <li key={`${p.code}-${p.field ?? ''}-${i}`} data-error-code={p.code} data-error-field={p.field ?? ''}>
            <code className="code">{p.code}</code>
            {p.field && (
              <>
                {' '}
                on <code className="field">{p.field}</code>
              </>
            )}
            : {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
