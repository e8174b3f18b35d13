import { buildEnvelope, envelopeSchema, type EnvelopeMeta } from './envelope';

const TENANT = '3f0b6b1e-2f7a-4c53-9d1e-6a2b8c4d5e6f';
const meta: EnvelopeMeta = { tenantId: TENANT, correlationId: 'req-1', actor: { kind: 'user', id: 'user-1' } };

describe('buildEnvelope', () => {
  it('fills id, occurredAt and causationId when the caller omits them', () => {
    const before = Date.now();
    const envelope = buildEnvelope('application.created', 1, meta, { x: 1 });
    expect(envelopeSchema.safeParse(envelope).success).toBe(true);
    expect(envelope.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(envelope.causationId).toBeNull();
    expect(Date.parse(envelope.occurredAt)).toBeGreaterThanOrEqual(before - 1);
    expect(envelope.data).toEqual({ x: 1 });
  });

  it('keeps the id, time and causation id the caller supplies', () => {
    const envelope = buildEnvelope(
      'application.created',
      2,
      {
        ...meta,
        id: '0d9c5a4e-8b1f-4e2a-a3c7-1f2e3d4c5b6a',
        occurredAt: new Date('2024-05-01T10:00:00.000Z'),
        causationId: 'evt-0',
      },
      null,
    );
    expect(envelope).toEqual({
      id: '0d9c5a4e-8b1f-4e2a-a3c7-1f2e3d4c5b6a',
      type: 'application.created',
      version: 2,
      occurredAt: '2024-05-01T10:00:00.000Z',
      tenantId: TENANT,
      correlationId: 'req-1',
      causationId: 'evt-0',
      actor: { kind: 'user', id: 'user-1' },
      data: null,
    });
  });

  it('gives every envelope a fresh id', () => {
    const ids = new Set(Array.from({ length: 20 }, () => buildEnvelope('a.b', 1, meta, {}).id));
    expect(ids.size).toBe(20);
  });
});

describe('envelopeSchema', () => {
  const valid = buildEnvelope('application.created', 1, meta, {});

  it.each([
    ['an upper-case event type', { type: 'Application.Created' }],
    ['an undotted event type', { type: 'created' }],
    ['a zero version', { version: 0 }],
    ['a fractional version', { version: 1.5 }],
    ['a non-ISO timestamp', { occurredAt: 'yesterday' }],
    ['a tenant id that is not a UUID', { tenantId: 'tenant-1' }],
    ['an empty correlation id', { correlationId: '' }],
    ['an unknown actor kind', { actor: { kind: 'robot', id: 'r' } }],
  ])('rejects %s', (_label, override) => {
    expect(envelopeSchema.safeParse({ ...valid, ...override }).success).toBe(false);
  });

  it('accepts a snake_case aggregate name (ekyc_request.created) but not a leading or doubled underscore', () => {
    expect(envelopeSchema.safeParse({ ...valid, type: 'ekyc_request.created' }).success).toBe(true);
    expect(envelopeSchema.safeParse({ ...valid, type: '_ekyc.created' }).success).toBe(false);
    expect(envelopeSchema.safeParse({ ...valid, type: 'ekyc__request.created' }).success).toBe(false);
  });

  it('accepts a timestamp with a zone offset', () => {
    expect(envelopeSchema.safeParse({ ...valid, occurredAt: '2024-05-01T16:00:00+06:00' }).success).toBe(true);
  });
});
