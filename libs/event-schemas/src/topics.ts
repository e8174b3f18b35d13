/** Services that produce events; each owns exactly one versioned topic. */
export const SERVICES = ['identity-document', 'biometric', 'provider-nid', 'provider-cdp', 'audit-billing'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const topicOf = (service: ServiceName): string => `kyc.${service}.events.v1`;
export const deadLetterTopicOf = (service: ServiceName): string => `kyc.${service}.dlq.v1`;

export const TOPICS = {
  identityDocument: topicOf('identity-document'),
  biometric: topicOf('biometric'),
  providerNid: topicOf('provider-nid'),
  providerCdp: topicOf('provider-cdp'),
  auditBilling: topicOf('audit-billing'),
} as const;

export const ALL_EVENT_TOPICS: readonly string[] = SERVICES.map(topicOf);
