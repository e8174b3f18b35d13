import type { BaseContext, GraphQLRequestContext, GraphQLRequestContextDidResolveOperation, GraphQLRequestListener } from '@apollo/server';
import { buildSchema, GraphQLError, parse } from 'graphql';
import { queryLimitsPlugin, type QueryLimits } from './query-limits.plugin';

const schema = buildSchema(`
  type Query {
    application(id: ID!): Application
    applications(first: Int): [Application!]!
  }
  type Application {
    id: ID!
    status: String
    parent: Application
    events(first: Int): [Event!]!
  }
  type Event {
    id: ID!
    type: String
  }
`);

const LIMITS: QueryLimits = { maxDepth: 4, maxCost: 500 };

interface Operation {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

async function check(operation: Operation, limits: QueryLimits = LIMITS): Promise<void> {
  const plugin = queryLimitsPlugin(limits);
  const listener = (await plugin.requestDidStart?.({} as unknown as GraphQLRequestContext<BaseContext>)) as GraphQLRequestListener<BaseContext> | undefined;
  if (!listener?.didResolveOperation) throw new Error('the plugin has no didResolveOperation hook');
  const requestContext = {
    request: { query: operation.query, operationName: operation.operationName, variables: operation.variables },
    document: parse(operation.query),
    schema,
  };
  await listener.didResolveOperation(requestContext as unknown as GraphQLRequestContextDidResolveOperation<BaseContext>);
}

async function rejection(operation: Operation, limits: QueryLimits = LIMITS): Promise<GraphQLError> {
  try {
    await check(operation, limits);
  } catch (err) {
    if (err instanceof GraphQLError) return err;
    throw err;
  }
  throw new Error('expected the operation to be rejected, but it was accepted');
}

/** `{ application(id: "1") { parent { parent { ... { id } } } } }` with `levels` nested `parent` fields. */
const nestedParents = (levels: number) =>
  `{ application(id: "1") { ${'parent { '.repeat(levels)}id${' }'.repeat(levels)} } }`;

describe('queryLimitsPlugin', () => {
  it('accepts a modest query', async () => {
    await expect(check({ query: '{ applications(first: 10) { id status events(first: 5) { id type } } }' })).resolves.toBeUndefined();
  });

  it('accepts a query nested exactly to the depth limit', async () => {
    await expect(check({ query: nestedParents(3) })).resolves.toBeUndefined();
  });

  it('rejects an over-deep query with QUERY_TOO_DEEP and HTTP 400', async () => {
    const err = await rejection({ query: nestedParents(4) });
    expect(err.extensions['code']).toBe('QUERY_TOO_DEEP');
    expect(err.extensions['maxDepth']).toBe(4);
    expect(err.extensions['http']).toEqual({ status: 400 });
    expect(err.message).toContain('4 levels');
  });

  it('counts depth through fragments', async () => {
    const query = `
      query { application(id: "1") { ...Deep } }
      fragment Deep on Application { parent { parent { parent { parent { id } } } } }
    `;
    expect((await rejection({ query })).extensions['code']).toBe('QUERY_TOO_DEEP');
  });

  it('rejects a costly nested page with QUERY_TOO_COSTLY and HTTP 400, reporting the cost', async () => {
    const err = await rejection({ query: '{ applications(first: 1000) { events(first: 1000) { id } } }' });
    expect(err.extensions['code']).toBe('QUERY_TOO_COSTLY');
    expect(err.extensions['http']).toEqual({ status: 400 });
    expect(err.extensions['maxCost']).toBe(500);
    expect(err.extensions['cost']).toBeGreaterThan(1_000_000);
  });

  it('prices a list by the page size it requests', async () => {
    await expect(check({ query: '{ applications(first: 100) { id status } }' }, { maxDepth: 10, maxCost: 201 })).resolves.toBeUndefined();
    const err = await rejection({ query: '{ applications(first: 101) { id status } }' }, { maxDepth: 10, maxCost: 201 });
    expect(err.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', cost: 203 });
  });

  it('reads the page size from the request variables', async () => {
    const query = 'query Page($n: Int) { applications(first: $n) { events(first: $n) { id } } }';
    await expect(check({ query, variables: { n: 5 } })).resolves.toBeUndefined();
    expect((await rejection({ query, variables: { n: 1000 } })).extensions['code']).toBe('QUERY_TOO_COSTLY');
  });

  it('prices only the operation named in the request', async () => {
    const query = `
      query Cheap { application(id: "1") { id } }
      query Costly { applications(first: 1000) { events(first: 1000) { id } } }
    `;
    await expect(check({ query, operationName: 'Cheap' })).resolves.toBeUndefined();
    expect((await rejection({ query, operationName: 'Costly' })).extensions['code']).toBe('QUERY_TOO_COSTLY');
  });

  it('checks depth before cost', async () => {
    const err = await rejection({ query: `{ applications(first: 1000) { ${'parent { '.repeat(5)}id${' }'.repeat(5)} } }` });
    expect(err.extensions['code']).toBe('QUERY_TOO_DEEP');
  });
});
