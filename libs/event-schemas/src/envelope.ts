import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const actorSchema = z.object({
  kind: z.enum(['user', 'api_token', 'system']),
  id: z.string().min(1).max(128),
});
export type Actor = z.infer<typeof actorSchema>;

export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().regex(/^[a-z]+(_[a-z]+)*(\.[a-z_]+)+$/, 'dotted lower-case event name'),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  tenantId: z.uuid(),
  correlationId: z.string().min(1).max(128),
  causationId: z.string().min(1).max(128).nullable(),
  actor: actorSchema,
  data: z.unknown(),
});
export type Envelope<TData = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: TData };

export interface EnvelopeMeta {
  tenantId: string;
  correlationId: string;
  causationId?: string | null;
  actor: Actor;
  occurredAt?: Date;
  id?: string;
}

export function buildEnvelope<TData>(type: string, version: number, meta: EnvelopeMeta, data: TData): Envelope<TData> {
  return {
    id: meta.id ?? randomUUID(),
    type,
    version,
    occurredAt: (meta.occurredAt ?? new Date()).toISOString(),
    tenantId: meta.tenantId,
    correlationId: meta.correlationId,
    causationId: meta.causationId ?? null,
    actor: meta.actor,
    data,
  };
}
