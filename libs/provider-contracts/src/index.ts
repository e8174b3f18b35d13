export * from './provider-call';
export * from './nid-partner-service';
export * from './cdp-customer-onboarding';
