import { emitSchemaCli, printSubgraphSdl } from '@ekyc/subgraph-kit';
import { buildGatewaySchema } from './graphql/gateway-subgraph';

emitSchemaCli(buildGatewaySchema, printSubgraphSdl);
