import { randomUUID } from 'node:crypto';
import { Agent, request, type Dispatcher } from 'undici';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { PiiCipher } from '@ekyc/crypto';
import { keysetPage, encodeCursor } from '@ekyc/db';
import type { KycEvent } from '@ekyc/event-schemas';
import type { InternalContext } from '@ekyc/internal-context';
import { createLeasedTable, retryOrGiveUp, type LeasedTable, type RetryPolicy } from '@ekyc/leased-queue';
import type { Logger } from '@ekyc/logger';
import { isWebhookEventType, newWebhookSecret, signWebhook } from '@ekyc/partner-api';
import type { FieldProblem } from '@ekyc/subgraph-kit';
import { subjectStatusOf, webhookBodyOf } from './webhook-payload';
import { checkWebhookUrl, guardedLookup, type TargetPolicy } from './webhook-target';
import { OPEN_DELIVERY_STATES, WebhookAttemptRecord, WebhookDeliveryRecord, WebhookEndpointRecord, type WebhookDeliveryState } from './webhook.entity';

const S = 'audit_billing';

export interface WebhookDeliveryOptions {
  /** Attempts per delivery before it is `failed` (a replay starts again). */
  maxAttempts: number;
  /** Delay after the first failed attempt; each later one waits four times longer, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  timeoutMs: number;
  leaseMs: number;
  /** How long the secret before a rotation keeps signing beside the new one. */
  rotationOverlapMs: number;
  maxEndpointsPerTenant: number;
  target: TargetPolicy;
}

/** A delivery's retries: base·4^(attempts-1), capped, up to 10% earlier at random so retries of an outage spread out; `maxAttempts` in all. */
export const webhookRetryPolicy = (options: Pick<WebhookDeliveryOptions, 'retryBaseMs' | 'retryMaxMs' | 'maxAttempts'>): RetryPolicy => ({
  baseDelayMs: options.retryBaseMs,
  maxDelayMs: options.retryMaxMs,
  factor: 4,
  jitter: 0.1,
  maxAttempts: options.maxAttempts,
});

/** Seconds in a Retry-After header (429, 503), as milliseconds; HTTP dates are not honoured. */
export function retryAfterMs(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || !/^\d{1,6}$/.test(value.trim())) return null;
  return Number(value.trim()) * 1000;
}

export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldProblem[] };
const fail = (code: string, message: string, field: string | null): { ok: false; errors: FieldProblem[] } => ({
  ok: false,
  errors: [{ code, message, field }],
});

export interface EndpointInput {
  url?: string | null;
  eventTypes?: string[] | null;
  description?: string | null;
  enabled?: boolean | null;
}

export interface DeliveryFilter {
  tenantId: string;
  endpointId?: string | null;
  state?: WebhookDeliveryState | null;
  eventType?: string | null;
  first: number;
  after?: string | null;
}

const MAX_DESCRIPTION = 500;
/** Far more than there are event types: a list longer than this is a mistake, and each entry would be checked. */
const MAX_EVENT_TYPES = 100;

/** The URL as it will be called (scheme and host lower-cased, default port and dot segments dropped); checked before. */
const normalisedUrl = (raw: string) => new URL(raw).href;
const RESPONSE_EXCERPT_BYTES = 1024;

/**
 * Partner webhooks. Events are queued per subscribed endpoint in the transaction that audits them, so
 * an event is never audited without its deliveries or delivered twice for one Kafka redelivery; a
 * leased worker signs and sends them, retrying with backoff, and logs every attempt.
 *
 * A status a partner has been told is final is never followed by an older one: a `pending` that arrives
 * (or is still being retried) after `passed` is recorded as `superseded` and not sent.
 */
export class WebhookService {
  private readonly dispatcher: Dispatcher;
  private readonly queue: LeasedTable<WebhookDeliveryRecord>;

