import { randomUUID } from 'node:crypto';
import { signInternalContext } from '@ekyc/internal-context';
import { waitFor } from '@ekyc/testing';
import { e2eContext, graphql, sql, tokenAuth } from './support';

jest.setTimeout(120_000);

const ctx = e2eContext();
const { demo, other } = ctx.tenants;
const gw = ctx.gatewayUrl;

const CREATE = `mutation Create($input: CreateApplicationInput!) {
  createApplication(input: $input) { application { id status mobileNumber } replayed errors { code field message } }
}`;
const FULL_APPLICATION = `query App($id: ID!) {
  application(id: $id) {
    id status channel createdAt
    nidVerification { status attempts }
    faceMatch { status }
    cdpOnboarding { status }
    auditTrail { id type actorKind data }
  }
}`;

interface CreatePayload {
  createApplication: {
    application: { id: string; status: string; mobileNumber: string } | null;
    replayed: boolean;
    errors: Array<{ code: string; field: string | null; message: string }>;
  };
}
interface FullApplication {
  application: {
    id: string;
    status: string;
    nidVerification: { status: string; attempts: number } | null;
    faceMatch: { status: string } | null;
    cdpOnboarding: { status: string } | null;
    auditTrail: Array<{ id: string; type: string; actorKind: string; data: Record<string, unknown> }>;
  } | null;
}

async function createApplication(token: string, input: Record<string, unknown>) {
  const res = await graphql<CreatePayload>(gw, CREATE, { variables: { input }, headers: tokenAuth(token) });
  expect(res.errors).toBeUndefined();
  return res.data!.createApplication;
}

