export * from './rest-errors';
export * from './agent-ekyc-api';
export * from './ekyc-request-api';
export * from './ekyc-request.errors';
export * from './kyc-submission-two-step-api';
export * from './webhooks';
export * from './ekyc-liveness-api';
