export * from './ports';
export * from './errors';
export * from './kafka-event-bus';
export * from './outbox';
export * from './consumer';
export * from './migration-sql';
