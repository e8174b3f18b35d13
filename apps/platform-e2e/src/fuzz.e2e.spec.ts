import { randomInt } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { e2eContext, graphql, tokenAuth } from './support';

/**
 * Seeded generated inputs against the running platform (GraphQL operations built from the schema, the REST routes of
 * the partner contracts, images and raw bodies). Whatever comes in: no 5xx, every error is JSON with a code (and a field
 * for input errors), every service is healthy afterwards, and no submitted personal value appears in any service log.
 * Replay a failure with FUZZ_SEED=<the seed printed> npm run test:e2e -- --tests fuzz.
 */
jest.setTimeout(600_000);

const ctx = e2eContext();
const gw = ctx.gatewayUrl;
const origin = new URL(gw).origin;
const { fuzz } = ctx.tenants;
const SEED = Number(process.env['FUZZ_SEED'] ?? 20_261_207);
const LOG_DIR = path.resolve(__dirname, '../../../.data/logs/e2e');

/** Personal values woven into the inputs; none may reach a log line. Fresh per run, in the shapes the platform handles. */
const MARKERS = {
  nid: `19${String(randomInt(1e9, 1e10))}${String(randomInt(1e4, 1e5))}`,
  mobile: `0171${String(randomInt(1e6, 1e7))}`,
  nameEn: `QUIRINUS ZEPHYRAX ${String.fromCharCode(65 + randomInt(26))}${String.fromCharCode(65 + randomInt(26))}`,
  nameBn: `ঝপক্ষ ধৃতমন্য ${['অ', 'আ', 'ই', 'উ'][randomInt(4)]}`,
  dateOfBirth: `19${randomInt(50, 99)}-0${randomInt(1, 9)}-1${randomInt(0, 9)}`,
};

const TOKENS = [fuzz.tokens.agent, fuzz.tokens.partnerAdmin, fuzz.tokens.analyst, fuzz.tokens.reviewer];

/** Codes of errors about the input itself, which must say which field. */
const FIELD_CODES = new Set(['BAD_USER_INPUT', 'CONTROL_CHARACTER', 'REQUIRED', 'INVALID_VALUE', 'UNKNOWN_FIELD']);

interface Answer {
  what: string;
  status: number;
  contentType: string;
  body: unknown;
}

const failures: string[] = [];
let sent = 0;

function check(answer: Answer): void {
  sent += 1;
  const problem = (message: string) => failures.push(`${answer.what}: ${message} (HTTP ${answer.status}) ${JSON.stringify(answer.body).slice(0, 300)}`);
  if (answer.status >= 500) problem('server error');
  const isJson = answer.contentType.includes('application/json');
  if (answer.status >= 300 && !isJson) problem(`not JSON: ${answer.contentType}`);
  if (!isJson || typeof answer.body !== 'object' || answer.body === null) return;
  const body = answer.body as {
    errors?: Array<{ extensions?: { code?: unknown; field?: unknown }; code?: unknown; field?: unknown }>;
    code?: unknown;
    field?: unknown;
  };
  // A REST envelope (a top-level code) may list every problem in `errors`, each with its own code and field.
  if (typeof body.code === 'string' && Array.isArray(body.errors)) {
    for (const each of body.errors) {
      if (typeof each.code !== 'string') problem('a listed REST problem without a code');
      else if (FIELD_CODES.has(each.code) && typeof each.field !== 'string') problem(`${each.code} without a field`);
    }
  }
  if (Array.isArray(body.errors) && typeof body.code !== 'string') {
    for (const error of body.errors) {
      const code = error.extensions?.code;
      if (typeof code !== 'string') problem('a GraphQL error without a code');
      else if (code === 'INTERNAL_SERVER_ERROR') problem('an internal error');
      else if (FIELD_CODES.has(code) && typeof error.extensions?.field !== 'string') problem(`${code} without a field`);
    }
  } else if (answer.status >= 400) {
    if (typeof body.code !== 'string') problem('an error without a code');
    else if (FIELD_CODES.has(body.code) && typeof body.field !== 'string') problem(`${body.code} without a field`);
  }
}

async function send(what: string, url: string, init: RequestInit): Promise<void> {
  // Each request comes from an address of its own (the suite's gateway trusts X-Forwarded-For from loopback), so the
  // failed authentications it sends on purpose do not block the rest.
  const headers = new Headers(init.headers);
  headers.set('x-forwarded-for', `198.51.${randomInt(256)}.${randomInt(256)}`);
  const res = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(60_000) });
  const contentType = res.headers.get('content-type') ?? '';
  const text = await res.text();
  let body: unknown = text;
  if (contentType.includes('application/json')) {
    try {
      body = JSON.parse(text);
    } catch {
      failures.push(`${what}: a JSON content type with a body that is not JSON`);
    }
  }
  check({ what, status: res.status, contentType, body });
}

