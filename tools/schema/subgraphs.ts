import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');

export interface SubgraphSpec {
  name: string;
  port: number;
}

/** The subgraphs of the supergraph; routing URLs are the local defaults, overridable at the gateway. */
export const SUBGRAPHS: readonly SubgraphSpec[] = [
  { name: 'identity-document', port: 4001 },
  { name: 'biometric', port: 4002 },
  { name: 'provider-nid', port: 4003 },
  { name: 'provider-cdp', port: 4004 },
  { name: 'audit-billing', port: 4005 },
];

/**
 * Every subgraph composed into the supergraph: the services above, and the gateway's own (users and API keys, in its
 * tables), which the gateway runs in process rather than over HTTP.
 */
export const COMPOSED_SUBGRAPHS: readonly SubgraphSpec[] = [...SUBGRAPHS, { name: 'gateway', port: 4000 }];

export const sdlPathOf = (name: string) => path.join(REPO_ROOT, 'apps', name, 'schema.graphql');
export const SUPERGRAPH_PATH = path.join(REPO_ROOT, 'apps', 'gateway', 'supergraph.graphql');
