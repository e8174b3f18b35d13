import 'reflect-metadata';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { specifiedDirectives, type GraphQLSchema } from 'graphql';
import gql from 'graphql-tag';
import { buildSchema, createResolversMap, type BuildSchemaOptions, type ResolverData } from 'type-graphql';
import { authChecker } from './auth';
import type { SubgraphContext } from './context';

/** One pinned list for every subgraph, so they all speak the same federation version. */
export const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])`;

export type ReferenceResolvers = Record<string, { __resolveReference: (ref: Record<string, unknown>, ctx: SubgraphContext) => unknown }>;

export interface SubgraphSchemaOptions {
  resolvers: BuildSchemaOptions['resolvers'];
  orphanedTypes?: BuildSchemaOptions['orphanedTypes'];
  referenceResolvers?: ReferenceResolvers;
}

/**
 * Builds a federated schema from type-graphql resolvers. Services reach resolvers through the request
 * context (see `SubgraphContext.container`), so the schema itself holds no connections.
 */
export async function buildFederatedSchema(options: SubgraphSchemaOptions): Promise<GraphQLSchema> {
  const typeGraphqlSchema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    directives: [...specifiedDirectives],
    authChecker,
    authMode: 'error',
    validate: false,
    skipCheck: true,
    container: ({ context }: ResolverData<SubgraphContext>) => context.container,
  });
  const typeDefs = gql`
    ${FEDERATION_LINK}
    ${printSchemaWithDirectives(typeGraphqlSchema)}
  `;
  // Reference resolvers must be in the same resolver map, otherwise @apollo/subgraph drops them.
  const resolvers = createResolversMap(typeGraphqlSchema) as GraphQLResolverMap<SubgraphContext>;
  for (const [typeName, reference] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...reference } as GraphQLResolverMap<SubgraphContext>[string];
  }
  return buildSubgraphSchema([{ typeDefs, resolvers }]);
}

export const printSubgraphSdl = (schema: GraphQLSchema): string => `${printSubgraphSchema(schema).trim()}\n`;