// ---- values ----

const PNG_HEADER = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_HEADER = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);

/** Image-ish bytes: noise, a real header with junk, a PNG declaring huge dimensions, nothing. */
const imageBytes = fc.oneof(
  fc.uint8Array({ maxLength: 2_000 }).map((b) => Buffer.from(b)),
  fc.uint8Array({ maxLength: 2_000 }).map((b) => Buffer.concat([PNG_HEADER, Buffer.from(b)])),
  fc.uint8Array({ maxLength: 2_000 }).map((b) => Buffer.concat([JPEG_HEADER, Buffer.from(b)])),
  fc.constantFrom(7_000, 30_000, 65_535).map((side) => declaredPng(side, side)),
  fc.constant(Buffer.alloc(0)),
);

/** A PNG header that declares `width` x `height` pixels and holds none (a decompression bomb's shape). */
function declaredPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'ascii');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.writeUInt8(8, 16);
  ihdr.writeUInt8(2, 17);
  return Buffer.concat([PNG_HEADER, ihdr]);
}

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\u202Eevil',
    '%ED%A0%80',
    "'; DROP TABLE applications; --",
    '{"$gt": ""}',
    '../../etc/passwd',
    '১৯৯০-০১-৩১',
    '31/02/1990',
  ),
  fc.constantFrom(...Object.values(MARKERS)),
  fc.integer({ min: 1_000, max: 20_000 }).map((n) => 'x'.repeat(n)),
);

const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 12 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

const IMAGE_ARG = /image|selfie|front|back|photo|frame|portrait/i;

/** A value for an input type: usually of the right shape (so the request gets past the gateway), sometimes anything. */
function valueFor(type: GraphQLInputType, name: string, depth = 0): fc.Arbitrary<unknown> {
  const fitting = (() => {
    if (isNonNullType(type)) return valueFor(type.ofType, name, depth);
    if (isListType(type)) return fc.array(valueFor(type.ofType as GraphQLInputType, name, depth + 1), { maxLength: depth > 2 ? 0 : 3 });
    if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.name));
    if (isInputObjectType(type)) {
      if (depth > 3) return fc.constant({});
      const fields = Object.values(type.getFields());
      const model = Object.fromEntries(fields.map((f) => [f.name, valueFor(f.type, f.name, depth + 1)]));
      const required = fields.filter((f) => isNonNullType(f.type)).map((f) => f.name);
      // Mostly complete, sometimes with required fields missing.
      return fc.oneof({ weight: 4, arbitrary: fc.record(model, { requiredKeys: required }) }, { weight: 1, arbitrary: fc.record(model, { requiredKeys: [] }) });
    }
    const scalar = (type as GraphQLNamedType).name;
    if (IMAGE_ARG.test(name) && scalar === 'String') return imageBytes.map((b) => b.toString('base64'));
    switch (scalar) {
      case 'Int':
        return fc.oneof(fc.integer({ min: -5, max: 200 }), fc.integer());
      case 'Float':
        return fc.double({ noNaN: true });
      case 'Boolean':
        return fc.boolean();
      case 'ID':
        return fc.oneof(fc.uuid(), hostileString);
      default:
        if (/mobile|phone/i.test(name)) return fc.oneof(fc.constant(MARKERS.mobile), hostileString);
        if (/nid|documentNumber/i.test(name)) return fc.oneof(fc.constant(MARKERS.nid), hostileString);
        if (/nameBn|^name$|father|mother|spouse/i.test(name)) return fc.oneof(fc.constant(MARKERS.nameBn), fc.constant(MARKERS.nameEn), hostileString);
        if (/nameEn/i.test(name)) return fc.oneof(fc.constant(MARKERS.nameEn), hostileString);
        if (/date|birth|from|to$/i.test(name))
          return fc.oneof(
            fc.constant(MARKERS.dateOfBirth),
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            hostileString,
          );
        return hostileString;
    }
  })();
  return fc.oneof({ weight: 9, arbitrary: fitting }, { weight: 1, arbitrary: anyJson });
}

