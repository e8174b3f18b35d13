export * from './lifecycle';
export * from './body-limits';
export * from './http-shell';
export * from './upstream';
