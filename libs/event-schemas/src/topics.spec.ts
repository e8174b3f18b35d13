import { ALL_EVENT_TOPICS, SERVICES, TOPICS, deadLetterTopicOf, topicOf } from './topics';

describe('topics', () => {
  it('names each service topic kyc.<service>.events.v1', () => {
    expect(topicOf('identity-document')).toBe('kyc.identity-document.events.v1');
    expect(topicOf('provider-nid')).toBe('kyc.provider-nid.events.v1');
    for (const service of SERVICES) expect(topicOf(service)).toMatch(new RegExp(`^kyc\\.${service}\\.events\\.v1$`));
  });

  it('names each dead-letter topic kyc.<service>.dlq.v1', () => {
    expect(deadLetterTopicOf('biometric')).toBe('kyc.biometric.dlq.v1');
    for (const service of SERVICES) expect(deadLetterTopicOf(service)).toBe(`kyc.${service}.dlq.v1`);
  });

  it('keeps the dead-letter topic distinct from the event topic of every service', () => {
    const all = [...SERVICES.map(topicOf), ...SERVICES.map(deadLetterTopicOf)];
    expect(new Set(all).size).toBe(SERVICES.length * 2);
  });

  it('lists one event topic per service, each a valid Kafka topic name', () => {
    expect(ALL_EVENT_TOPICS).toEqual(SERVICES.map((s) => `kyc.${s}.events.v1`));
    for (const topic of ALL_EVENT_TOPICS) expect(topic).toMatch(/^[a-zA-Z0-9._-]{1,249}$/);
  });

  it('exposes the named TOPICS constants as the same event topics', () => {
    expect(TOPICS).toEqual({
      identityDocument: 'kyc.identity-document.events.v1',
      biometric: 'kyc.biometric.events.v1',
      providerNid: 'kyc.provider-nid.events.v1',
      providerCdp: 'kyc.provider-cdp.events.v1',
      auditBilling: 'kyc.audit-billing.events.v1',
    });
    expect([...Object.values(TOPICS)].sort()).toEqual([...ALL_EVENT_TOPICS].sort());
  });
});
