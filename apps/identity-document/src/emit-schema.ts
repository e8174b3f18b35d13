import { emitSchemaCli, printSubgraphSdl } from '@ekyc/subgraph-kit';
import { buildIdentityDocumentSchema } from './schema';

emitSchemaCli(buildIdentityDocumentSchema, printSubgraphSdl);
