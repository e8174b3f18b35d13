import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateSchemas } from './compose';
import { REPO_ROOT, sdlPathOf, SUPERGRAPH_PATH } from './subgraphs';

/** `npm run schema:emit`: rewrites apps/<app>/schema.graphql and apps/gateway/supergraph.graphql. */
generateSchemas().then(
  ({ subgraphs, supergraph }) => {
    for (const { name, sdl } of subgraphs) writeFileSync(sdlPathOf(name), sdl);
    writeFileSync(SUPERGRAPH_PATH, supergraph);
    const written = [...subgraphs.map((s) => sdlPathOf(s.name)), SUPERGRAPH_PATH].map((p) => path.relative(REPO_ROOT, p));
    process.stdout.write(`wrote ${written.join(', ')}\n`);
  },
  (err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  },
);
