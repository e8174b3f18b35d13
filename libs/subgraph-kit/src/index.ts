export * from './schema';
export * from './context';
export * from './errors';
export * from './auth';
export * from './types';
export * from './server';
export * from './runtime';