  constructor(private readonly deps: { ds: DataSource; cipher: PiiCipher; log: Logger; options: WebhookDeliveryOptions; now?: () => Date }) {
    const { target } = deps.options;
    this.queue = createLeasedTable({
      ds: deps.ds,
      entity: WebhookDeliveryRecord,
      table: `${S}.webhook_deliveries`,
      stateColumn: 'state',
      ready: ['pending', 'retrying'],
      leased: 'delivering',
      leaseMs: deps.options.leaseMs,
    });
    this.dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 8, connect: target.allowPrivateNetworks ? {} : { lookup: guardedLookup } });
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  // ---- endpoints ----

  async listEndpoints(tenantId: string): Promise<WebhookEndpointRecord[]> {
    return this.deps.ds.manager.find(WebhookEndpointRecord, { where: { tenantId, deletedAt: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async getEndpoint(tenantId: string, id: string): Promise<WebhookEndpointRecord | null> {
    const row = await this.deps.ds.manager.findOneBy(WebhookEndpointRecord, { id, tenantId });
    return row && !row.deletedAt ? row : null;
  }

  private validate(input: EndpointInput, creating: boolean): FieldProblem[] {
    const problems: FieldProblem[] = [];
    if (creating || input.url != null) {
      if (!input.url) problems.push({ code: 'REQUIRED', message: 'the URL that receives the events', field: 'url' });
      else {
        const target = checkWebhookUrl(input.url, this.deps.options.target);
        if (!target.ok) problems.push({ code: target.code, message: target.message, field: 'url' });
      }
    }
    if (creating || input.eventTypes != null) {
      const types = input.eventTypes ?? [];
      if (types.length > MAX_EVENT_TYPES)
        problems.push({ code: 'TOO_MANY', message: `at most ${MAX_EVENT_TYPES} event types (each counts once)`, field: 'eventTypes' });
      else if (types.length === 0)
        problems.push({ code: 'REQUIRED', message: 'choose at least one event type (webhookEventTypes lists them)', field: 'eventTypes' });
      if (types.length <= MAX_EVENT_TYPES)
        types.forEach((t, i) => {
          if (!isWebhookEventType(t))
            problems.push({
              code: 'UNKNOWN_EVENT_TYPE',
              message: `${JSON.stringify(t)} is not an event type partners can subscribe to`,
              field: `eventTypes[${i}]`,
            });
        });
    }
    if (input.description && input.description.length > MAX_DESCRIPTION)
      problems.push({ code: 'TOO_LONG', message: `at most ${MAX_DESCRIPTION} characters`, field: 'description' });
    return problems;
  }

  /** Registers an endpoint; the secret is returned here and on rotation only. */
  async register(auth: InternalContext, tenantId: string, input: EndpointInput): Promise<Result<{ endpoint: WebhookEndpointRecord; secret: string }>> {
    const problems = this.validate(input, true);
    if (problems.length > 0) return { ok: false, errors: problems };
    const { ds, cipher, options } = this.deps;
    return ds.transaction(async (m) => {
      // One registration at a time per tenant, so the endpoint limit holds under concurrent calls.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`webhook-endpoints:${tenantId}`]);
      const [{ count }] = (await m.query(`SELECT count(*)::int AS count FROM ${S}.webhook_endpoints WHERE tenant_id = $1 AND deleted_at IS NULL`, [
        tenantId,
      ])) as Array<{ count: number }>;
      if (count >= options.maxEndpointsPerTenant)
        return fail('WEBHOOK_ENDPOINT_LIMIT', `a tenant has at most ${options.maxEndpointsPerTenant} endpoints`, null);
      const secret = newWebhookSecret();
      const now = this.now();
      const endpoint = m.create(WebhookEndpointRecord, {
        id: randomUUID(),
        tenantId,
        url: normalisedUrl(input.url as string),
        description: input.description ?? null,
        eventTypes: [...new Set(input.eventTypes ?? [])],
        enabled: input.enabled ?? true,
        secretEnc: cipher.encrypt(secret, tenantId),
        previousSecretEnc: null,
        previousSecretExpiresAt: null,
        createdAt: now,
        createdBy: auth.userId,
        updatedAt: now,
        deletedAt: null,
      });
      await m.save(endpoint);
      return { ok: true as const, value: { endpoint, secret } };
    });
  }

  async update(tenantId: string, id: string, input: EndpointInput): Promise<Result<WebhookEndpointRecord>> {
    const problems = this.validate(input, false);
    if (problems.length > 0) return { ok: false, errors: problems };
    const endpoint = await this.getEndpoint(tenantId, id);
    if (!endpoint) return notFound();
    if (input.url != null) endpoint.url = normalisedUrl(input.url);
    if (input.eventTypes != null) endpoint.eventTypes = [...new Set(input.eventTypes)];
    if (input.description !== undefined) endpoint.description = input.description;
    if (input.enabled != null) endpoint.enabled = input.enabled;
    endpoint.updatedAt = this.now();
    await this.deps.ds.manager.save(endpoint);
    return { ok: true, value: endpoint };
  }

  /** A new secret; the old one keeps signing beside it for the overlap, so receivers can switch without losing deliveries. */
  async rotateSecret(tenantId: string, id: string): Promise<Result<{ endpoint: WebhookEndpointRecord; secret: string }>> {
    const endpoint = await this.getEndpoint(tenantId, id);
    if (!endpoint) return notFound();
    const secret = newWebhookSecret();
    const now = this.now();
    endpoint.previousSecretEnc = endpoint.secretEnc;
    endpoint.previousSecretExpiresAt = new Date(now.getTime() + this.deps.options.rotationOverlapMs);
    endpoint.secretEnc = this.deps.cipher.encrypt(secret, tenantId);
    endpoint.updatedAt = now;
    await this.deps.ds.manager.save(endpoint);
    return { ok: true, value: { endpoint, secret } };
  }

  /** Deletes an endpoint: its open deliveries are cancelled, its delivery log stays readable. */
  async remove(tenantId: string, id: string): Promise<Result<string>> {
    return this.deps.ds.transaction(async (m) => {
      const now = this.now();
      const deleted = await m.update(WebhookEndpointRecord, { id, tenantId, deletedAt: IsNull() }, { deletedAt: now, enabled: false, updatedAt: now });
      if (!deleted.affected) return notFound();
      await m.query(
        `UPDATE ${S}.webhook_deliveries SET state = 'cancelled', last_error = 'ENDPOINT_DELETED', next_attempt_at = NULL, lease_until = NULL, lease_token = NULL, updated_at = $2 WHERE endpoint_id = $1 AND state IN ('pending', 'retrying', 'delivering')`,
        [id, now],
      );
      return { ok: true as const, value: id };
    });
  }

  // ---- queueing ----

  /**
   * Queues an event for every endpoint of its tenant that subscribed to its type, in the caller's
   * transaction. Returns how many deliveries may be sent now (to wake the worker).
   */
  async onEvent(manager: EntityManager, event: KycEvent): Promise<number> {
    const body = webhookBodyOf(event);
    if (!body) return 0;
    const endpoints = (await manager.query(
      `SELECT id FROM ${S}.webhook_endpoints WHERE tenant_id = $1 AND deleted_at IS NULL AND enabled AND $2 = ANY(event_types)`,
      [event.tenantId, event.type],
    )) as Array<{ id: string }>;
    const subject = subjectStatusOf(event);
    const stale = subject ? await this.recordSubjectStatus(manager, event, subject) : null;
    if (endpoints.length === 0) return 0;
    const now = this.now();
    const json = JSON.stringify(body);
    let due = 0;
    for (const { id: endpointId } of endpoints) {
      const state: WebhookDeliveryState = stale ? 'superseded' : 'pending';
      const inserted = (await manager.query(
        `INSERT INTO ${S}.webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, subject, subject_status, subject_final, body, state, attempts, next_attempt_at, last_error, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12, $13, $13)
         ON CONFLICT (endpoint_id, event_id) WHERE replay_of IS NULL DO NOTHING
         RETURNING id`,
        [
          randomUUID(),
          event.tenantId,
          endpointId,
          event.id,
          event.type,
          subject?.subject ?? null,
          subject?.status ?? null,
          subject?.final ?? null,
          json,
          state,
          stale ? null : now,
          stale,
          now,
        ],
      )) as unknown[];
      if (inserted.length > 0 && !stale) due++;
    }
    return due;
  }

  /**
   * Moves the subject to the event's status unless it already holds a final one from another event.
   * Returns why the event is stale (to record on its deliveries), or null.
   */
  private async recordSubjectStatus(
    manager: EntityManager,
    event: KycEvent,
    subject: { subject: string; status: string; final: boolean },
  ): Promise<string | null> {
    const rows = (await manager.query(
      `INSERT INTO ${S}.webhook_subject_states AS s (tenant_id, subject, status, final, event_id, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (tenant_id, subject) DO UPDATE SET status = EXCLUDED.status, final = EXCLUDED.final, event_id = EXCLUDED.event_id, updated_at = now()
         WHERE NOT s.final
       RETURNING event_id`,
      [event.tenantId, subject.subject, subject.status, subject.final, event.id],
    )) as unknown[];
    if (rows.length > 0) return null;
    const [current] = (await manager.query(`SELECT status, event_id FROM ${S}.webhook_subject_states WHERE tenant_id = $1 AND subject = $2`, [
      event.tenantId,
      subject.subject,
    ])) as Array<{ status: string; event_id: string }>;
    if (!current || current.event_id === event.id) return null;
    return `SUPERSEDED_BY_FINAL_STATUS: ${current.status}`;
  }

  /** Sends a delivery's body again as a new delivery (same event id, fresh signature), whatever became of the original. */
  async replay(tenantId: string, deliveryId: string): Promise<Result<WebhookDeliveryRecord>> {
    return this.deps.ds.transaction(async (m) => {
      const original = await m.findOneBy(WebhookDeliveryRecord, { id: deliveryId, tenantId });
      if (!original) return fail('WEBHOOK_DELIVERY_NOT_FOUND', 'no such delivery in your tenant', 'id');
      const endpoint = await m.findOneBy(WebhookEndpointRecord, { id: original.endpointId, tenantId });
      if (!endpoint || endpoint.deletedAt) return fail('WEBHOOK_ENDPOINT_NOT_FOUND', 'the endpoint of this delivery was deleted', 'id');
      if (!endpoint.enabled) return fail('WEBHOOK_ENDPOINT_DISABLED', 'enable the endpoint before replaying to it', 'id');
      const now = this.now();
      const replay = m.create(WebhookDeliveryRecord, {
        ...original,
        id: randomUUID(),
        state: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        leaseUntil: null,
        leaseToken: null,
        lastStatusCode: null,
        lastError: null,
        deliveredAt: null,
        replayOf: original.replayOf ?? original.id,
        createdAt: now,
        updatedAt: now,
      });
      await m.save(replay);
      return { ok: true as const, value: replay };
    });
  }

  // ---- the delivery log ----

  async deliveries(filter: DeliveryFilter): Promise<Result<{ rows: Array<{ cursor: string; node: WebhookDeliveryRecord }>; hasNextPage: boolean }>> {
    const qb = this.deps.ds.manager.createQueryBuilder(WebhookDeliveryRecord, 'd').where('d.tenant_id = :tenantId', { tenantId: filter.tenantId });
    if (filter.endpointId) qb.andWhere('d.endpoint_id = :endpointId', { endpointId: filter.endpointId });
    if (filter.state) qb.andWhere('d.state = :state', { state: filter.state });
    if (filter.eventType) qb.andWhere('d.event_type = :eventType', { eventType: filter.eventType });
    const page = await keysetPage(qb, { alias: 'd', timeColumn: 'created_at', first: filter.first, after: filter.after });
    if (!page.ok) return fail('INVALID_CURSOR', 'cursor is not one this API returned', 'after');
    return {
      ok: true,
      value: {
        rows: page.rows.map((node) => ({ cursor: encodeCursor({ createdAt: node.createdAt.toISOString(), id: node.id }), node })),
        hasNextPage: page.hasNextPage,
      },
    };
  }

  async delivery(tenantId: string, id: string): Promise<WebhookDeliveryRecord | null> {
    return this.deps.ds.manager.findOneBy(WebhookDeliveryRecord, { id, tenantId });
  }

  async attempts(deliveryIds: readonly string[]): Promise<Map<string, WebhookAttemptRecord[]>> {
    const rows =
      deliveryIds.length === 0
        ? []
        : await this.deps.ds.manager
            .createQueryBuilder(WebhookAttemptRecord, 'a')
            .where('a.delivery_id IN (:...ids)', { ids: deliveryIds })
            .orderBy('a.attempt', 'ASC')
            .getMany();
    const byDelivery = new Map<string, WebhookAttemptRecord[]>(deliveryIds.map((id) => [id, []]));
    for (const row of rows) byDelivery.get(row.deliveryId)?.push(row);
    return byDelivery;
  }

  // ---- the worker's side ----

  /** Claims due deliveries (and ones whose lease lapsed after a crash) under a lease. */
  claimDue(limit: number): Promise<WebhookDeliveryRecord[]> {
    return this.queue.claimDue(limit);
  }

  /** One attempt at a claimed delivery. */
  async process(delivery: WebhookDeliveryRecord): Promise<WebhookDeliveryState> {
    const { ds, cipher, options, log } = this.deps;
    const endpoint = await ds.manager.findOneBy(WebhookEndpointRecord, { id: delivery.endpointId });
    if (!endpoint || endpoint.deletedAt) return this.settle(delivery, { state: 'cancelled', lastError: 'ENDPOINT_DELETED' });
    if (!endpoint.enabled) return this.settle(delivery, { state: 'cancelled', lastError: 'ENDPOINT_DISABLED' });
    if (delivery.subject && !delivery.subjectFinal) {
      const [current] = (await ds.query(`SELECT status, final FROM ${S}.webhook_subject_states WHERE tenant_id = $1 AND subject = $2`, [
        delivery.tenantId,
        delivery.subject,
      ])) as Array<{ status: string; final: boolean }>;
      if (current?.final) return this.settle(delivery, { state: 'superseded', lastError: `SUPERSEDED_BY_FINAL_STATUS: ${current.status}` });
    }

    const now = this.now();
    const secrets = [cipher.decrypt(endpoint.secretEnc, endpoint.tenantId)];
    if (endpoint.previousSecretEnc && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now)
      secrets.push(cipher.decrypt(endpoint.previousSecretEnc, endpoint.tenantId));
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'ekyc-webhooks/1',
      ...signWebhook(secrets, delivery.eventId, Math.floor(now.getTime() / 1000), delivery.body),
    };

    const attempt = delivery.attempts + 1;
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    let excerpt: string | null = null;
    let retryAfter: number | null = null;
    const target = checkWebhookUrl(endpoint.url, options.target);
    if (!target.ok) error = target.code;
    else {
      try {
        const res = await request(endpoint.url, {
          method: 'POST',
          headers,
          body: delivery.body,
          dispatcher: this.dispatcher,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        statusCode = res.statusCode;
        excerpt = await readExcerpt(res.body);
        if (statusCode < 200 || statusCode > 299) {
          error = `HTTP_${statusCode}`;
          if (statusCode === 429 || statusCode === 503) retryAfter = retryAfterMs(res.headers['retry-after']);
        }
      } catch (err) {
        error = transportErrorCode(err);
      }
    }
    const durationMs = Date.now() - started;

    await ds.manager.insert(WebhookAttemptRecord, {
      deliveryId: delivery.id,
      attempt,
      tenantId: delivery.tenantId,
      startedAt: now,
      durationMs,
      statusCode,
      error,
      responseExcerpt: excerpt,
    });
    if (!error) return this.settle(delivery, { state: 'delivered', attempts: attempt, lastStatusCode: statusCode, lastError: null, deliveredAt: new Date() });
    const next = retryOrGiveUp(webhookRetryPolicy(options), { attempt, since: delivery.createdAt, atLeastMs: retryAfter });
    if (next.kind === 'give_up') {
      log.warn({ deliveryId: delivery.id, endpointId: endpoint.id, attempts: attempt, error }, 'webhook delivery failed for good; it can be replayed');
      return this.settle(delivery, { state: 'failed', attempts: attempt, lastStatusCode: statusCode, lastError: error });
    }
    return this.settle(delivery, {
      state: 'retrying',
      attempts: attempt,
      lastStatusCode: statusCode,
      lastError: error,
      nextAttemptAt: new Date(Date.now() + next.delayMs),
    });
  }

  /** Writes an attempt's outcome, if this worker still holds the lease. */
  private async settle(
    delivery: WebhookDeliveryRecord,
    change: Partial<WebhookDeliveryRecord> & { state: WebhookDeliveryState },
  ): Promise<WebhookDeliveryState> {
    const open = OPEN_DELIVERY_STATES.includes(change.state);
    const held = await this.queue.settle(this.deps.ds.manager, delivery, { ...change, nextAttemptAt: open ? change.nextAttemptAt : null });
    if (!held) this.deps.log.warn({ deliveryId: delivery.id }, 'webhook delivery lease lost; the new holder records the outcome');
    return change.state;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

const notFound = (): { ok: false; errors: FieldProblem[] } => fail('WEBHOOK_ENDPOINT_NOT_FOUND', 'no such endpoint in your tenant', 'id');

/** The first kilobyte of the answer; the rest is not read (leaving the loop early destroys the stream). */
async function readExcerpt(body: Dispatcher.ResponseData['body']): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.from(chunk as Buffer).subarray(0, RESPONSE_EXCERPT_BYTES - size);
    chunks.push(buffer);
    size += buffer.length;
    if (size >= RESPONSE_EXCERPT_BYTES) break;
  }
  return size === 0 ? null : Buffer.concat(chunks).toString('utf8');
}

function transportErrorCode(err: unknown): string {
  const e = err as { code?: string; name?: string; cause?: { code?: string } };
  const code = e.cause?.code ?? e.code;
  if (e.name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT')
    return 'TIMEOUT';
  if (code === 'WEBHOOK_URL_PRIVATE') return 'WEBHOOK_URL_PRIVATE';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'DNS_FAILED';
  if (code && /^(ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_SOCKET)$/.test(code)) return 'CONNECTION_FAILED';
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) return 'TLS_FAILED';
  return 'DELIVERY_FAILED';
}
