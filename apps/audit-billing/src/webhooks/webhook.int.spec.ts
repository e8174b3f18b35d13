import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { DataSource } from 'typeorm';
import { createPiiCipher } from '@ekyc/crypto';
import { migrateDataSource } from '@ekyc/db';
import type { KycEvent } from '@ekyc/event-schemas';
import type { InternalContext } from '@ekyc/internal-context';
import { createLogger } from '@ekyc/logger';
import { integrationEnv, scratchDatabase } from '@ekyc/testing';
import { createAuditBillingDataSource } from '../data-source';
import { tenantEvents } from '../testing/event-fixtures';
import { testWebhookOptions } from '../testing/webhook-options';
import { WebhookService, type WebhookDeliveryOptions } from './webhook.service';

jest.setTimeout(60_000);

const cipher = createPiiCipher(Buffer.alloc(32, 9).toString('base64'));
const log = createLogger({ service: 'webhooks-it', level: 'silent' });

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A partner's receiver: records every request and answers with the next scripted status (200 once the script is used up). */
class Receiver {
  readonly received: Received[] = [];
  script: Array<{ status: number; headers?: Record<string, string>; hangMs?: number }> = [];
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const next = this.script.shift() ?? { status: 200 };
        setTimeout(() => {
          res.writeHead(next.status, { 'content-type': 'text/plain', ...next.headers });
          res.end(next.status < 300 ? 'ok' : `refused with ${next.status}`);
        }, next.hangMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

let db: { url: string; drop(): Promise<void> };
let ds: DataSource;
let service: WebhookService;
let receiver: Receiver;
const services: WebhookService[] = [];

const admin = (tenantId: string): InternalContext =>
  ({ tenantId, userId: randomUUID(), roles: ['partner_admin'], authKind: 'api_token', requestId: randomUUID() }) as InternalContext;

function serviceWith(options: Partial<WebhookDeliveryOptions> = {}): WebhookService {
  const s = new WebhookService({ ds, cipher, log, options: testWebhookOptions(options) });
  services.push(s);
  return s;
}

/** Takes an event in as the live consumer does: in one transaction. */
const take = (event: KycEvent, s: WebhookService = service) => ds.transaction((m) => s.onEvent(m, event));

/** Works the queue until nothing is open, or the time runs out (retries wait their backoff). */
async function drain(s: WebhookService = service, withinMs = 10_000): Promise<void> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    const claimed = await s.claimDue(10);
    await Promise.all(claimed.map((d) => s.process(d)));
    const [{ open }] = (await ds.query(
      `SELECT count(*)::int AS open FROM audit_billing.webhook_deliveries WHERE state IN ('pending', 'retrying', 'delivering')`,
    )) as Array<{ open: number }>;
    if (open === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('deliveries still open');
}

async function register(tenantId: string, eventTypes: string[], url = receiver.url, s: WebhookService = service) {
  const result = await s.register(admin(tenantId), tenantId, { url, eventTypes });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const deliveriesOf = async (tenantId: string, endpointId?: string) => {
  const page = await service.deliveries({ tenantId, endpointId, first: 100 });
  if (!page.ok) throw new Error('page');
  return page.value.rows.map((r) => r.node);
};

beforeAll(async () => {
  db = await scratchDatabase(integrationEnv().databaseUrl, 'webhooks');
  ds = createAuditBillingDataSource(db.url);
  await migrateDataSource(ds);
  await ds.initialize();
  service = serviceWith();
});

beforeEach(async () => {
  receiver = await new Receiver().start();
});

afterEach(async () => {
  await receiver.stop();
});

afterAll(async () => {
  await Promise.all(services.map((s) => s.close()));
  await ds?.destroy();
  await db?.drop();
});

describe('webhook endpoints', () => {
  it('refuses bad registrations with a code per field, and keeps to the per-tenant limit', async () => {
    const tenantId = randomUUID();
    const bad = await service.register(admin(tenantId), tenantId, {
      url: 'ftp://example.com/x',
      eventTypes: ['verification.completed', 'application.created', 'nope'],
    });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.map((e) => [e.code, e.field])).toEqual([
      ['WEBHOOK_URL_INVALID', 'url'],
      ['UNKNOWN_EVENT_TYPE', 'eventTypes[1]'],
      ['UNKNOWN_EVENT_TYPE', 'eventTypes[2]'],
    ]);
    const empty = await service.register(admin(tenantId), tenantId, { url: null, eventTypes: [] });
    expect(!empty.ok && empty.errors.map((e) => [e.code, e.field])).toEqual([
      ['REQUIRED', 'url'],
      ['REQUIRED', 'eventTypes'],
    ]);

    const strict = serviceWith({ target: { allowHttp: false, allowPrivateNetworks: false } });
    const insecure = await strict.register(admin(tenantId), tenantId, { url: 'http://partner.example/hooks', eventTypes: ['verification.completed'] });
    expect(!insecure.ok && insecure.errors[0]?.code).toBe('WEBHOOK_URL_INSECURE');
    for (const url of ['https://127.0.0.1/x', 'https://localhost/x', 'https://169.254.169.254/latest', 'https://[::1]/x', 'https://10.1.2.3/x']) {
      const refused = await strict.register(admin(tenantId), tenantId, { url, eventTypes: ['verification.completed'] });
      expect(!refused.ok && refused.errors[0]?.code).toBe('WEBHOOK_URL_PRIVATE');
    }

    const repeated = await service.register(admin(tenantId), tenantId, {
      url: receiver.url,
      eventTypes: Array.from({ length: 1_000 }, () => 'verification.completed'),
    });
    expect(!repeated.ok && repeated.errors.map((e) => [e.code, e.field])).toEqual([['TOO_MANY', 'eventTypes']]);

    const normalised = await service.register(admin(tenantId), tenantId, {
      url: receiver.url.replace('http://', 'HTTP://').replace(/\/?$/, '/./a/../'),
      eventTypes: ['verification.completed', 'verification.completed'],
    });
    expect(normalised.ok && [normalised.value.endpoint.url, normalised.value.endpoint.eventTypes]).toEqual([
      new URL(receiver.url).href.replace(/\/?$/, '/'),
      ['verification.completed'],
    ]);
    if (normalised.ok) await service.remove(tenantId, normalised.value.endpoint.id);

    await Promise.all([1, 2, 3, 4].map(() => service.register(admin(tenantId), tenantId, { url: receiver.url, eventTypes: ['verification.completed'] })));
    expect(await service.listEndpoints(tenantId)).toHaveLength(3);
    const over = await service.register(admin(tenantId), tenantId, { url: receiver.url, eventTypes: ['verification.completed'] });
    expect(!over.ok && over.errors[0]?.code).toBe('WEBHOOK_ENDPOINT_LIMIT');
  });

  it('keeps the secret sealed at rest and shows it only at registration', async () => {
    const tenantId = randomUUID();
    const { endpoint, secret } = await register(tenantId, ['verification.completed']);
    const [row] = (await ds.query('SELECT secret_enc FROM audit_billing.webhook_endpoints WHERE id = $1', [endpoint.id])) as Array<{ secret_enc: string }>;
    expect(row?.secret_enc).not.toContain(secret.slice(6));
    expect(cipher.decrypt(row!.secret_enc, tenantId)).toBe(secret);
    expect(() => cipher.decrypt(row!.secret_enc, randomUUID())).toThrow();
  });
});

describe('webhook deliveries', () => {
  it('signs each delivery so the Standard Webhooks library verifies it, and sends ids and statuses only', async () => {
    const t = tenantEvents(cipher);
    const { endpoint, secret } = await register(t.tenantId, ['application.submitted', 'verification.completed']);
    const applicationId = randomUUID();
    const submitted = t.submitted(applicationId, { agentId: 'agent-1', at: new Date(), nid: '1234567890', nameEn: 'ABDUS SALAM', mobileNumber: '01711111111' });
    expect(await take(submitted)).toBe(1);
    await drain();

    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    const payload = new Webhook(secret).verify(got!.body, got!.headers as Record<string, string>);
    expect(payload).toEqual({
      id: submitted.id,
      type: 'application.submitted',
      timestamp: submitted.occurredAt,
      data: { applicationId, submissionId: null, documentType: 'nid_smart', status: 'pending' },
    });
    expect(got!.headers['webhook-id']).toBe(submitted.id);
    expect(got!.body).not.toMatch(/1234567890|ABDUS|01711111111|applicantSealed|mobileNumberSealed/);
    expect(() => new Webhook(`whsec_${Buffer.alloc(24, 1).toString('base64')}`).verify(got!.body, got!.headers as Record<string, string>)).toThrow();

    const [delivery] = await deliveriesOf(t.tenantId, endpoint.id);
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 1, lastStatusCode: 200, eventId: submitted.id });
    const log = (await service.attempts([delivery!.id])).get(delivery!.id);
    expect(log?.map((a) => [a.attempt, a.statusCode, a.error, a.responseExcerpt])).toEqual([[1, 200, null, 'ok']]);
  });

  it('queues an event once however often Kafka redelivers it, and only for subscribed endpoints of its own tenant', async () => {
    const t = tenantEvents(cipher);
    const other = tenantEvents(cipher);
    const subscribed = await register(t.tenantId, ['verification.completed']);
    await register(t.tenantId, ['cdp.onboarding.completed']);
    await register(other.tenantId, ['verification.completed']);
    const event = t.completed(randomUUID(), 'passed', null, new Date());
    expect(await take(event)).toBe(1);
    expect(await take(event)).toBe(0);
    await drain();
    expect(receiver.received).toHaveLength(1);
    expect((await deliveriesOf(t.tenantId)).map((d) => d.endpointId)).toEqual([subscribed.endpoint.id]);
    expect(await deliveriesOf(other.tenantId)).toEqual([]);
    expect(await take(t.nidCall({ applicationId: null, username: 'u', at: new Date(), httpStatus: 200, outcome: 'success' }))).toBe(0);
  });

  it('retries a failing receiver with backoff, keeping the event id and signing each attempt afresh', async () => {
    const t = tenantEvents(cipher);
    const { endpoint, secret } = await register(t.tenantId, ['verification.completed']);
    receiver.script = [{ status: 500 }, { status: 503, headers: { 'retry-after': '0' } }, { status: 200 }];
    const event = t.completed(randomUUID(), 'failed', 'NID_MISMATCH: name', new Date());
    await take(event);
    await drain();

    expect(receiver.received).toHaveLength(3);
    for (const r of receiver.received) {
      expect(r.headers['webhook-id']).toBe(event.id);
      expect(new Webhook(secret).verify(r.body, r.headers as Record<string, string>)).toMatchObject({
        type: 'verification.completed',
        data: { status: 'failed', reason: 'NID_MISMATCH: name' },
      });
    }
    const [delivery] = await deliveriesOf(t.tenantId, endpoint.id);
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 3, lastStatusCode: 200, lastError: null });
    const attempts = (await service.attempts([delivery!.id])).get(delivery!.id)!;
    expect(attempts.map((a) => [a.statusCode, a.error])).toEqual([
      [500, 'HTTP_500'],
      [503, 'HTTP_503'],
      [200, null],
    ]);
    expect(attempts[0]!.responseExcerpt).toBe('refused with 500');
    // The second attempt waited at least the base delay after the first.
    expect(attempts[1]!.startedAt.getTime() - attempts[0]!.startedAt.getTime()).toBeGreaterThanOrEqual(50);
  });

  it('gives up after the last attempt, and a replay sends the same event again as a new delivery', async () => {
    const t = tenantEvents(cipher);
    const { endpoint, secret } = await register(t.tenantId, ['verification.completed']);
    receiver.script = [{ status: 500 }, { status: 500 }, { status: 502 }, { status: 404 }];
    const event = t.completed(randomUUID(), 'passed', null, new Date());
    await take(event);
    await drain();
    const [failed] = await deliveriesOf(t.tenantId, endpoint.id);
    expect(failed).toMatchObject({ state: 'failed', attempts: 4, lastStatusCode: 404, lastError: 'HTTP_404', nextAttemptAt: null });

    const replay = await service.replay(t.tenantId, failed!.id);
    expect(replay.ok).toBe(true);
    await drain();
    const rows = await deliveriesOf(t.tenantId, endpoint.id);
    expect(rows).toHaveLength(2);
    const replayed = rows.find((r) => r.replayOf === failed!.id);
    expect(replayed).toMatchObject({ state: 'delivered', attempts: 1, eventId: event.id, body: failed!.body });
    const last = receiver.received.at(-1)!;
    expect(last.headers['webhook-id']).toBe(event.id);
    expect(new Webhook(secret).verify(last.body, last.headers as Record<string, string>)).toMatchObject({ id: event.id });

    // A replay of a replay still names the original; another tenant cannot replay it.
    const again = await service.replay(t.tenantId, replayed!.id);
    expect(again.ok && again.value.replayOf).toBe(failed!.id);
    const foreign = await service.replay(randomUUID(), failed!.id);
    expect(!foreign.ok && foreign.errors[0]).toMatchObject({ code: 'WEBHOOK_DELIVERY_NOT_FOUND', field: 'id' });
    await drain();
  });

  it('records a timeout and a refused connection as their own codes', async () => {
    const t = tenantEvents(cipher);
    const quick = serviceWith({ timeoutMs: 200, maxAttempts: 1 });
    receiver.script = [{ status: 200, hangMs: 1_000 }];
    const hanging = await register(t.tenantId, ['verification.completed'], receiver.url, quick);
    const closed = await register(t.tenantId, ['verification.completed'], 'http://127.0.0.1:9/nothing-listens', quick);
    await take(t.completed(randomUUID(), 'passed', null, new Date()), quick);
    await drain(quick);
    expect((await deliveriesOf(t.tenantId, hanging.endpoint.id))[0]).toMatchObject({ state: 'failed', lastError: 'TIMEOUT', lastStatusCode: null });
    expect((await deliveriesOf(t.tenantId, closed.endpoint.id))[0]).toMatchObject({ state: 'failed', lastError: 'CONNECTION_FAILED' });
  });

  it('refuses at delivery time a URL the deployment no longer allows', async () => {
    const t = tenantEvents(cipher);
    const { endpoint } = await register(t.tenantId, ['verification.completed']);
    const strict = serviceWith({ target: { allowHttp: true, allowPrivateNetworks: false }, maxAttempts: 1 });
    await take(t.completed(randomUUID(), 'passed', null, new Date()), strict);
    await drain(strict);
    expect(receiver.received).toHaveLength(0);
    expect((await deliveriesOf(t.tenantId, endpoint.id))[0]).toMatchObject({ state: 'failed', lastError: 'WEBHOOK_URL_PRIVATE' });
  });

  it('signs with both secrets while one is rotated', async () => {
    const t = tenantEvents(cipher);
    const { endpoint, secret: oldSecret } = await register(t.tenantId, ['verification.completed']);
    const rotated = await service.rotateSecret(t.tenantId, endpoint.id);
    expect(rotated.ok).toBe(true);
    const newSecret = rotated.ok ? rotated.value.secret : '';
    expect(newSecret).not.toBe(oldSecret);
    await take(t.completed(randomUUID(), 'passed', null, new Date()));
    await drain();
    const [got] = receiver.received;
    expect(String(got!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const s of [oldSecret, newSecret])
      expect(new Webhook(s).verify(got!.body, got!.headers as Record<string, string>)).toMatchObject({ type: 'verification.completed' });
  });

  it('cancels open deliveries of a disabled or deleted endpoint, and sends nothing to it', async () => {
    const t = tenantEvents(cipher);
    const disabled = await register(t.tenantId, ['verification.completed']);
    const deleted = await register(t.tenantId, ['verification.completed']);
    await take(t.completed(randomUUID(), 'passed', null, new Date()));
    await service.update(t.tenantId, disabled.endpoint.id, { enabled: false });
    expect((await service.remove(t.tenantId, deleted.endpoint.id)).ok).toBe(true);
    await drain();
    expect(receiver.received).toHaveLength(0);
    expect((await deliveriesOf(t.tenantId, disabled.endpoint.id))[0]).toMatchObject({ state: 'cancelled', lastError: 'ENDPOINT_DISABLED' });
    expect((await deliveriesOf(t.tenantId, deleted.endpoint.id))[0]).toMatchObject({ state: 'cancelled', lastError: 'ENDPOINT_DELETED' });
    expect((await service.listEndpoints(t.tenantId)).map((e) => e.id)).toEqual([disabled.endpoint.id]);
    expect(await take(t.completed(randomUUID(), 'passed', null, new Date()))).toBe(0);
    const foreign = await service.update(randomUUID(), disabled.endpoint.id, { enabled: true });
    expect(!foreign.ok && foreign.errors[0]?.code).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
  });
});

