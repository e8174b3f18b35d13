import { emitSchemaCli, printSubgraphSdl } from '@ekyc/subgraph-kit';
import { buildProviderCdpSchema } from './schema';

emitSchemaCli(buildProviderCdpSchema, printSubgraphSdl);
