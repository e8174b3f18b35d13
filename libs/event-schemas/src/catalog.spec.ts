import { createEvent, EVENT_CATALOG, EVENT_TYPES, isEventType, parseEvent, topicForEvent, type EventData, type ParseEventResult } from './catalog';
import type { EnvelopeMeta } from './envelope';
import { SERVICES } from './topics';

const TENANT = '3f0b6b1e-2f7a-4c53-9d1e-6a2b8c4d5e6f';
const APPLICATION = '9b2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7b';
const meta: EnvelopeMeta = {
  tenantId: TENANT,
  correlationId: 'req-42',
  causationId: 'evt-41',
  actor: { kind: 'user', id: 'agent-7' },
  occurredAt: new Date('2024-05-01T10:00:00.000Z'),
};
const created: EventData<'application.created'> = { applicationId: APPLICATION, status: 'draft', channel: 'agent' };

function errorCodeOf(result: ParseEventResult): string {
  if (result.ok) throw new Error(`expected a failure, got event ${result.event.type}`);
  return result.error.code;
}

describe('EVENT_CATALOG', () => {
  it('names a known service as the producer of every event', () => {
    for (const type of EVENT_TYPES) expect(SERVICES).toContain(EVENT_CATALOG[type].producer);
  });

  it('gives every event a positive integer schema version', () => {
    for (const type of EVENT_TYPES) {
      expect(Number.isInteger(EVENT_CATALOG[type].version)).toBe(true);
      expect(EVENT_CATALOG[type].version).toBeGreaterThan(0);
    }
  });

  it('routes each event to its producer topic', () => {
    expect(topicForEvent('application.created')).toBe('kyc.identity-document.events.v1');
    expect(topicForEvent('nid.verification.completed')).toBe('kyc.provider-nid.events.v1');
    expect(topicForEvent('biometric.match.completed')).toBe('kyc.biometric.events.v1');
    expect(topicForEvent('cdp.onboarding.completed')).toBe('kyc.provider-cdp.events.v1');
  });

  it('recognises catalog event types only, not inherited object keys', () => {
    expect(isEventType('application.created')).toBe(true);
    expect(isEventType('application.deleted')).toBe(false);
    expect(isEventType('toString')).toBe(false);
    expect(isEventType('__proto__')).toBe(false);
  });
});

