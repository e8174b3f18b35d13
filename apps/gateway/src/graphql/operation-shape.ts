import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { RequestHandler } from 'express';
import {
  buildSchema,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/** Limits on the shape of an operation, each checked in time linear in the document (fragments are measured once). */
export interface OperationShapeLimits {
  /** Lexical tokens in the document; bounds the work of every later step, GraphQL's own validation included. */
  maxTokens: number;
  /** Levels of fields below the top-level field (fragments add none). */
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  /** Fields once every fragment is spread out: a fragment spread twice counts twice. */
  maxFields: number;
}

export interface ShapeRejection {
  code: 'QUERY_TOO_LARGE' | 'QUERY_TOO_DEEP' | 'TOO_MANY_ALIASES' | 'TOO_MANY_DIRECTIVES' | 'TOO_MANY_FIELDS';
  message: string;
  limit: number;
}

/** GraphQL Armor's counting rules read only the document, never the schema: a placeholder schema lets them run before validation. */
const DOCUMENT_ONLY = buildSchema('type Query { _: Boolean }');

/**
 * Fields of each operation with fragments expanded, in linear time: each fragment is counted once and its count reused
 * wherever it is spread, so `fragment F1 on T { ...F0 ...F0 }` chains are priced at their expanded size (2^n)
 * without being expanded. A fragment that spreads itself (a cycle, which validation refuses later) counts as too many.
 */
export function expandedFieldCounts(document: DocumentNode): number[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const memo = new Map<string, number>();
  const inProgress = new Set<string>();
  const fragmentFields = (name: string): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (!fragment) return 0;
    if (inProgress.has(name)) return Number.POSITIVE_INFINITY;
    inProgress.add(name);
    const count = fields(fragment.selectionSet);
    inProgress.delete(name);
    memo.set(name, count);
    return count;
  };
  const fields = (set: SelectionSetNode): number => {
    let count = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) count += 1 + (selection.selectionSet ? fields(selection.selectionSet) : 0);
      else if (selection.kind === Kind.INLINE_FRAGMENT) count += fields(selection.selectionSet);
      else count += fragmentFields(selection.name.value);
    }
    return count;
  };
  return document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).map((op) => fields(op.selectionSet));
}

/**
 * Checks an operation's shape before anything expands it: GraphQL's validation, the cost estimate and the gateway's
 * query planner all walk fragments, and some of that work grows with the square or the power of the document.
 * Returns the first limit exceeded, or null (including for a document that does not parse: Apollo reports that).
 */
export function checkOperationShape(query: string, limits: OperationShapeLimits): ShapeRejection | null {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: limits.maxTokens, noLocation: true });
  } catch (err) {
    if (err instanceof GraphQLError && /more tha[nt] \d+ tokens/.test(err.message)) {
      return { code: 'QUERY_TOO_LARGE', message: `the operation has more than ${limits.maxTokens} tokens`, limit: limits.maxTokens };
    }
    return null;
  }
  const rejections: ShapeRejection[] = [];
  const reject = (rejection: ShapeRejection) => (context: ValidationContext | null) => {
    if (context && rejections.length === 0) rejections.push(rejection);
  };
  const common = { exposeLimits: false, propagateOnRejection: false } as const;
  validate(DOCUMENT_ONLY, document, [
    // Armor counts the top-level field as level 1; MAX_QUERY_DEPTH counts levels below it.
    maxDepthRule({
      ...common,
      n: limits.maxDepth + 1,
      flattenFragments: true,
      onReject: [reject({ code: 'QUERY_TOO_DEEP', message: `the operation is nested deeper than ${limits.maxDepth} levels`, limit: limits.maxDepth })],
    }),
    maxAliasesRule({
      ...common,
      n: limits.maxAliases,
      onReject: [reject({ code: 'TOO_MANY_ALIASES', message: `the operation uses more than ${limits.maxAliases} aliases`, limit: limits.maxAliases })],
    }),
    maxDirectivesRule({
      ...common,
      n: limits.maxDirectives,
      onReject: [
        reject({ code: 'TOO_MANY_DIRECTIVES', message: `the operation uses more than ${limits.maxDirectives} directives`, limit: limits.maxDirectives }),
      ],
    }),
  ]);
  if (rejections[0]) return rejections[0];
  const most = Math.max(0, ...expandedFieldCounts(document));
  if (most > limits.maxFields) {
    return {
      code: 'TOO_MANY_FIELDS',
      message: `the operation selects more than ${limits.maxFields} fields once its fragments are spread out`,
      limit: limits.maxFields,
    };
  }
  return null;
}

/** Refuses an over-sized operation with HTTP 400 and a GraphQL error body before Apollo parses or validates it. */
export function operationShapeGuard(limits: OperationShapeLimits): RequestHandler {
  return (req, res, next) => {
    const body: unknown = req.method === 'GET' ? req.query : req.body;
    const query = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)['query'] : undefined;
    const rejection = typeof query === 'string' ? checkOperationShape(query, limits) : null;
    if (!rejection) {
      next();
      return;
    }
    res.status(400).json({ errors: [{ message: rejection.message, extensions: { code: rejection.code, limit: rejection.limit } }] });
  };
}
