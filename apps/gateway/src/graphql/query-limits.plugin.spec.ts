import { ApolloServer } from '@apollo/server';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, isScalarType, specifiedScalarTypes } from 'graphql';
import { CUSTOM_SCALARS, queryLimitsPlugin } from './query-limits.plugin';

const typeDefs = `
  scalar DateTimeISO
  scalar JSONObject
  type Query {
    application(id: ID!): Application
    applications(first: Int, since: DateTimeISO, filter: FilterInput): [Application!]!
  }
  input FilterInput {
    between: [DateTimeISO!]
    meta: JSONObject
  }
  type Mutation {
    createApplication(input: CreateInput!): Application
  }
  input CreateInput {
    mobileNumber: String!
    age: Int
    address: AddressInput
    tags: [String!]
  }
  input AddressInput {
    district: String!
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
`;

const resolvers = {
  Query: { application: () => ({ id: '1', status: 'draft' }), applications: () => [] },
  Mutation: { createApplication: () => ({ id: '2', status: 'draft' }) },
};

let server: ApolloServer;

beforeAll(async () => {
  server = new ApolloServer({ typeDefs, resolvers, plugins: [queryLimitsPlugin({ maxCost: 500 })] });
  await server.start();
});
afterAll(() => server.stop());

async function run(query: string, variables?: Record<string, unknown>, operationName?: string) {
  const response = await server.executeOperation({ query, ...(variables ? { variables } : {}), ...(operationName ? { operationName } : {}) });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return { status: response.http.status ?? 200, errors: response.body.singleResult.errors ?? [], data: response.body.singleResult.data };
}

const CREATE = 'mutation Create($input: CreateInput!) { createApplication(input: $input) { id } }';

