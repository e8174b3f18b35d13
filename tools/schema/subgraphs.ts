import 'reflect-metadata';
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { buildAuditBillingSchema } from '../../apps/audit-billing/src/schema';
import { buildBiometricSchema } from '../../apps/biometric/src/schema';
import { buildIdentityDocumentSchema } from '../../apps/identity-document/src/schema';
import { buildProviderCdpSchema } from '../../apps/provider-cdp/src/schema';
import { buildProviderNidSchema } from '../../apps/provider-nid/src/schema';

export const REPO_ROOT = path.resolve(__dirname, '../..');

export interface SubgraphSpec {
  name: string;
  port: number;
  build(): Promise<GraphQLSchema>;
}

/** The subgraphs of the supergraph; routing URLs are the local defaults, overridable at the gateway. */
export const SUBGRAPHS: readonly SubgraphSpec[] = [
  { name: 'identity-document', port: 4001, build: buildIdentityDocumentSchema },
  { name: 'biometric', port: 4002, build: buildBiometricSchema },
  { name: 'provider-nid', port: 4003, build: buildProviderNidSchema },
  { name: 'provider-cdp', port: 4004, build: buildProviderCdpSchema },
  { name: 'audit-billing', port: 4005, build: buildAuditBillingSchema },
];

export const sdlPathOf = (name: string) => path.join(REPO_ROOT, 'apps', name, 'schema.graphql');
export const SUPERGRAPH_PATH = path.join(REPO_ROOT, 'apps', 'gateway', 'supergraph.graphql');
