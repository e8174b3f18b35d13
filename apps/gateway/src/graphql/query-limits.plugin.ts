import type { ApolloServerPlugin } from '@apollo/server';
import depthLimit from 'graphql-depth-limit';
import { GraphQLError, validate } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';

/** A list field costs its children once per requested item (`first`), so wide pages are priced as such. */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) =>
  typeof args['first'] === 'number' ? 1 + childComplexity * Math.max(1, args['first']) : undefined;

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
}

const rejected = (code: string, message: string, extensions: Record<string, unknown>) =>
  new GraphQLError(message, { extensions: { code, ...extensions, http: { status: 400 } } });

/** Refuses over-deep or over-costly operations before any subgraph is called. */
export function queryLimitsPlugin({ maxDepth, maxCost }: QueryLimits): ApolloServerPlugin {
  const depthRule = depthLimit(maxDepth);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          if (validate(schema, document, [depthRule]).length > 0) {
            throw rejected('QUERY_TOO_DEEP', `operation is nested deeper than ${maxDepth} levels`, { maxDepth });
          }
          const cost = getComplexity({
            schema,
            query: document,
            operationName: request.operationName ?? undefined,
            variables: request.variables ?? {},
            estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
          });
          if (cost > maxCost) {
            throw rejected('QUERY_TOO_COSTLY', `operation costs ${cost}, above the limit of ${maxCost}; request smaller pages`, { cost, maxCost });
          }
        },
      };
    },
  };
}
