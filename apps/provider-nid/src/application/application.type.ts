import { defineApplicationRef } from '@ekyc/subgraph-kit';

/** `Application`, extended here with fields from this subgraph's own data. */
export const ApplicationRef = defineApplicationRef();
export type ApplicationRef = InstanceType<typeof ApplicationRef>;
