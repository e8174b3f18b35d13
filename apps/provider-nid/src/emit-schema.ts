import { emitSchemaCli, printSubgraphSdl } from '@ekyc/subgraph-kit';
import { buildProviderNidSchema } from './schema';

emitSchemaCli(buildProviderNidSchema, printSubgraphSdl);
