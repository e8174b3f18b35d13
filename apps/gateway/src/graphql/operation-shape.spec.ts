import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { parse } from 'graphql';
import * as restOperations from '../rest/operations';
import { checkOperationShape, expandedFieldCounts, operationShapeGuard, type OperationShapeLimits } from './operation-shape';

const LIMITS: OperationShapeLimits = { maxTokens: 2_000, maxDepth: 4, maxAliases: 30, maxDirectives: 20, maxFields: 500 };

/** `{ application(id: "1") { parent { parent { ... { id } } } } }` with `levels` nested `parent` fields. */
const nestedParents = (levels: number) => `{ application(id: "1") { ${'parent { '.repeat(levels)}id${' }'.repeat(levels)} } }`;

/** Fragments that each spread the one before twice: `levels` fragments expand to 2^levels copies of F0. */
const doublingFragments = (levels: number) => {
  let query = `query { viewer { ...F${levels} } }\nfragment F0 on Viewer { id name }\n`;
  for (let i = 1; i <= levels; i++) query += `fragment F${i} on Viewer { ...F${i - 1} ...F${i - 1} }\n`;
  return query;
};

describe('checkOperationShape', () => {
  it('accepts a modest query, and one nested exactly to the depth limit', () => {
    expect(checkOperationShape('{ applications(first: 10) { id status events(first: 5) { id type } } }', LIMITS)).toBeNull();
    expect(checkOperationShape(nestedParents(3), LIMITS)).toBeNull();
  });

  it('refuses an over-deep query, counting depth through fragments but not the fragments themselves', () => {
    expect(checkOperationShape(nestedParents(4), LIMITS)).toMatchObject({ code: 'QUERY_TOO_DEEP', limit: 4 });
    const viaFragment = `query { application(id: "1") { ...Deep } }\nfragment Deep on Application { parent { parent { parent { parent { id } } } } }`;
    expect(checkOperationShape(viaFragment, LIMITS)?.code).toBe('QUERY_TOO_DEEP');
    const sameDepthViaFragment = `query { application(id: "1") { ...Deep } }\nfragment Deep on Application { parent { parent { parent { id } } } }`;
    expect(checkOperationShape(sameDepthViaFragment, LIMITS)).toBeNull();
  });

  it('refuses fragments that expand to 2^30 fields, measuring each fragment once', () => {
    const query = doublingFragments(30);
    expect(query.length).toBeLessThan(1_300);
    expect(checkOperationShape(query, LIMITS)).toMatchObject({ code: 'TOO_MANY_FIELDS', limit: 500 });
    expect(expandedFieldCounts(parse(query))).toEqual([1 + 2 * 2 ** 30]);
    // As many doubling fragments as the token limit allows: still counted, not expanded (2^180 would never finish).
    expect(checkOperationShape(doublingFragments(180), { ...LIMITS, maxTokens: 5_000 })?.code).toBe('TOO_MANY_FIELDS');
  });

  it('counts a fragment once per spread and inline fragments in place', () => {
    const query = `query { viewer { ...A ...A ... on Viewer { id } } }\nfragment A on Viewer { id friend { id } }`;
    expect(expandedFieldCounts(parse(query))).toEqual([1 + 3 + 3 + 1]);
  });

  it('refuses a fragment cycle without looping (validation would refuse it too)', () => {
    expect(checkOperationShape('query { viewer { ...A } }\nfragment A on Viewer { id ...B }\nfragment B on Viewer { ...A }', LIMITS)?.code).toBe(
      'TOO_MANY_FIELDS',
    );
  });

  it('refuses too many aliases, directives and tokens', () => {
    const aliases = `{ ${Array.from({ length: 1_000 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`;
    expect(checkOperationShape(aliases, { ...LIMITS, maxTokens: 10_000 })).toMatchObject({ code: 'TOO_MANY_ALIASES', limit: 30 });
    const directives = `{ viewer { id${' @include(if: true)'.repeat(21)} } }`;
    expect(checkOperationShape(directives, LIMITS)).toMatchObject({ code: 'TOO_MANY_DIRECTIVES', limit: 20 });
    expect(checkOperationShape(`{ viewer { ${'id '.repeat(2_000)}} }`, LIMITS)).toMatchObject({ code: 'QUERY_TOO_LARGE', limit: 2_000 });
  });

  it('leaves a document that does not parse to Apollo, which reports the syntax error', () => {
    expect(checkOperationShape('{ viewer { id ', LIMITS)).toBeNull();
  });

  it('accepts every operation the portal and the REST routes send, under the default limits', () => {
    const defaults: OperationShapeLimits = { ...LIMITS, maxDepth: 3 };
    const dir = path.resolve(__dirname, '../../../portal/src/graphql');
    const portal = readdirSync(dir)
      .filter((f) => f.endsWith('.graphql'))
      .map((f) => readFileSync(path.join(dir, f), 'utf8'));
    const rest = Object.values(restOperations).filter((v): v is string => typeof v === 'string' && /^\s*(query|mutation)\b/.test(v));
    const readmes = ['../../../../README.md', '../../../audit-billing/README.md'].map((f) => readFileSync(path.resolve(__dirname, f), 'utf8'));
    const documented = readmes.flatMap((text) => [...text.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1] as string));
    expect(documented.length).toBeGreaterThanOrEqual(2);
    for (const document of documented) expect(checkOperationShape(document, { ...LIMITS, maxDepth: 10 })).toBeNull();
    expect(portal.length).toBeGreaterThan(3);
    expect(rest.length).toBeGreaterThan(5);
    for (const document of [...portal, ...rest])
      expect([document.slice(0, 60), checkOperationShape(document, defaults)]).toEqual([document.slice(0, 60), null]);
  });
});

describe('operationShapeGuard', () => {
  let url: string;
  let close: () => void;

  beforeAll(async () => {
    const app = express();
    app.use('/graphql', express.json(), operationShapeGuard(LIMITS), (_req, res) => {
      res.json({ data: { passed: true } });
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    close = () => server.close();
  });
  afterAll(() => close());

  const post = (body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('answers an over-sized operation with a 400 GraphQL error body, before anything else sees it', async () => {
    const res = await post({ query: doublingFragments(30) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [
        { message: 'the operation selects more than 500 fields once its fragments are spread out', extensions: { code: 'TOO_MANY_FIELDS', limit: 500 } },
      ],
    });
  });

  it('checks GET operations too', async () => {
    const res = await fetch(`${url}?query=${encodeURIComponent(nestedParents(9))}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe('QUERY_TOO_DEEP');
  });

  it('passes a fitting operation, and bodies without a query string, on', async () => {
    for (const body of [{ query: '{ viewer { id } }' }, { query: 42 }, [{ query: '{ a }' }], {}]) {
      const res = await post(body);
      expect(res.status).toBe(200);
    }
  });
});