/** Up to six leaf fields of a result type, and one level into object fields. */
function selectionOf(type: GraphQLNamedType, depth = 0): string {
  if (!isObjectType(type)) return '';
  const fields = Object.values(type.getFields()).filter((f) => f.args.every((a) => !isNonNullType(a.type)));
  const leaves = fields
    .filter((f) => !isObjectType(getNamedType(f.type)))
    .slice(0, 6)
    .map((f) => f.name);
  const nested =
    depth < 1
      ? fields
          .filter((f) => isObjectType(getNamedType(f.type)))
          .slice(0, 2)
          .map((f) => `${f.name} ${selectionOf(getNamedType(f.type), depth + 1)}`)
      : [];
  const all = [...leaves, ...nested.filter((n) => n.includes('{'))];
  return `{ __typename ${all.join(' ')} }`;
}

/** An operation on one root field, with a variable per argument, and variables to go with it. */
function operationFor(
  kind: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
): fc.Arbitrary<{ query: string; variables: Record<string, unknown>; label: string }> {
  const defs = field.args.map((a, i) => `$a${i}: ${String(a.type)}`);
  const args = field.args.map((a, i) => `${a.name}: $a${i}`);
  const query = `${kind} Fuzz${defs.length > 0 ? `(${defs.join(', ')})` : ''} { ${field.name}${args.length > 0 ? `(${args.join(', ')})` : ''} ${selectionOf(getNamedType(field.type))} }`;
  const variables = fc.record(Object.fromEntries(field.args.map((a, i) => [`a${i}`, valueFor(a.type, a.name)])), { requiredKeys: [] });
  return variables.map((v) => ({ query, variables: v as Record<string, unknown>, label: `${kind} ${field.name}` }));
}

// ---- the suite ----