const mobile = () => `017${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

describe('an application through the gateway', () => {
  let applicationId: string;
  const mobileNumber = mobile();

  beforeAll(async () => {
    const created = await createApplication(demo.tokens.agent, { mobileNumber, idempotencyKey: `e2e-${randomUUID()}` });
    expect(created.errors).toEqual([]);
    applicationId = created.application!.id;
  });

  it('is created as a draft and written to the outbox, which the relay publishes', async () => {
    const rows = await waitFor(
      async () => {
        const r = await sql<{ event_type: string; published_at: Date | null; payload: string }>(
          ctx.databaseUrl,
          `SELECT event_type, published_at, payload::text AS payload FROM identity_document.outbox WHERE message_key = $1`,
          [applicationId],
        );
        return r.length === 1 && r[0]!.published_at ? r : null;
      },
      { what: 'the outbox row to be published' },
    );
    expect(rows[0]!.event_type).toBe('application.created');
    expect(rows[0]!.payload).not.toContain(mobileNumber);
  });

  it('keeps the mobile number encrypted at rest', async () => {
    const [row] = await sql<Record<string, string>>(ctx.databaseUrl, `SELECT * FROM identity_document.applications WHERE id = $1`, [applicationId]);
    expect(JSON.stringify(row)).not.toContain(mobileNumber);
    expect(row!['mobile_number_enc']).toMatch(/^v2\./);
  });

  it('returns fields from all five subgraphs in one query', async () => {
    const res = await waitFor(
      async () => {
        const r = await graphql<FullApplication>(gw, FULL_APPLICATION, { variables: { id: applicationId }, headers: tokenAuth(demo.tokens.agent) });
        const app = r.data?.application;
        return app && app.nidVerification && app.faceMatch && app.cdpOnboarding && app.auditTrail.length > 0 ? r : null;
      },
      { what: 'every subgraph to have consumed application.created' },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.application).toMatchObject({
      id: applicationId,
      status: 'draft',
      nidVerification: { status: 'awaiting_submission', attempts: 0 },
      faceMatch: { status: 'waiting_for_images' },
      cdpOnboarding: { status: 'awaiting_verification' },
    });
    expect(res.data!.application!.auditTrail).toEqual([
      expect.objectContaining({ type: 'application.created', actorKind: 'api_token', data: { applicationId, status: 'draft', channel: 'agent' } }),
    ]);
  });

  it('is visible to an analyst of the same tenant in the audit-billing subgraph', async () => {
    const res = await waitFor(async () => {
      const r = await graphql<{ auditEvents: { edges: Array<{ node: { type: string; applicationId: string } }> } }>(
        gw,
        `
          query ($id: ID) {
            auditEvents(applicationId: $id, first: 10) {
              edges {
                node {
                  type
                  applicationId
                }
              }
            }
          }
        `,
        { variables: { id: applicationId }, headers: tokenAuth(demo.tokens.analyst) },
      );
      return r.data?.auditEvents.edges.length ? r : null;
    });
    expect(res.data!.auditEvents.edges).toEqual([{ node: { type: 'application.created', applicationId } }]);
  });

  it('is invisible to another tenant, through every subgraph', async () => {
    const audit = await graphql<{ auditEvents: { edges: unknown[] } }>(
      gw,
      `
        query ($id: ID) {
          auditEvents(applicationId: $id) {
            edges {
              cursor
            }
          }
        }
      `,
      {
        variables: { id: applicationId },
        headers: tokenAuth(other.tokens.analyst),
      },
    );
    expect(audit.errors).toBeUndefined();
    expect(audit.data!.auditEvents.edges).toEqual([]);
    const app = await graphql<FullApplication>(gw, FULL_APPLICATION, { variables: { id: applicationId }, headers: tokenAuth(other.tokens.agent) });
    expect(app.errors).toBeUndefined();
    expect(app.data!.application).toBeNull();
    const direct = await graphql<{ nidVerification: unknown }>(
      gw,
      `
        query ($id: ID!) {
          nidVerification(applicationId: $id) {
            status
          }
        }
      `,
      {
        variables: { id: applicationId },
        headers: tokenAuth(other.tokens.agent),
      },
    );
    expect(direct.data!.nidVerification).toBeNull();
  });

  it('returns the same application for a retry with the same idempotency key, and records one event', async () => {
    const key = `retry-${randomUUID()}`;
    const number = mobile();
    const first = await createApplication(demo.tokens.agent, { mobileNumber: number, idempotencyKey: key });
    const [second, third] = await Promise.all([
      createApplication(demo.tokens.agent, { mobileNumber: number, idempotencyKey: key }),
      createApplication(demo.tokens.agent, { mobileNumber: number, idempotencyKey: key }),
    ]);
    expect(first.replayed).toBe(false);
    expect([second.application!.id, third.application!.id]).toEqual([first.application!.id, first.application!.id]);
    expect([second.replayed, third.replayed]).toEqual([true, true]);
    const events = await sql(ctx.databaseUrl, `SELECT id FROM identity_document.outbox WHERE message_key = $1`, [first.application!.id]);
    expect(events).toHaveLength(1);
    const reused = await createApplication(demo.tokens.agent, { mobileNumber: mobile(), idempotencyKey: key });
    expect(reused.application).toBeNull();
    expect(reused.errors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'input.idempotencyKey' })]);
  });

  it('lets a tenant read the same idempotency key space independently of another tenant', async () => {
    const key = `shared-${randomUUID()}`;
    const mine = await createApplication(demo.tokens.agent, { mobileNumber: mobile(), idempotencyKey: key });
    const theirs = await createApplication(other.tokens.agent, { mobileNumber: mobile(), idempotencyKey: key });
    expect(theirs.replayed).toBe(false);
    expect(theirs.application!.id).not.toBe(mine.application!.id);
  });
});

describe('authentication and authorisation', () => {
  const query = `{ applications(first: 1) { edges { cursor } } }`;

  it('refuses a call without credentials with 401 UNAUTHENTICATED', async () => {
    const res = await graphql(gw, query);
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['an unknown API token', 'Token ekyc_not-a-real-token'],
    ['a token without the platform prefix', 'Token c5545fb2f204e06f6cc5545fb2f204e06f6c'],
    ['an unsupported scheme', 'Basic dXNlcjpwYXNz'],
    ['a forged JWT', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
    ['a header with extra parts', 'Token a b'],
  ])('refuses %s with 401 INVALID_TOKEN', async (_what, authorization) => {
    const res = await graphql(gw, query, { headers: { authorization } });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.['code']).toBe('INVALID_TOKEN');
  });

  it('exchanges an API token for a bearer JWT that carries the same identity', async () => {
    const res = await fetch(gw.replace('/graphql', '/auth/token'), { method: 'POST', headers: tokenAuth(demo.tokens.analyst) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body.token_type).toBe('Bearer');
    const viaJwt = await graphql<{ auditEvents: { edges: unknown[] } }>(
      gw,
      `
        {
          auditEvents(first: 1) {
            edges {
              cursor
            }
          }
        }
      `,
      {
        headers: { authorization: `Bearer ${body.access_token}` },
      },
    );
    expect(viaJwt.errors).toBeUndefined();
    const again = await fetch(gw.replace('/graphql', '/auth/token'), { method: 'POST', headers: { authorization: `Bearer ${body.access_token}` } });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { code: string }).code).toBe('API_TOKEN_REQUIRED');
  });

  it('refuses a mutation to a role that may not perform it with FORBIDDEN', async () => {
    const res = await graphql(gw, CREATE, { variables: { input: { mobileNumber: mobile() } }, headers: tokenAuth(demo.tokens.analyst) });
    expect(res.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.message).toContain('agent');
  });

  it('keeps subgraphs closed to calls that did not come through the gateway', async () => {
    const url = ctx.subgraphUrls['provider-nid']!;
    const bare = await graphql(
      url,
      `
        {
          __typename
        }
      `,
    );
    expect(bare.status).toBe(401);
    expect(bare.errors?.[0]?.extensions?.['code']).toBe('MISSING_INTERNAL_CONTEXT');
    const forged = signInternalContext(
      { tenantId: randomUUID(), userId: randomUUID(), roles: ['platform_admin'], authKind: 'api_token', credentialId: 'x', requestId: 'forged' },
      'a-secret-that-is-not-the-platform-secret-at-all',
    );
    const res = await graphql(
      url,
      `
        {
          __typename
        }
      `,
      { headers: { 'x-ekyc-internal-context': forged } },
    );
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.['code']).toBe('INVALID_INTERNAL_CONTEXT');
  });

  it('resolves Application entities in an extending subgraph for the signed tenant only', async () => {
    const created = await createApplication(demo.tokens.agent, { mobileNumber: mobile() });
    const id = created.application!.id;
    const entities = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Application { id nidVerification { status } } } }`;
    const as = (tenantId: string) => ({
      'x-ekyc-internal-context': signInternalContext(
        { tenantId, userId: randomUUID(), roles: ['agent'], authKind: 'api_token', credentialId: 'e2e', requestId: 'entities' },
        ctx.contextSecret,
      ),
    });
    const url = ctx.subgraphUrls['provider-nid']!;
    const mine = await waitFor(async () => {
      const r = await graphql<{ _entities: Array<{ id: string; nidVerification: { status: string } | null }> }>(url, entities, {
        variables: { reps: [{ __typename: 'Application', id }] },
        headers: as(demo.demoTenantId),
      });
      return r.data?._entities[0]?.nidVerification ? r : null;
    });
    expect(mine.data!._entities).toEqual([{ id, nidVerification: { status: 'awaiting_submission' } }]);
    const theirs = await graphql<{ _entities: Array<{ nidVerification: unknown }> }>(url, entities, {
      variables: { reps: [{ __typename: 'Application', id }] },
      headers: as(other.demoTenantId),
    });
    expect(theirs.data!._entities).toEqual([{ id, nidVerification: null }]);
  });
});

