import type { ApolloServerPlugin } from '@apollo/server';
import depthLimit from 'graphql-depth-limit';
import { GraphQLError, validate } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';

/** Subgraphs' page size when `first` is omitted (subgraph-kit PAGE_SIZE.default). */
const DEFAULT_PAGE_SIZE = 20;

/** A paginated field costs its children once per requested item, so wide pages are priced as such. */
const pageSizeEstimator: ComplexityEstimator = ({ args, field, childComplexity }) => {
  const size = typeof args['first'] === 'number' ? args['first'] : field.args.some((a) => a.name === 'first') ? DEFAULT_PAGE_SIZE : undefined;
  return size === undefined ? undefined : 1 + childComplexity * Math.max(1, size);
};

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
