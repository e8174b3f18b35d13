import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/** One entry of a GraphQL response's `errors`, with the platform's stable `extensions.code`. */
export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

/** A request the gateway refused or answered with top-level `errors` (FORBIDDEN, INVALID_TOKEN, VALIDATION_FAILED...). */
export class GraphQLRequestError extends Error {
  constructor(
    readonly status: number,
    readonly errors: GraphQLErrorEntry[],
  ) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ') || `HTTP ${status}`);
    this.name = 'GraphQLRequestError';
  }

  /** The first stable code, e.g. INVALID_TOKEN. */
  get code(): string {
    return this.errors[0]?.extensions?.code ?? (this.status >= 500 ? 'SERVER_ERROR' : 'REQUEST_FAILED');
  }
}

/** `Token <key>` for API tokens (ekyc_…), `Bearer <jwt>` for anything else. */
export function authorizationHeader(credential: string): string {
  const value = credential.trim();
  return /^ekyc_/.test(value) ? `Token ${value}` : `Bearer ${value}`;
}

export interface RequestOptions {
  /** An API token or JWT; null: the browser's session cookie (signed in through the identity provider) is the credential. */
  credential: string | null;
  endpoint?: string;
  fetchImpl?: typeof fetch;
  signal?: AbortSignal;
}

/** Sends one typed operation to the gateway's `/graphql`; resolves with `data`, or throws a GraphQLRequestError. */
export async function request<TData, TVariables extends Record<string, unknown>>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  options: RequestOptions,
): Promise<TData> {
  const fetchImpl = options.fetchImpl ?? fetch;
  let res: Response;
  try {
    res = await fetchImpl(options.endpoint ?? '/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(options.credential ? { authorization: authorizationHeader(options.credential) } : {}),
      },
      // Same origin only: the session cookie goes to this gateway and nowhere else.
      credentials: 'same-origin',
      body: JSON.stringify({ query: print(document), variables }),
      signal: options.signal,
    });
  } catch (err) {
    throw new GraphQLRequestError(0, [{ message: `the gateway did not answer: ${(err as Error).message}`, extensions: { code: 'NETWORK_ERROR' } }]);
  }
  let body: { data?: TData | null; errors?: GraphQLErrorEntry[] };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new GraphQLRequestError(res.status, [
      { message: `the gateway answered ${res.status} without JSON`, extensions: { code: res.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_RESPONSE' } },
    ]);
  }
  if (body.errors && body.errors.length > 0) throw new GraphQLRequestError(res.status, body.errors);
  if (!body.data) throw new GraphQLRequestError(res.status, [{ message: 'the answer carried no data', extensions: { code: 'BAD_RESPONSE' } }]);
  return body.data;
}
