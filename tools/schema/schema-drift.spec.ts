import { readFileSync } from 'node:fs';
import { generateSchemas, type GeneratedSchemas } from './compose';
import { COMPOSED_SUBGRAPHS, sdlPathOf, SUPERGRAPH_PATH } from './subgraphs';

const HOW_TO_FIX = 'run `npm run schema:emit` and commit the result';

// Building five subgraph schemas loads every app's modules (OCR, face and CDP code included): seconds on a busy 2-core machine.
jest.setTimeout(60_000);

describe('committed schemas', () => {
  let generated: GeneratedSchemas;

  beforeAll(async () => {
    generated = await generateSchemas();
  });

  it.each(COMPOSED_SUBGRAPHS.map((s) => s.name))('apps/%s/schema.graphql matches the code', (name) => {
    const fresh = generated.subgraphs.find((s) => s.name === name)?.sdl;
    expect({ file: readFileSync(sdlPathOf(name), 'utf8'), fix: HOW_TO_FIX }).toEqual({ file: fresh, fix: HOW_TO_FIX });
  });

  it('apps/gateway/supergraph.graphql is the composition of the subgraph SDLs', () => {
    expect({ file: readFileSync(SUPERGRAPH_PATH, 'utf8'), fix: HOW_TO_FIX }).toEqual({ file: generated.supergraph, fix: HOW_TO_FIX });
  });

  it('every service subgraph but the owner extends Application with a field of its own', () => {
    // The gateway's own subgraph (users and keys) has nothing to say about applications.
    const extensions = generated.subgraphs.filter((s) => s.name !== 'identity-document' && s.name !== 'gateway');
    for (const { sdl } of extensions) expect(sdl).toMatch(/type Application\s+@key\(fields: "id"\)\s*\{\s*id: ID!\s*(?:"""[^"]*"""\s*)?\w+/);
    expect(generated.supergraph).toMatch(/nidVerification|faceMatch|cdpOnboarding|auditTrail/);
  });
});
