import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { inParallel, runAppScript } from '../lib/run-app-script';
import { COMPOSED_SUBGRAPHS } from './subgraphs';

export interface GeneratedSchemas {
  subgraphs: Array<{ name: string; sdl: string }>;
  supergraph: string;
}

/** Emits each subgraph's SDL from code and composes the supergraph from those SDLs. */
export async function generateSchemas(): Promise<GeneratedSchemas> {
  const subgraphs = await inParallel(COMPOSED_SUBGRAPHS, 2, async ({ name }) => ({ name, sdl: await runAppScript(name, 'emit-schema') }));
  const result = composeServices(
    subgraphs.map(({ name, sdl }) => ({
      name,
      url: `http://127.0.0.1:${COMPOSED_SUBGRAPHS.find((s) => s.name === name)?.port}/graphql`,
      typeDefs: parse(sdl),
    })),
  );
  if (result.errors) {
    throw new Error(`supergraph composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return { subgraphs, supergraph: `${result.supergraphSdl.trim()}\n` };
}
