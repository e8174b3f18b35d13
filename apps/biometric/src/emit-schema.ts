import { emitSchemaCli, printSubgraphSdl } from '@ekyc/subgraph-kit';
import { buildBiometricSchema } from './schema';

emitSchemaCli(buildBiometricSchema, printSubgraphSdl);