describe('queryLimitsPlugin', () => {
  it('runs a modest operation', async () => {
    const result = await run('{ applications(first: 10) { id status events(first: 5) { id type } } }');
    expect(result.errors).toEqual([]);
    expect(result.data).toEqual({ applications: [] });
  });

  it('rejects a costly nested page with QUERY_TOO_COSTLY and HTTP 400, reporting the cost', async () => {
    const { status, errors } = await run('{ applications(first: 1000) { events(first: 1000) { id } } }');
    expect(status).toBe(400);
    expect(errors[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', maxCost: 500 });
    expect(errors[0]?.extensions?.['cost']).toBeGreaterThan(1_000_000);
  });

  it('prices a list by the page size it requests, read from the variables too', async () => {
    expect((await run('{ applications(first: 100) { id status } }')).errors).toEqual([]);
    expect((await run('{ applications(first: 300) { id status } }')).errors[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', cost: 601 });
    const query = 'query Page($n: Int) { applications(first: $n) { events(first: $n) { id } } }';
    expect((await run(query, { n: 5 })).errors).toEqual([]);
    expect((await run(query, { n: 1000 })).errors[0]?.extensions?.['code']).toBe('QUERY_TOO_COSTLY');
  });

  it('prices only the operation named in the request', async () => {
    const query = `
      query Cheap { application(id: "1") { id } }
      query Costly { applications(first: 1000) { events(first: 1000) { id } } }
    `;
    expect((await run(query, undefined, 'Cheap')).errors).toEqual([]);
    expect((await run(query, undefined, 'Costly')).errors[0]?.extensions?.['code']).toBe('QUERY_TOO_COSTLY');
  });

  describe('variables that do not fit their types are a 400 naming the field, never quoting the value', () => {
    it.each([
      [{ mobileNumber: 1712345678 }, 'input.mobileNumber', 'expected String'],
      ['01712345678', 'input', 'expected CreateInput'],
      [{ mobileNumber: '01712345678', age: 'forty-two 01712345678' }, 'input.age', 'expected Int'],
      [{ mobileNumber: '01712345678', address: { district: 1712345678 } }, 'input.address.district', 'expected String'],
      [{ mobileNumber: '01712345678', address: {} }, 'input.address.district', 'required (String!)'],
      [{ mobileNumber: '01712345678', tags: ['a', 1712345678] }, 'input.tags[1]', 'expected String'],
      [{ mobileNumber: '01712345678', nid: '1981674506396' }, 'input.nid', 'not a field of CreateInput'],
      [null, 'input', 'required (CreateInput!)'],
    ])('%j', async (input, field, reason) => {
      const { status, errors } = await run(CREATE, { input });
      expect(status).toBe(400);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(errors[0]?.message).toBe(`variable $input at "${field}": ${reason}`);
      expect(JSON.stringify(errors)).not.toMatch(/1712345678|1981674506396|forty-two/);
    });

    it('a missing required variable', async () => {
      const { status, errors } = await run(CREATE, {});
      expect(status).toBe(400);
      expect(errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input' });
    });

    it('a value that mimics the message format does not move the reported field', async () => {
      const { errors } = await run(CREATE, { input: { mobileNumber: '01712345678', age: 'x at "input.mobileNumber"; ' } });
      expect(errors[0]?.extensions).toMatchObject({ field: 'input.age' });
    });
  });

  it('refuses text with a control character (NUL and the like) with CONTROL_CHARACTER and the field, in variables and literals', async () => {
    const inVariable = await run(CREATE, { input: { mobileNumber: '01712345678', address: { district: 'Dha\u0000ka' } } });
    expect(inVariable.status).toBe(400);
    expect(inVariable.errors[0]?.extensions).toMatchObject({ code: 'CONTROL_CHARACTER', field: 'input.address.district' });
    expect((await run(CREATE, { input: { mobileNumber: '017', tags: ['ok', 'bell\u0007'] } })).errors[0]?.extensions).toMatchObject({ field: 'input.tags[1]' });
    const inLiteral = await run('mutation { createApplication(input: { mobileNumber: "017\\u0000" }) { id } }');
    expect(inLiteral.errors[0]?.extensions).toMatchObject({ code: 'CONTROL_CHARACTER', field: 'input.mobileNumber' });
    // Tabs and line breaks are text.
    expect((await run(CREATE, { input: { mobileNumber: '017', address: { district: 'Road 1,\r\n\tDhaka' } } })).errors).toEqual([]);
  });

  it("checks the subgraphs' custom scalars at the gateway, which otherwise passes any value on", async () => {
    const query = 'query List($since: DateTimeISO, $filter: FilterInput) { applications(since: $since, filter: $filter) { id } }';
    expect((await run(query, { since: '2026-12-07T01:02:03Z' })).errors).toEqual([]);
    const bad = await run(query, { since: '1955-07-12' });
    expect(bad.status).toBe(400);
    expect(bad.errors[0]).toMatchObject({
      message: 'variable $since at "since": expected DateTimeISO',
      extensions: { code: 'BAD_USER_INPUT', field: 'since' },
    });
    expect((await run(query, { filter: { between: ['2026-12-07T01:02:03Z', 'soon'] } })).errors[0]?.extensions).toMatchObject({ field: 'filter.between[1]' });
    expect((await run(query, { filter: { meta: [1, 2] } })).errors[0]?.extensions).toMatchObject({ field: 'filter.meta' });
  });

  it('knows every custom scalar of the supergraph', () => {
    const supergraph = buildSchema(readFileSync(path.resolve(__dirname, '../../supergraph.graphql'), 'utf8'), { assumeValidSDL: true });
    const builtIn = new Set(specifiedScalarTypes.map((t) => t.name));
    const custom = Object.values(supergraph.getTypeMap())
      .filter((t) => isScalarType(t) && !builtIn.has(t.name) && !/^(join|link)__/.test(t.name))
      .map((t) => t.name)
      .sort();
    expect(custom).toEqual(Object.keys(CUSTOM_SCALARS).sort());
  });

  it('a document with several operations and no operationName, or an unknown one, is a 400 naming operationName', async () => {
    const query = 'query A { application(id: "1") { id } } query B { application(id: "2") { id } }';
    const several = await run(query);
    expect(several.status).toBe(400);
    expect(several.errors[0]?.extensions).toMatchObject({ code: 'OPERATION_RESOLUTION_FAILURE', field: 'operationName' });
    expect(several.errors[0]?.message).toContain('A, B');
    const unknown = await run(query, undefined, 'Z');
    expect(unknown.status).toBe(400);
    expect(unknown.errors[0]?.extensions).toMatchObject({ code: 'OPERATION_RESOLUTION_FAILURE', field: 'operationName' });
    expect((await run(query, undefined, 'B')).data).toEqual({ application: { id: '1' } });
  });
});
