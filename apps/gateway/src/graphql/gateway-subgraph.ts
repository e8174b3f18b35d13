import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { graphql, type GraphQLSchema } from 'graphql';
import { verifyInternalContext } from '@ekyc/internal-context';
import type { Logger } from '@ekyc/logger';
import { buildFederatedSchema, createContainer, type SubgraphContext } from '@ekyc/subgraph-kit';
import { AccessAdminResolver } from '../iam/access-admin.resolver';
import type { AccessAdminService } from '../iam/access-admin.service';
import type { GatewayContext } from './signed-context.data-source';

/** The name the gateway's own subgraph has in the supergraph (tools/schema/subgraphs.ts). */
export const GATEWAY_SUBGRAPH = 'gateway';

/** What the gateway itself serves in the graph: the tenant's users and API keys, which live in its own tables. */
export const buildGatewaySchema = (): Promise<GraphQLSchema> => buildFederatedSchema({ resolvers: [AccessAdminResolver] });

/**
 * Runs the gateway's subgraph in this process, with the same trust as a remote subgraph: the caller is what the signed
 * internal context of the request says, checked here as every subgraph checks it.
 */
export class GatewaySubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly container;

  constructor(
    private readonly schema: GraphQLSchema,
    service: AccessAdminService,
    private readonly secret: string,
    private readonly log: Logger,
  ) {
    this.container = createContainer([new AccessAdminResolver(service)]);
  }

  async process({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const signed = 'signedContext' in context ? context.signedContext : undefined;
    const verified = verifyInternalContext(signed, this.secret);
    if (!verified.ok)
      return { errors: [{ message: 'the request carries no valid caller', extensions: { code: 'UNAUTHENTICATED' } }] } as GatewayGraphQLResponse;
    const subgraphContext: SubgraphContext = {
      auth: verified.context,
      log: this.log.child({ requestId: verified.context.requestId }),
      container: this.container,
    };
    return (await graphql({
      schema: this.schema,
      source: request.query ?? '',
      variableValues: request.variables,
      operationName: request.operationName,
      contextValue: subgraphContext,
    })) as GatewayGraphQLResponse;
  }
}
