export * from './leased-table';
export * from './queue-worker';
export * from './retry';
