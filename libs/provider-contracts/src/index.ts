export * from './provider-call';
export * from './nid-partner-service';