describe('createEvent', () => {
  it('builds an envelope carrying the catalog version and the caller metadata', () => {
    const event = createEvent('application.created', meta, created);
    expect(event).toMatchObject({
      type: 'application.created',
      version: EVENT_CATALOG['application.created'].version,
      occurredAt: '2024-05-01T10:00:00.000Z',
      tenantId: TENANT,
      correlationId: 'req-42',
      causationId: 'evt-41',
      actor: { kind: 'user', id: 'agent-7' },
      data: created,
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('throws on a payload that does not match the event schema', () => {
    const bad = { ...created, status: 'passed' } as unknown as EventData<'application.created'>;
    expect(() => createEvent('application.created', meta, bad)).toThrow();
  });

  it('throws on a payload whose application id is not a UUID', () => {
    expect(() => createEvent('verification.completed', meta, { applicationId: 'app-1', status: 'passed', reason: null })).toThrow();
  });

  it('throws on a biometric similarity outside 0..1', () => {
    const data: EventData<'biometric.match.completed'> = {
      applicationId: APPLICATION,
      matches: [{ pair: 'selfie_ec', similarity: 1.5, decision: 'match' }],
    };
    expect(() => createEvent('biometric.match.completed', meta, data)).toThrow();
  });

  it('accepts a face result with and without a known face, so producers and consumers of either version agree', () => {
    const matches = [{ pair: 'selfie_ec' as const, similarity: 0.8, decision: 'match' as const }];
    expect(createEvent('biometric.match.completed', meta, { applicationId: APPLICATION, matches }).data).toEqual({ applicationId: APPLICATION, matches });
    const knownFace = { applicationId: '9b2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7b', similarity: 0.9 };
    expect(createEvent('biometric.match.completed', meta, { applicationId: APPLICATION, matches, knownFace }).data.knownFace).toEqual(knownFace);
    expect(() =>
      createEvent('biometric.match.completed', meta, { applicationId: APPLICATION, matches, knownFace: { ...knownFace, applicationId: 'x' } }),
    ).toThrow();
  });

  it('drops payload keys the schema does not declare, so no extra data (e.g. raw PII) leaks onto the bus', () => {
    const withExtra = { ...created, nidNumber: '1234567890' } as EventData<'application.created'>;
    const event = createEvent('application.created', meta, withExtra);
    expect(event.data).toEqual(created);
    expect(JSON.stringify(event)).not.toContain('1234567890');
  });
});

describe('parseEvent', () => {
  const event = createEvent('application.created', meta, created);
  const json = JSON.stringify(event);
  const withEnvelope = (override: Record<string, unknown>) => JSON.stringify({ ...event, ...override });

  it('round-trips a created event from a string', () => {
    expect(parseEvent(json)).toEqual({ ok: true, event });
  });

  it('round-trips a created event from a Buffer', () => {
    const submitted = createEvent('application.submitted', meta, {
      applicationId: APPLICATION,
      submissionId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      documentType: 'nid_smart',
      applicantSealed: 'v1.iv.tag.body',
    });
    expect(parseEvent(Buffer.from(JSON.stringify(submitted)))).toEqual({ ok: true, event: submitted });
  });

  it('reports INVALID_JSON for text that is not JSON', () => {
    expect(errorCodeOf(parseEvent('{not json'))).toBe('INVALID_JSON');
    expect(errorCodeOf(parseEvent(Buffer.from('')))).toBe('INVALID_JSON');
  });

  it('reports INVALID_ENVELOPE for a null message value (a tombstone)', () => {
    expect(errorCodeOf(parseEvent(null))).toBe('INVALID_ENVELOPE');
  });

  it.each(['id', 'type', 'version', 'occurredAt', 'tenantId', 'correlationId', 'causationId', 'actor'])(
    'reports INVALID_ENVELOPE when %s is missing',
    (field) => {
      const partial: Record<string, unknown> = { ...event };
      delete partial[field];
      const result = parseEvent(JSON.stringify(partial));
      expect(errorCodeOf(result)).toBe('INVALID_ENVELOPE');
      if (!result.ok) expect(result.error.message).toContain(field);
    },
  );

  it('reports INVALID_ENVELOPE for a JSON array or scalar', () => {
    expect(errorCodeOf(parseEvent('[]'))).toBe('INVALID_ENVELOPE');
    expect(errorCodeOf(parseEvent('42'))).toBe('INVALID_ENVELOPE');
  });

  it('reports UNKNOWN_EVENT_TYPE for a well-formed type the catalog does not hold', () => {
    const result = parseEvent(withEnvelope({ type: 'application.archived' }));
    expect(errorCodeOf(result)).toBe('UNKNOWN_EVENT_TYPE');
    if (!result.ok) expect(result.error.message).toContain('application.archived');
  });

  it('reports INVALID_PAYLOAD when the data does not match the event schema', () => {
    expect(errorCodeOf(parseEvent(withEnvelope({ data: { ...created, channel: 'fax' } })))).toBe('INVALID_PAYLOAD');
    expect(errorCodeOf(parseEvent(withEnvelope({ data: null })))).toBe('INVALID_PAYLOAD');
  });

  it('reports INVALID_PAYLOAD when a payload is sent under another event type', () => {
    expect(errorCodeOf(parseEvent(withEnvelope({ type: 'cdp.onboarding.completed' })))).toBe('INVALID_PAYLOAD');
  });
});

describe('eKYC request events', () => {
  const EKYC_REQUEST = '5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
  const SUBMISSION = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

  it('round-trip with ids and states only', () => {
    const events = [
      createEvent('ekyc_request.created', meta, { ekycRequestId: EKYC_REQUEST, submissionId: SUBMISSION, status: 'otp_pending' }),
      createEvent('ekyc_request.verified', meta, { ekycRequestId: EKYC_REQUEST, status: 'verified' }),
      createEvent('ekyc_request.locked', meta, { ekycRequestId: EKYC_REQUEST, status: 'locked' }),
      createEvent('ekyc_request.accepted', meta, { ekycRequestId: EKYC_REQUEST, status: 'accepted' }),
      createEvent('ekyc_request.cleared', meta, { ekycRequestId: EKYC_REQUEST, status: 'cleared', previousStatus: 'verified' }),
      createEvent('ekyc_request.deleted', meta, { ekycRequestId: EKYC_REQUEST, status: 'deleted', previousStatus: 'cleared' }),
    ];
    for (const event of events) {
      expect(topicForEvent(event.type)).toBe('kyc.identity-document.events.v1');
      expect(parseEvent(JSON.stringify(event))).toEqual({ ok: true, event });
    }
  });

  it('drop an email, phone number or OTP slipped into the payload', () => {
    const leaky = {
      ekycRequestId: EKYC_REQUEST,
      status: 'verified',
      email: 'a@example.com',
      phoneNumber: '+8801712345678',
      otp: '123456',
    } as EventData<'ekyc_request.verified'>;
    const event = createEvent('ekyc_request.verified', meta, leaky);
    expect(event.data).toEqual({ ekycRequestId: EKYC_REQUEST, status: 'verified' });
    expect(JSON.stringify(event)).not.toMatch(/example\.com|8801712345678|123456/);
  });

  it('refuse a state that does not match the event', () => {
    const wrong = { ekycRequestId: EKYC_REQUEST, status: 'accepted' } as unknown as EventData<'ekyc_request.verified'>;
    expect(() => createEvent('ekyc_request.verified', meta, wrong)).toThrow();
  });
});
