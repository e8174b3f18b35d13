import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  typeFromAST,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLScalarType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { GraphQLDateTimeISO, GraphQLJSONObject } from 'graphql-scalars';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';

/** Subgraphs' page size when `first` is omitted (subgraph-kit PAGE_SIZE.default). */
const DEFAULT_PAGE_SIZE = 20;

/** A paginated field costs its children once per requested item, so wide pages are priced as such. */
const pageSizeEstimator: ComplexityEstimator = ({ args, field, childComplexity }) => {
  const size = typeof args['first'] === 'number' ? args['first'] : field.args.some((a) => a.name === 'first') ? DEFAULT_PAGE_SIZE : undefined;
  return size === undefined ? undefined : 1 + childComplexity * Math.max(1, size);
};

export interface QueryLimits {
  maxCost: number;
}

const badRequest = (code: string, message: string, extensions: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code, ...extensions, http: { status: 400 } } });

/**
 * A variable that does not fit its type, said without the value: graphql-js quotes the submitted value (a name, a
 * mobile number) in its message, and messages reach clients and logs. Keeps the variable, the path inside it and the
 * expected type.
 */
export function variableProblem(error: GraphQLError): GraphQLError {
  // Only names are read from the message (GraphQL names, type references), and the path only where graphql-js puts it:
  // right after the value, as `at "$name.field[0]";`.
  const variable = /^Variable "\$([A-Za-z_]\w*)"/.exec(error.message)?.[1] ?? null;
  const paths = variable ? [...error.message.matchAll(new RegExp(` at "(${variable}(?:\\.[A-Za-z_]\\w*|\\[\\d+\\])*)"; `, 'g'))] : [];
  const path = paths.at(-1)?.[1] ?? variable ?? '?';
  const type = '([A-Za-z_][\\w!\\[\\]]*)';
  const expected =
    new RegExp(`(?:Expected type|of (?:required|non-null) type) "${type}"`).exec(error.message)?.[1] ??
    [...error.message.matchAll(/"; ([A-Za-z_]\w*) cannot represent/g)].at(-1)?.[1] ??
    /^Variable "\$[A-Za-z_]\w*" got invalid value [^;]*; ([A-Za-z_]\w*) cannot represent/.exec(error.message)?.[1];
  const missingField = new RegExp(`Field "([A-Za-z_]\\w*)" of required type "${type}" was not provided`).exec(error.message);
  const unknownField = new RegExp(`Field "([A-Za-z_]\\w*)" is not defined by type "${type}"`).exec(error.message);
  const field = missingField ? `${path}.${missingField[1]}` : unknownField ? `${path}.${unknownField[1]}` : path;
  let reason = expected ? `expected ${expected}` : 'not a valid value for its type';
  if (missingField) reason = `required (${missingField[2]})`;
  else if (unknownField) reason = `not a field of ${unknownField[2]}`;
  else if (/^Variable "\$[A-Za-z_]\w*" of (?:required|non-null) type/.test(error.message)) reason = `required${expected ? ` (${expected})` : ''}`;
  return badRequest('BAD_USER_INPUT', `variable $${variable ?? '?'} at "${field}": ${reason}`, { field });
}

/**
 * The subgraphs' custom scalars, as they implement them. The gateway's supergraph knows only their names and would pass
 * any value on; the subgraph would then refuse the whole request, quoting the value. Checked here instead, like any
 * other type.
 */
export const CUSTOM_SCALARS: Readonly<Record<string, GraphQLScalarType>> = { DateTimeISO: GraphQLDateTimeISO, JSONObject: GraphQLJSONObject };

/** The path of the first value of a custom scalar that its implementation refuses, with the scalar's name. */
function customScalarProblem(type: GraphQLInputType, value: unknown, path: string): { path: string; scalar: string } | null {
  if (value === null || value === undefined) return null;
  if (isNonNullType(type)) return customScalarProblem(type.ofType, value, path);
  if (isListType(type)) {
    const items = Array.isArray(value) ? value : [value];
    for (const [i, item] of items.entries()) {
      const found = customScalarProblem(type.ofType as GraphQLInputType, item, Array.isArray(value) ? `${path}[${i}]` : path);
      if (found) return found;
    }
    return null;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object') return null;
    for (const field of Object.values(type.getFields())) {
      const found = customScalarProblem(field.type, (value as Record<string, unknown>)[field.name], `${path}.${field.name}`);
      if (found) return found;
    }
    return null;
  }
  const implementation = isScalarType(type) ? CUSTOM_SCALARS[type.name] : undefined;
  if (!implementation) return null;
  try {
    implementation.parseValue(value);
    return null;
  } catch {
    return { path, scalar: type.name };
  }
}

/** The variables of `operation`, coerced to their types, or the first few problems, each without the submitted value. */
function checkVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown>): GraphQLError | null {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 1 });
  const first = coerced.errors?.[0];
  if (first) return variableProblem(first);
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    const name = definition.variable.name.value;
    const problem = type ? customScalarProblem(type, variables[name], name) : null;
    if (problem) return badRequest('BAD_USER_INPUT', `variable $${name} at "${problem.path}": expected ${problem.scalar}`, { field: problem.path });
  }
  return null;
}

