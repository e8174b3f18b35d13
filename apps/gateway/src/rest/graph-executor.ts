import type { ApolloServer } from '@apollo/server';
import type { GatewayContext } from '../graphql/signed-context.data-source';
import type { Principal } from '../iam/iam.service';

/** Who a REST request runs the graph as: the principal its credentials authenticated, and its request id. */
export interface GraphCaller {
  principal: Principal;
  requestId: string | undefined;
}

/** The first error of an operation, as the graph reported it. */
export interface GraphError {
  code: string;
  message: string;
  field: string | null;
}

export type GraphResult<T> = { ok: true; data: T } | { ok: false; error: GraphError };

/**
 * Runs one supergraph operation for a caller. REST routes call the graph through this, so they go
 * through the same pipeline as `POST /graphql` (query limits, signed context, subgraphs) and implement
 * no logic of their own.
 */
export interface GraphExecutor {
  execute<T>(caller: GraphCaller, query: string, variables?: Record<string, unknown>): Promise<GraphResult<T>>;
}

export function apolloGraphExecutor(apollo: ApolloServer<GatewayContext>, contextFor: (caller: GraphCaller) => GatewayContext): GraphExecutor {
  return {
    async execute<T>(caller: GraphCaller, query: string, variables: Record<string, unknown> = {}): Promise<GraphResult<T>> {
      const response = await apollo.executeOperation<T>({ query, variables }, { contextValue: contextFor(caller) });
      if (response.body.kind !== 'single')
        return { ok: false, error: { code: 'INTERNAL_SERVER_ERROR', message: 'the graph answered incrementally', field: null } };
      const { data, errors } = response.body.singleResult;
      const first = errors?.[0];
      if (first || !data) {
        const extensions = first?.extensions ?? {};
        return {
          ok: false,
          error: {
            code: typeof extensions['code'] === 'string' ? extensions['code'] : 'INTERNAL_SERVER_ERROR',
            message: first?.message ?? 'the graph returned no data',
            field: typeof extensions['field'] === 'string' ? extensions['field'] : null,
          },
        };
      }
      return { ok: true, data };
    },
  };
}
