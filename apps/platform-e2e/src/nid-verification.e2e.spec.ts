import { randomUUID } from 'node:crypto';
import { loadTestFace, waitFor, type SandboxCitizen as Citizen } from '@ekyc/testing';
import { applicantOf, e2eContext, graphql, nidSandbox, sql, tokenAuth } from './support';

jest.setTimeout(120_000);

const ctx = e2eContext();
const { demo, other, ops } = ctx.tenants;
const gw = ctx.gatewayUrl;

interface UserError {
  code: string;
  field: string | null;
  message: string;
}
interface NidVerification {
  status: string;
  statusReason: string | null;
  verified: boolean | null;
  fields: Array<{ field: string; matched: boolean }>;
  ecPhotoStored: boolean;
  attempts: number;
  lastErrorCode: string | null;
}

const CREATE = `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { application { id } errors { code field message } } }`;
const SUBMIT = `mutation($input: SubmitApplicationInput!) {
  submitApplication(input: $input) { application { id status documentType submittedAt } replayed errors { code field message } }
}`;
const NID = `query($id: ID!) {
  application(id: $id) { id status nidVerification { status statusReason verified ecPhotoStored attempts lastErrorCode fields { field matched } } }
}`;

let citizens: Citizen[];
let next = 150;
const citizen = () => citizens[next++]!;
const mobile = () => `018${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

async function create(token: string): Promise<string> {
  const res = await graphql<{ createApplication: { application: { id: string } | null; errors: UserError[] } }>(gw, CREATE, {
    variables: { input: { mobileNumber: mobile() } },
    headers: tokenAuth(token),
  });
  expect(res.data?.createApplication.errors).toEqual([]);
  return res.data!.createApplication.application!.id;
}

type SubmitResult = { application: { id: string; status: string; documentType: string } | null; replayed: boolean; errors: UserError[] };
/** The demo tenant compares faces (SELFIE_REQUIRED without one); this spec looks at the NID check only. */
let selfie: string;

async function submit(token: string, applicationId: string, applicant: Record<string, unknown>, documentType = 'nid_smart'): Promise<SubmitResult> {
  selfie ??= (await loadTestFace()).toString('base64');
  const res = await graphql<{ submitApplication: SubmitResult }>(gw, SUBMIT, {
    variables: { input: { applicationId, documentType, applicant, selfie } },
    headers: tokenAuth(token),
  });
  expect(res.errors).toBeUndefined();
  return res.data!.submitApplication;
}

async function nidOf(token: string, id: string): Promise<NidVerification | null> {
  const res = await graphql<{ application: { nidVerification: NidVerification | null } | null }>(gw, NID, { variables: { id }, headers: tokenAuth(token) });
  expect(res.errors).toBeUndefined();
  return res.data?.application?.nidVerification ?? null;
}

const FINAL = ['verified', 'mismatch', 'not_found', 'rejected', 'failed'];
const settled = (token: string, id: string, statuses = FINAL) =>
  waitFor(
    async () => {
      const v = await nidOf(token, id);
      return v && statuses.includes(v.status) ? v : null;
    },
    { timeoutMs: 60_000, what: `NID verification of ${id} to reach ${statuses.join('|')}` },
  );

const fieldMap = (v: NidVerification) => Object.fromEntries(v.fields.map((f) => [f.field, f.matched]));

beforeAll(async () => {
  citizens = (await nidSandbox<{ items: Citizen[] }>('GET', '/citizens?limit=300')).items;
});

describe('NID verification through the gateway', () => {
  it('verifies a matching citizen field by field', async () => {
    const c = citizen();
    const id = await create(demo.tokens.agent);
    const submitted = await submit(demo.tokens.agent, id, applicantOf(c));
    expect(submitted).toMatchObject({ replayed: false, errors: [], application: { id, status: 'pending', documentType: 'nid_smart' } });
    const v = await settled(demo.tokens.agent, id);
    expect(v).toMatchObject({ status: 'verified', verified: true, ecPhotoStored: true, attempts: 1, lastErrorCode: null });
    expect(fieldMap(v)).toMatchObject({
      nameEn: true,
      name: true,
      dateOfBirth: true,
      father: true,
      mother: true,
      presentAddress: true,
      permanentAddress: true,
    });
  });

  it('accepts the 17-digit number, Bengali digits, a day-first date and odd but harmless Unicode', async () => {
    const c = citizen();
    const bengaliDigits = c.nid17.replace(/\d/g, (d) => String.fromCharCode(0x09e6 + Number(d)));
    const [y, m, d] = c.dateOfBirth.split('-');
    const withZeroWidth = `${c.name.slice(0, 2)}\u200c${c.name.slice(2)}`;
    const id = await create(demo.tokens.agent);
    const submitted = await submit(
      demo.tokens.agent,
      id,
      applicantOf(c, { nidNumber: bengaliDigits, dateOfBirth: `${d}/${m}/${y}`, nameBn: withZeroWidth, nameEn: `  ${c.nameEn.toUpperCase()} ` }),
      'nid_old',
    );
    expect(submitted.errors).toEqual([]);
    const v = await settled(demo.tokens.agent, id);
    expect(v.status).toBe('verified');
  });

  it('reports a mismatch where the English name matched: failing fields named, EC photo kept', async () => {
    const c = citizen();
    const id = await create(demo.tokens.agent);
    await submit(demo.tokens.agent, id, applicantOf(c, { fatherName: 'অচেনা নাম', dateOfBirth: '1955-05-05' }));
    const v = await settled(demo.tokens.agent, id);
    expect(v).toMatchObject({ status: 'mismatch', verified: false, ecPhotoStored: true });
    expect(fieldMap(v)).toMatchObject({ nameEn: true, name: true, father: false, dateOfBirth: false, mother: true });
  });

  it('reports a mismatch on the English name without the EC photo', async () => {
    const c = citizen();
    const id = await create(demo.tokens.agent);
    await submit(demo.tokens.agent, id, applicantOf(c, { nameEn: 'Someone Entirely Different' }));
    const v = await settled(demo.tokens.agent, id);
    expect(v).toMatchObject({ status: 'mismatch', ecPhotoStored: false });
    expect(fieldMap(v)).toMatchObject({ nameEn: false, name: true });
  });

  it('reports an unknown citizen as not_found', async () => {
    const id = await create(demo.tokens.agent);
    await submit(demo.tokens.agent, id, applicantOf(citizen(), { nidNumber: '9999999990' }));
    const v = await settled(demo.tokens.agent, id);
    expect(v).toMatchObject({ status: 'not_found', verified: false, fields: [] });
  });

  it('refuses malformed input with every problem at once, and leaves the application a draft', async () => {
    const id = await create(demo.tokens.agent);
    const result = await submit(
      demo.tokens.agent,
      id,
      applicantOf(citizen(), { nidNumber: '12345', dateOfBirth: '31/02/1990', nameEn: 'আবদুস', nameBn: 'Abdus@1' }),
    );
    expect(result.application).toBeNull();
    expect(result.errors.map((e) => [e.field, e.code]).sort()).toEqual(
      [
        ['input.applicant.dateOfBirth', 'INVALID_DATE_OF_BIRTH'],
        ['input.applicant.nameBn', 'INVALID_CHARACTERS'],
        ['input.applicant.nameEn', 'WRONG_SCRIPT'],
        ['input.applicant.nidNumber', 'INVALID_NID'],
      ].sort(),
    );
    // A control character is refused by the gateway before any subgraph, for every text input alike.
    const control = await graphql(gw, SUBMIT, {
      variables: {
        input: {
          applicationId: id,
          documentType: 'nid_smart',
          applicant: applicantOf(citizen(), { nameBn: 'আবদুস\u0007' }),
          selfie: (await loadTestFace()).toString('base64'),
        },
      },
      headers: tokenAuth(demo.tokens.agent),
    });
    expect([control.status, control.errors?.[0]?.extensions]).toEqual([
      400,
      expect.objectContaining({ code: 'CONTROL_CHARACTER', field: 'input.applicant.nameBn' }),
    ]);
    // provider-nid tracks the application once it has consumed application.created: wait for that, not a fixed delay.
    const tracked = await waitFor(async () => (await nidOf(demo.tokens.agent, id)) ?? null, { timeoutMs: 30_000, what: `provider-nid to track ${id}` });
    expect(tracked.status).toBe('awaiting_submission');
    const [row] = await sql<{ status: string }>(ctx.databaseUrl, 'SELECT status FROM identity_document.applications WHERE id = $1', [id]);
    expect(row?.status).toBe('draft');
  });

  it('treats a resubmission of the same applicant as a retry and refuses a different one; one upstream call in all', async () => {
    const c = citizen();
    const id = await create(demo.tokens.agent);
    expect((await submit(demo.tokens.agent, id, applicantOf(c))).replayed).toBe(false);
    expect((await submit(demo.tokens.agent, id, applicantOf(c))).replayed).toBe(true);
    const conflicting = await submit(demo.tokens.agent, id, applicantOf(citizen()));
    expect(conflicting.errors).toEqual([expect.objectContaining({ code: 'ALREADY_SUBMITTED', field: 'input.applicationId' })]);
    await settled(demo.tokens.agent, id);
    expect(await nidSandbox<unknown[]>('GET', `/calls?nationalId=${c.nid10}`)).toHaveLength(1);
  });

  it("keeps tenants apart: another tenant can neither submit nor read this application's verification", async () => {
    const id = await create(demo.tokens.agent);
    const foreign = await submit(other.tokens.agent, id, applicantOf(citizen()));
    expect(foreign.errors).toEqual([expect.objectContaining({ code: 'APPLICATION_NOT_FOUND' })]);
    const res = await graphql<{ nidVerification: unknown }>(gw, 'query($id: ID!) { nidVerification(applicationId: $id) { status } }', {
      variables: { id },
      headers: tokenAuth(other.tokens.analyst),
    });
    expect(res.data?.nidVerification).toBeNull();
  });

  it('shows the NID account to partner admins only, and the vendor bill to analysts', async () => {
    const creds = await graphql<{ nidCredentials: { username: string; status: string } | null }>(gw, '{ nidCredentials { username status } }', {
      headers: tokenAuth(demo.tokens.partnerAdmin),
    });
    expect(creds.data?.nidCredentials).toEqual({ username: 'demo_user', status: 'active' });
    const asAgent = await graphql(gw, '{ nidCredentials { username } }', { headers: tokenAuth(demo.tokens.agent) });
    expect(asAgent.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');

    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const bill = await graphql<{
      nidVendorBillingReport: { report: { lines: Array<{ username: string; callCount: number; bill: number }> } | null; errors: UserError[] };
    }>(
      gw,
      `
        query ($s: String!, $e: String!) {
          nidVendorBillingReport(startDate: $s, endDate: $e) {
            report {
              lines {
                username
                callCount
                bill
              }
            }
            errors {
              code
              field
            }
          }
        }
      `,
      { variables: { s: '2026-01-01', e: tomorrow }, headers: tokenAuth(demo.tokens.analyst) },
    );
    expect(bill.data?.nidVendorBillingReport.errors).toEqual([]);
    const line = bill.data?.nidVendorBillingReport.report?.lines.find((l) => l.username === 'demo_user');
    expect(line?.callCount).toBeGreaterThanOrEqual(5);
    expect(line?.bill).toBe((line?.callCount ?? 0) * 2);
  });
});

describe('NID faults through the gateway (ops-bank, its own sandbox account)', () => {
  const username = `ops_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    await nidSandbox('POST', '/users', { username, password: 'ops-pass-1', partnerId: 90, partnerName: 'Ops Bank', slaAssigned: true });
    const res = await graphql<{ configureNidCredentials: { errors: UserError[] } }>(
      gw,
      'mutation($input: ConfigureNidCredentialsInput!) { configureNidCredentials(input: $input) { errors { code field } } }',
      { variables: { input: { username, password: 'ops-pass-1' } }, headers: tokenAuth(ops.tokens.partnerAdmin) },
    );
    expect(res.data?.configureNidCredentials.errors).toEqual([]);
  });

  afterEach(async () => {
    await nidSandbox('DELETE', '/faults');
  });

  it('survives an outage: the application waits visibly, then completes with one served call', async () => {
    const c = citizen();
    await nidSandbox('PUT', '/faults', { failNext: { count: 8, status: 503 }, paths: ['/partner-service/rest/demographic/verification'] });
    const id = await create(ops.tokens.agent);
    await submit(ops.tokens.agent, id, applicantOf(c));
    const during = await settled(ops.tokens.agent, id, ['unavailable', ...FINAL]);
    expect(during).toMatchObject({ status: 'unavailable', lastErrorCode: 'NID_UNAVAILABLE' });
    expect(during.statusReason).toContain('503');
    const v = await settled(ops.tokens.agent, id);
    expect(v.status).toBe('verified');
    expect(v.attempts).toBeGreaterThan(1);
    expect(await nidSandbox<unknown[]>('GET', `/calls?nationalId=${c.nid10}`)).toHaveLength(1);
  });

  it('on password expiry shows the operator status, and changeNidPassword recovers every waiting application', async () => {
    await nidSandbox('POST', `/users/${username}/expire-password`);
    const batch = [citizen(), citizen()];
    const ids: string[] = [];
    for (const c of batch) {
      const id = await create(ops.tokens.agent);
      await submit(ops.tokens.agent, id, applicantOf(c));
      ids.push(id);
    }
    for (const id of ids)
      expect(await settled(ops.tokens.agent, id, ['awaiting_credentials', ...FINAL])).toMatchObject({
        status: 'awaiting_credentials',
        lastErrorCode: 'NID_PASSWORD_EXPIRED',
      });
    const status = await graphql<{ nidCredentials: { status: string; statusReason: string } }>(gw, '{ nidCredentials { status statusReason } }', {
      headers: tokenAuth(ops.tokens.partnerAdmin),
    });
    expect(status.data?.nidCredentials.status).toBe('password_expired');

    const change = (token: string, newPassword: string) =>
      graphql<{ changeNidPassword: { credentials: { status: string } | null; errors: UserError[] } }>(
        gw,
        'mutation($input: ChangeNidPasswordInput!) { changeNidPassword(input: $input) { credentials { status } errors { code field } } }',
        { variables: { input: { newPassword } }, headers: tokenAuth(token) },
      );
    expect((await change(ops.tokens.agent, 'whatever')).errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect((await change(ops.tokens.partnerAdmin, 'x'.repeat(51))).data?.changeNidPassword.errors).toEqual([
      { code: 'INVALID_PASSWORD', field: 'input.newPassword' },
    ]);
    expect((await change(ops.tokens.partnerAdmin, 'ops-pass-2')).data?.changeNidPassword).toEqual({ credentials: { status: 'active' }, errors: [] });

    for (const id of ids) expect((await settled(ops.tokens.agent, id)).status).toBe('verified');
    for (const c of batch) expect(await nidSandbox<unknown[]>('GET', `/calls?nationalId=${c.nid10}`)).toHaveLength(1);
  });
});
