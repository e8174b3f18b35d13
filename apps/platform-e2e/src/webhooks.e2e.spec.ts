import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { waitFor, type SandboxCitizen as Citizen } from '@ekyc/testing';
import { applicantOf, e2eContext, graphql, nidSandbox, tokenAuth, type GraphQLResponse } from './support';

jest.setTimeout(300_000);

const ctx = e2eContext();
const gw = ctx.gatewayUrl;
/** hooks-bank: only this spec creates applications in it, so the receiver sees only these. */
const t = ctx.tenants.hooks.tokens;
const stranger = ctx.tenants.other.tokens;

interface UserError {
  code: string;
  field: string | null;
}
interface Request {
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}
interface Body {
  id: string;
  type: string;
  timestamp: string;
  data: { applicationId?: string; status?: string; reason?: string | null };
}

/** The partner's receiver: answers 500 to the first `failFinals` decisions (verification.completed), 204 otherwise; records everything. */
class Receiver {
  readonly requests: Request[] = [];
  failFinals = 0;
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const final = (JSON.parse(body) as Body).type === 'verification.completed';
        const answered = final && this.failFinals-- > 0 ? 500 : 204;
        this.requests.push({ headers: req.headers, body, answered });
        res.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/ekyc-events`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** What the partner accepted (2xx), verified with the reference Standard Webhooks library. */
  accepted(secret: string): Body[] {
    return this.requests.filter((r) => r.answered < 300).map((r) => new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as Body);
  }
}

async function ok<T>(query: string, token: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await graphql<T>(gw, query, { variables, headers: tokenAuth(token) });
  if (res.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}
const codeOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.['code'];

const REGISTER = `mutation($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { endpoint { id url eventTypes enabled } secret errors { code field } } }`;
const DELIVERIES = `query($endpointId: ID, $first: Int) { webhookDeliveries(endpointId: $endpointId, first: $first) { pageInfo { hasNextPage } edges { node { id eventId eventType state attempts lastError replayOf } } } }`;
const DELIVERY = `query($id: ID!) { webhookDelivery(id: $id) { id state attempts replayOf attemptLog { attempt statusCode error } } }`;
const REPLAY = `mutation($id: ID!) { replayWebhookDelivery(id: $id) { delivery { id state replayOf eventId } errors { code field } } }`;

interface DeliveryRow {
  id: string;
  eventId: string;
  eventType: string;
  state: string;
  attempts: number;
  lastError: string | null;
  replayOf: string | null;
}
const deliveries = async (endpointId: string) =>
  (await ok<{ webhookDeliveries: { edges: Array<{ node: DeliveryRow }> } }>(DELIVERIES, t.analyst, { endpointId, first: 20 })).webhookDeliveries.edges.map(
    (e) => e.node,
  );

async function submit(c: Citizen, overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await ok<{ createApplication: { application: { id: string } | null; errors: UserError[] } }>(
    `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { application { id } errors { code field } } }`,
    t.agent,
    { input: { mobileNumber: `018${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` } },
  );
  expect(created.createApplication.errors).toEqual([]);
  const id = created.createApplication.application!.id;
  const applicant = applicantOf(c, overrides);
  const submitted = await ok<{ submitApplication: { errors: UserError[] } }>(
    `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { application { status } errors { code field } } }`,
    t.agent,
    { input: { applicationId: id, documentType: 'nid_smart', applicant } },
  );
  expect(submitted.submitApplication.errors).toEqual([]);
  return id;
}

describe('signed webhooks through the gateway (hooks-bank)', () => {
  const receiver = new Receiver();
  let endpointId: string;
  let secret: string;
  let citizens: Citizen[];

  beforeAll(async () => {
    await receiver.start();
    const username = `hooks_${randomUUID().slice(0, 8)}`;
    await nidSandbox('POST', '/users', { username, password: 'hooks-pass-1', partnerId: 78, partnerName: 'Hooks Bank', slaAssigned: true });
    const configured = await ok<{ configureNidCredentials: { errors: UserError[] } }>(
      'mutation($input: ConfigureNidCredentialsInput!) { configureNidCredentials(input: $input) { errors { code field } } }',
      t.partnerAdmin,
      { input: { username, password: 'hooks-pass-1' } },
    );
    expect(configured.configureNidCredentials.errors).toEqual([]);
    citizens = (await nidSandbox<{ items: Citizen[] }>('GET', '/citizens?limit=300')).items.slice(260, 270);
  });

  afterAll(async () => {
    await receiver.stop();
  });

  it('registers an endpoint for chosen event types, refusing bad input by field and other roles', async () => {
    const bad = await ok<{ registerWebhookEndpoint: { endpoint: null; secret: null; errors: UserError[] } }>(REGISTER, t.partnerAdmin, {
      input: { url: 'not a url', eventTypes: ['verification.completed', 'nid.call.recorded'] },
    });
    expect(bad.registerWebhookEndpoint).toEqual({
      endpoint: null,
      secret: null,
      errors: [
        { code: 'WEBHOOK_URL_INVALID', field: 'url' },
        { code: 'UNKNOWN_EVENT_TYPE', field: 'eventTypes[1]' },
      ],
    });
    for (const token of [t.agent, t.analyst]) {
      expect(
        codeOf(await graphql(gw, REGISTER, { variables: { input: { url: receiver.url, eventTypes: ['verification.completed'] } }, headers: tokenAuth(token) })),
      ).toBe('FORBIDDEN');
    }

    const types = await ok<{ webhookEventTypes: Array<{ name: string }> }>('{ webhookEventTypes { name description } }', t.analyst);
    expect(types.webhookEventTypes.map((x) => x.name)).toEqual(
      expect.arrayContaining(['application.submitted', 'verification.completed', 'cdp.onboarding.completed']),
    );

    const registered = await ok<{
      registerWebhookEndpoint: { endpoint: { id: string; eventTypes: string[]; enabled: boolean }; secret: string; errors: UserError[] };
    }>(REGISTER, t.partnerAdmin, {
      input: { url: receiver.url, eventTypes: ['application.submitted', 'verification.completed'], description: 'core banking' },
    });
    expect(registered.registerWebhookEndpoint.errors).toEqual([]);
    expect(registered.registerWebhookEndpoint.endpoint).toMatchObject({ eventTypes: ['application.submitted', 'verification.completed'], enabled: true });
    expect(registered.registerWebhookEndpoint.secret).toMatch(/^whsec_/);
    endpointId = registered.registerWebhookEndpoint.endpoint.id;
    secret = registered.registerWebhookEndpoint.secret;

    const listed = await ok<{ webhookEndpoints: Array<{ id: string }> }>('{ webhookEndpoints { id url } }', t.analyst);
    expect(listed.webhookEndpoints.map((e) => e.id)).toEqual([endpointId]);
    const foreign = await ok<{ webhookEndpoints: Array<{ id: string }> }>('{ webhookEndpoints { id } }', stranger.partnerAdmin);
    expect(foreign.webhookEndpoints.map((e) => e.id)).not.toContain(endpointId);
  });

  it('delivers signed events of real applications, retrying after a failing receiver, and never tells pending after a final status', async () => {
    receiver.failFinals = 2;
    const passed = await submit(citizens[0]!);
    const failed = await submit(citizens[1]!, { fatherName: 'অচেনা নাম' });

    const finals = await waitFor(
      async () => {
        const bodies = receiver.accepted(secret).filter((b) => b.type === 'verification.completed');
        return bodies.length === 2 ? bodies : null;
      },
      { timeoutMs: 120_000, what: 'both decisions at the receiver' },
    );
    expect(Object.fromEntries(finals.map((b) => [b.data.applicationId, b.data.status]))).toEqual({ [passed]: 'passed', [failed]: 'failed' });

    // Every request the receiver saw, refused or accepted, was signed for this endpoint; the refused ones were retried.
    expect(receiver.requests.filter((r) => r.answered === 500)).toHaveLength(2);
    for (const r of receiver.requests) expect(() => new Webhook(secret).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
    const accepted = receiver.accepted(secret);
    for (const id of [passed, failed]) {
      const statuses = accepted.filter((b) => b.data.applicationId === id).map((b) => b.data.status);
      expect(statuses.at(-1)).not.toBe('pending');
      expect(statuses.indexOf('pending') === -1 || statuses.indexOf('pending') < statuses.findIndex((s) => s !== 'pending')).toBe(true);
    }
    for (const b of accepted) expect(JSON.stringify(b)).not.toMatch(new RegExp(`${citizens[0]!.nid10}|${citizens[0]!.nameEn}|Sealed`));

    const rows = await waitFor(
      async () => {
        const all = await deliveries(endpointId);
        return all.length === 4 && all.every((d) => d.state === 'delivered' || d.state === 'superseded') ? all : null;
      },
      { timeoutMs: 30_000, what: 'every delivery settled' },
    );
    expect(rows.filter((d) => d.eventType === 'verification.completed').map((d) => d.state)).toEqual(['delivered', 'delivered']);
    const retried = rows.filter((d) => d.attempts > 1);
    expect(retried.reduce((n, d) => n + d.attempts - 1, 0)).toBe(2);
    const logged = await ok<{ webhookDelivery: { attemptLog: Array<{ attempt: number; statusCode: number | null; error: string | null }> } }>(
      DELIVERY,
      t.analyst,
      { id: retried[0]!.id },
    );
    expect(logged.webhookDelivery.attemptLog[0]).toEqual({ attempt: 1, statusCode: 500, error: 'HTTP_500' });
    expect(logged.webhookDelivery.attemptLog.at(-1)).toMatchObject({ statusCode: 204, error: null });
  });

  it('replays a delivery with the same event id and a fresh signature, for its own tenant only', async () => {
    const [original] = (await deliveries(endpointId)).filter((d) => d.eventType === 'verification.completed');
    const before = receiver.requests.length;

    expect(codeOf(await graphql(gw, REPLAY, { variables: { id: original!.id }, headers: tokenAuth(t.analyst) }))).toBe('FORBIDDEN');
    const foreign = await ok<{ replayWebhookDelivery: { delivery: null; errors: UserError[] } }>(REPLAY, stranger.partnerAdmin, { id: original!.id });
    expect(foreign.replayWebhookDelivery.errors).toEqual([{ code: 'WEBHOOK_DELIVERY_NOT_FOUND', field: 'id' }]);
    expect((await ok<{ webhookDelivery: null }>(DELIVERY, stranger.analyst, { id: original!.id })).webhookDelivery).toBeNull();

    const replayed = await ok<{ replayWebhookDelivery: { delivery: { id: string; replayOf: string; eventId: string }; errors: UserError[] } }>(
      REPLAY,
      t.partnerAdmin,
      { id: original!.id },
    );
    expect(replayed.replayWebhookDelivery.errors).toEqual([]);
    expect(replayed.replayWebhookDelivery.delivery).toMatchObject({ replayOf: original!.id, eventId: original!.eventId });

    const request = await waitFor(async () => receiver.requests[before], { timeoutMs: 30_000, what: 'the replay at the receiver' });
    expect(request.headers['webhook-id']).toBe(original!.eventId);
    expect(new Webhook(secret).verify(request.body, request.headers as Record<string, string>)).toMatchObject({
      id: original!.eventId,
      type: 'verification.completed',
    });
    const settled = await waitFor(
      async () => {
        const d = (
          await ok<{ webhookDelivery: { state: string; replayOf: string; attemptLog: unknown[] } }>(DELIVERY, t.analyst, {
            id: replayed.replayWebhookDelivery.delivery.id,
          })
        ).webhookDelivery;
        return d.state === 'delivered' ? d : null;
      },
      { what: 'the replay delivered' },
    );
    expect(settled).toMatchObject({ replayOf: original!.id, attemptLog: [{ attempt: 1, statusCode: 204, error: null }] });
  });
});