describe(`fuzzing the platform (seed ${SEED})`, () => {
  let schema: GraphQLSchema;

  beforeAll(async () => {
    const introspection = await graphql<IntrospectionQuery>(gw, getIntrospectionQuery(), { headers: tokenAuth(fuzz.tokens.partnerAdmin) });
    schema = buildClientSchema(introspection.data!);
  });

  afterAll(() => {
    process.stdout.write(`fuzz: ${sent} generated requests, seed ${SEED}, ${failures.length} failures\n`);
  });

  it('answers generated GraphQL operations with no 5xx and coded errors', async () => {
    const roots = (['query', 'mutation'] as const).flatMap((kind) => {
      const root = kind === 'query' ? schema.getQueryType() : schema.getMutationType();
      return Object.values(root?.getFields() ?? {}).map((f) => operationFor(kind, f));
    });
    const token = fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...TOKENS).map((t): Record<string, string> => ({ authorization: `Token ${t}` })) },
      { weight: 1, arbitrary: fc.constantFrom<Record<string, string>>({}, { authorization: 'Token ekyc_forged' }, { authorization: 'Bearer e.y.j' }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(...roots), token, async (op, headers) => {
        await send(op.label, gw, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query: op.query, variables: op.variables }),
        });
      }),
      { seed: SEED, numRuns: 700, endOnFailure: true },
    );
    expect(failures.splice(0)).toEqual([]);
  });

  it('answers raw bodies and documents: not JSON, not a query, random text, wrong shapes', async () => {
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      anyJson.map((v) => JSON.stringify(v)),
      fc.record({ query: hostileString, variables: anyJson, operationName: anyJson }).map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 300 }).map((q) => JSON.stringify({ query: `{ ${q} }` })),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'), async (text, contentType) => {
        await send('raw /graphql', gw, { method: 'POST', headers: { 'content-type': contentType, ...tokenAuth(fuzz.tokens.agent) }, body: text });
      }),
      { seed: SEED + 1, numRuns: 150, endOnFailure: true },
    );
    expect(failures.splice(0)).toEqual([]);
  });

  it('answers generated requests to the REST contracts, uploads included', async () => {
    const fields = fc.dictionary(
      fc.constantFrom(
        'mobile_number',
        'nid_no',
        'applicant_name_eng',
        'applicant_name_ben',
        'dob',
        'father_name',
        'mother_name',
        'pres_address',
        'email',
        'phone',
        'documentNumberLast4',
        'otp',
        'issuingCountry',
        'idType',
        'submissionId',
        'gender',
        'profession',
        'nominee',
        'nomineeRelation',
        'mobileNumber',
        'id_front_name',
        'id_back_name',
        'x',
      ),
      hostileString,
      { maxKeys: 8 },
    );
    const multipart = (names: string[]) =>
      fc
        .record({ fields, files: fc.array(fc.record({ name: fc.constantFrom(...names), bytes: imageBytes }), { maxLength: 3 }) })
        .map(({ fields: f, files }) => {
          const form = new FormData();
          for (const [k, v] of Object.entries(f)) form.append(k, v);
          for (const file of files) form.append(file.name, new Blob([new Uint8Array(file.bytes)], { type: 'image/png' }), 'card.png');
          return form;
        });
    const id = fc.oneof(
      fc.uuid(),
      hostileString.map((s) => encodeURIComponent(s.slice(0, 60))),
      fc.constantFrom('%ED%A0%80abc', '%', '..%2F..', '%00'),
    );
    const request = fc.oneof(
      fc
        .tuple(fc.constantFrom('1', '2', 'x', ''), fc.constantFrom('1', '0', ''), multipart(['id_front', 'id_back', 'photo', 'selfie']))
        .map(([step, crop, form]) => ({
          what: `agent step ${step}`,
          path: `/agent/customer-registration/?step=${step}&crop=${crop}`,
          init: { method: 'POST', body: form } as RequestInit,
        })),
      fields.map((f) => ({
        what: 'agent status',
        path: '/agent/get-verification-status/',
        init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(f) } as RequestInit,
      })),
      fields.map((f) => ({
        what: 'agent log',
        path: `/agent/get-verification-log/?${new URLSearchParams(f).toString()}`,
        init: { method: 'GET' } as RequestInit,
      })),
      anyJson.map((v) => ({
        what: 'ekyc request create',
        path: '/api/kyc-request',
        init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(v) } as RequestInit,
      })),
      fc
        .tuple(id, fc.constantFrom('', '/verify-otp', '/resend-otp', '/accept', '/clear'), fc.constantFrom('GET', 'POST', 'DELETE'), fields)
        .map(([i, action, method, f]) => ({
          what: `ekyc request ${method} ${action || 'item'}`,
          path: `/api/kyc-request/${i}${action}`,
          init: { method, ...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(f) }) } as RequestInit,
        })),
      multipart(['idImage', 'idBackImage', 'selfie']).map((form) => ({
        what: 'two-step step 1',
        path: '/v3/submission/step1',
        init: { method: 'POST', body: form } as RequestInit,
      })),
      fields.map((f) => ({
        what: 'two-step step 2',
        path: '/v3/submission/step2',
        init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(f) } as RequestInit,
      })),
      fc
        .tuple(id, fc.constantFrom('front', 'back', 'side'))
        .map(([i, side]) => ({ what: 'two-step image', path: `/v3/submission/${i}/images/${side}`, init: { method: 'GET' } as RequestInit })),
      anyJson.map((v) => ({
        what: 'liveness start',
        path: '/api/liveness-sessions',
        init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(v) } as RequestInit,
      })),
      fc.tuple(id, anyJson).map(([i, v]) => ({
        what: 'liveness frames',
        path: `/api/liveness-sessions/${i}/frames`,
        init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(v) } as RequestInit,
      })),
    );
    const key = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(fuzz.tokens.agent, fuzz.tokens.partnerAdmin) },
      { weight: 1, arbitrary: fc.constantFrom('', 'ekyc_forged', fuzz.tokens.analyst) },
    );
    await fc.assert(
      fc.asyncProperty(request, key, async (r, apiKey) => {
        const headers = new Headers(r.init.headers);
        if (apiKey) headers.set('x-api-key', apiKey);
        await send(r.what, `${origin}${r.path}`, { ...r.init, headers });
      }),
      { seed: SEED + 2, numRuns: 300, endOnFailure: true },
    );
    expect(failures.splice(0)).toEqual([]);
  });

  it('leaves every service healthy and no submitted personal value in any log', async () => {
    expect(sent).toBeGreaterThanOrEqual(1_000);
    const services = [origin, ...Object.values(ctx.subgraphUrls).map((u) => new URL(u).origin)];
    for (const service of services) expect([service, (await fetch(`${service}/healthz`)).status]).toEqual([service, 200]);
    await new Promise((r) => setTimeout(r, 500));
    // The platform's own services; the sandboxes stand in for the EC and the bank, whose logs are theirs.
    const logs = readdirSync(LOG_DIR).filter((f) => f.endsWith('.log') && !f.includes('sandbox'));
    expect(logs.length).toBe(6);
    for (const file of logs) {
      const text = readFileSync(path.join(LOG_DIR, file), 'utf8');
      for (const [kind, value] of Object.entries(MARKERS)) expect([file, kind, text.includes(value)]).toEqual([file, kind, false]);
    }
  });
});
