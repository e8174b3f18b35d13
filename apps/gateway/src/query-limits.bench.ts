import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { checkOperationShape, type OperationShapeLimits } from './graphql/operation-shape';

/**
 * `npm run bench:query-limits`: how long the gateway's event loop is held by the worst documents a client can send
 * within the default limits: the linear shape check for every document, and GraphQL's own validation (against the real
 * supergraph) for those the shape check lets through. The budget is 100 ms per request; prints max and p50 of 20 runs.
 */
const LIMITS: OperationShapeLimits = { maxTokens: 2_000, maxDepth: 10, maxAliases: 30, maxDirectives: 20, maxFields: 500 };
const RUNS = 20;
const BUDGET_MS = 100;

const schema = buildSchema(readFileSync(path.resolve(__dirname, '..', 'supergraph.graphql'), 'utf8'), { assumeValidSDL: true });

const doubling = (levels: number) => {
  let q = `query { viewer { ...F${levels} } }\nfragment F0 on Viewer { userId tenantId }\n`;
  for (let i = 1; i <= levels; i++) q += `fragment F${i} on Viewer { ...F${i - 1} ...F${i - 1} }\n`;
  return q;
};
const repeatedObject = (n: number) => `{ ${'applications { edges { node { id } } } '.repeat(n)}}`;
const repeatedLeaf = (n: number) => `{ viewer { ${'userId '.repeat(n)}} }`;
const manyFragments = (n: number) => {
  let q = `query { viewer { ${Array.from({ length: n }, (_, i) => `...F${i}`).join(' ')} } }\n`;
  for (let i = 0; i < n; i++) q += `fragment F${i} on Viewer { userId tenantId }\n`;
  return q;
};
const fragmentGrid = (n: number) => {
  let q = `query { viewer { ${Array.from({ length: n }, (_, i) => `...F${i}`).join(' ')} } }\n`;
  for (let i = 0; i < n; i++) q += `fragment F${i} on Viewer { ${Array.from({ length: n }, (_, j) => `...G${j}`).join(' ')} }\n`;
  for (let j = 0; j < n; j++) q += `fragment G${j} on Viewer { userId }\n`;
  return q;
};

const CASES: Array<[string, string]> = [
  ['2^30 doubling fragments (1.2 KB)', doubling(30)],
  ['doubling fragments up to the token limit', doubling(190)],
  ['one object selected 125 times (500 fields)', repeatedObject(125)],
  ['one leaf selected 498 times', repeatedLeaf(498)],
  ['165 fragments spread once each', manyFragments(165)],
  ['fragment grid 20 x 20 (400 fields)', fragmentGrid(20)],
  ['1,000 aliases (over the token limit)', `{ ${Array.from({ length: 1_000 }, (_, i) => `a${i}: viewer { userId }`).join(' ')} }`],
];

const time = (run: () => unknown): number => {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e6;
};
const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted.at(-1) ?? 0 };
};

const rows: string[] = [];
let worst = 0;
for (const [label, query] of CASES) {
  const verdict = checkOperationShape(query, LIMITS);
  const shape = stats(Array.from({ length: RUNS }, () => time(() => checkOperationShape(query, LIMITS))));
  let validation = { p50: 0, max: 0 };
  if (!verdict) {
    const document = parse(query);
    validate(schema, document, specifiedRules);
    validation = stats(Array.from({ length: RUNS }, () => time(() => validate(schema, document, specifiedRules))));
  }
  const held = shape.max + validation.max;
  worst = Math.max(worst, held);
  rows.push(
    `| ${label} | ${query.length} | ${verdict?.code ?? 'accepted'} | ${shape.p50.toFixed(1)} / ${shape.max.toFixed(1)} | ${verdict ? '—' : `${validation.p50.toFixed(1)} / ${validation.max.toFixed(1)}`} | ${(held / BUDGET_MS).toFixed(2)} |`,
  );
}
process.stdout.write(
  `\n| document | bytes | shape check | shape ms p50 / max | validation ms p50 / max | max held / ${BUDGET_MS} ms |\n| --- | --- | --- | --- | --- | --- |\n${rows.join('\n')}\n\nworst: ${worst.toFixed(1)} ms held, ${(worst / BUDGET_MS).toFixed(2)} of the ${BUDGET_MS} ms budget\n`,
);