describe('statuses never go backwards', () => {
  it('does not send pending after passed when the events arrive in the wrong order', async () => {
    const t = tenantEvents(cipher);
    const { endpoint } = await register(t.tenantId, ['application.submitted', 'verification.completed']);
    const applicationId = randomUUID();
    const passed = t.completed(applicationId, 'passed', null, new Date());
    const submitted = t.submitted(applicationId, {
      agentId: 'a',
      at: new Date(Date.now() - 1000),
      nid: '1234567890',
      nameEn: 'X',
      mobileNumber: '01711111111',
    });
    expect(await take(passed)).toBe(1);
    expect(await take(submitted)).toBe(0);
    await drain();
    expect(receiver.received.map((r) => (JSON.parse(r.body) as { data: { status: string } }).data.status)).toEqual(['passed']);
    const rows = await deliveriesOf(t.tenantId, endpoint.id);
    expect(rows.find((r) => r.eventId === submitted.id)).toMatchObject({ state: 'superseded', lastError: 'SUPERSEDED_BY_FINAL_STATUS: passed', attempts: 0 });
    // A replay of the stale event is superseded too, rather than sent.
    const stale = rows.find((r) => r.eventId === submitted.id)!;
    expect((await service.replay(t.tenantId, stale.id)).ok).toBe(true);
    await drain();
    expect(receiver.received).toHaveLength(1);
  });

  it('drops a pending still being retried once the final status has arrived', async () => {
    const t = tenantEvents(cipher);
    await register(t.tenantId, ['application.submitted', 'verification.completed']);
    const applicationId = randomUUID();
    receiver.script = [{ status: 500 }];
    await take(t.submitted(applicationId, { agentId: 'a', at: new Date(), nid: '1234567890', nameEn: 'X', mobileNumber: '01711111111' }));
    const first = await service.claimDue(10);
    await Promise.all(first.map((d) => service.process(d)));
    await take(t.completed(applicationId, 'failed', 'FACE_MISMATCH', new Date()));
    await drain();
    const statuses = receiver.received.map((r) => (JSON.parse(r.body) as { data: { status: string } }).data.status);
    expect(statuses).toEqual(['pending', 'failed']);
    const rows = await deliveriesOf(t.tenantId);
    expect(rows.map((r) => [r.eventType, r.state]).sort()).toEqual([
      ['application.submitted', 'superseded'],
      ['verification.completed', 'delivered'],
    ]);
  });

  it('keeps the first final status when a second, different one arrives', async () => {
    const t = tenantEvents(cipher);
    await register(t.tenantId, ['verification.completed']);
    const applicationId = randomUUID();
    await take(t.completed(applicationId, 'passed', null, new Date()));
    await take(t.completed(applicationId, 'failed', 'LATE', new Date()));
    await drain();
    expect(receiver.received.map((r) => (JSON.parse(r.body) as { data: { status: string } }).data.status)).toEqual(['passed']);
  });
});