/** Control characters (C0, DEL, C1) other than tab, line feed and carriage return: nothing a person types, and Postgres refuses NUL. */
const CONTROL = /(?![\t\n\r])\p{Cc}/u;

/** The path of the first string holding a control character in the variables, e.g. `input.address.district`. */
export function controlCharacterPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return CONTROL.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = controlCharacterPath(item, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = controlCharacterPath(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

/** The argument path of the first string literal in the document holding a control character (written as `\u0000`). */
function controlCharacterLiteral(document: DocumentNode): string | null {
  let found: string | null = null;
  visit(document, {
    StringValue(node, _key, parent, _path, ancestors) {
      if (found || !CONTROL.test(node.value)) return;
      const names = [...(ancestors as ReadonlyArray<ASTNode | readonly ASTNode[]>), parent as ASTNode].flatMap((a) =>
        !Array.isArray(a) && ((a as ASTNode).kind === Kind.ARGUMENT || (a as ASTNode).kind === Kind.OBJECT_FIELD)
          ? [(a as { name: { value: string } }).name.value]
          : [],
      );
      found = names.join('.') || 'query';
    },
  });
  return found;
}

const controlCharacter = (field: string) =>
  badRequest('CONTROL_CHARACTER', `"${field}" contains a control character (such as NUL); only tab, line feed and carriage return are allowed in text`, {
    field,
  });

/**
 * Runs once the operation is resolved and before any subgraph is called: refuses a request that names no operation it
 * holds, variables that do not fit their types (400 `BAD_USER_INPUT` with the field, never the value), text with
 * control characters (400 `CONTROL_CHARACTER`), and operations whose pages cost too much. The operation's shape (tokens, depth, aliases, directives, expanded fields) was checked
 * before parsing, by `operationShapeGuard`.
 */
export function queryLimitsPlugin({ maxCost }: QueryLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          if (!operation) {
            const names = document.definitions.flatMap((d) => (d.kind === 'OperationDefinition' ? [d.name?.value ?? '(anonymous)'] : []));
            const message = request.operationName
              ? `the document has no operation named "${request.operationName}"; it has: ${names.join(', ')}`
              : `the document holds ${names.length} operations (${names.join(', ')}): say which one in operationName`;
            throw badRequest('OPERATION_RESOLUTION_FAILURE', message, { field: 'operationName' });
          }
          const variableError = checkVariables(schema, operation, request.variables ?? {});
          if (variableError) throw variableError;
          const controlInVariable = Object.entries(request.variables ?? {}).reduce<string | null>(
            (found, [name, value]) => found ?? controlCharacterPath(value, name),
            null,
          );
          const controlAt = controlInVariable ?? controlCharacterLiteral(document);
          if (controlAt) throw controlCharacter(controlAt);
          const cost = getComplexity({
            schema,
            query: document,
            operationName: operation.name?.value,
            variables: request.variables ?? {},
            estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
          });
          if (cost > maxCost) {
            throw badRequest('QUERY_TOO_COSTLY', `operation costs ${cost}, above the limit of ${maxCost}; request smaller pages`, { cost, maxCost });
          }
        },
      };
    },
  };
}
