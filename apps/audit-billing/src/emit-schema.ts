import { emitSchemaCli, printSubgraphSdl } from '@ekyc/subgraph-kit';
import { buildAuditBillingSchema } from './schema';

emitSchemaCli(buildAuditBillingSchema, printSubgraphSdl);