describe('bad input', () => {
  it.each([
    ['too short', '12345'],
    ['letters', 'oneseventwo'],
    ['an RTL override inside', '0171\u202e2345678'],
    ['an emoji', '01712345678😀'],
    ['an unknown operator prefix', '01212345678'],
    ['empty', ''],
  ])('rejects a mobile number that is %s with a code and the field name', async (_what, mobileNumber) => {
    const res = await createApplication(demo.tokens.agent, { mobileNumber });
    expect(res.application).toBeNull();
    expect(res.errors).toEqual([expect.objectContaining({ code: 'INVALID_MOBILE_NUMBER', field: 'input.mobileNumber' })]);
  });

  it('reports every invalid field at once', async () => {
    const res = await createApplication(demo.tokens.agent, { mobileNumber: 'x', idempotencyKey: 'has spaces and ✓' });
    expect(res.errors.map((e) => e.field).sort()).toEqual(['input.idempotencyKey', 'input.mobileNumber']);
  });

  it('accepts Bengali digits and normalises them', async () => {
    const res = await createApplication(demo.tokens.agent, { mobileNumber: '০১৭১২৩৪৫৬৭৮' });
    expect(res.errors).toEqual([]);
    expect(res.application!.mobileNumber).toBe('01712345678');
  });

  it('answers a malformed id with VALIDATION_FAILED naming the argument', async () => {
    const res = await graphql(
      gw,
      `
        {
          application(id: "not-a-uuid") {
            id
          }
        }
      `,
      { headers: tokenAuth(demo.tokens.agent) },
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'id' });
  });

  it('refuses an operation nested past the depth limit with QUERY_TOO_DEEP', async () => {
    const res = await graphql(
      gw,
      `
        {
          applications {
            edges {
              node {
                auditTrail {
                  data
                }
              }
            }
          }
        }
      `,
      { headers: tokenAuth(demo.tokens.agent) },
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_DEEP');
  });

  it('refuses an operation costing more than the limit with QUERY_TOO_COSTLY', async () => {
    const res = await graphql(
      gw,
      `
        {
          applications(first: 100) {
            edges {
              node {
                id
                status
                channel
                mobileNumber
                createdAt
              }
            }
          }
        }
      `,
      { headers: tokenAuth(demo.tokens.agent) },
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', maxCost: 400 });
  });
});

describe('pagination', () => {
  it("walks a tenant's applications page by page without gaps or repeats, and rejects a forged cursor", async () => {
    for (let i = 0; i < 3; i++) await createApplication(other.tokens.agent, { mobileNumber: mobile() });
    const page = `query($after: String) { applications(first: 2, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;
    type Page = { applications: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 50; guard++) {
      const res: Awaited<ReturnType<typeof graphql<Page>>> = await graphql<Page>(gw, page, { variables: { after }, headers: tokenAuth(other.tokens.agent) });
      seen.push(...res.data!.applications.edges.map((e) => e.node.id));
      if (!res.data!.applications.pageInfo.hasNextPage) break;
      after = res.data!.applications.pageInfo.endCursor;
    }
    const [{ n }] = await sql<{ n: number }>(ctx.databaseUrl, `SELECT count(*)::int AS n FROM identity_document.applications WHERE tenant_id = $1`, [
      other.demoTenantId,
    ]);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(n);
    const forged = await graphql(gw, page, { variables: { after: 'bm90LWEtY3Vyc29y' }, headers: tokenAuth(other.tokens.agent) });
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'after' });
  });
});
