import { Client } from 'pg';
import { sandboxAdmin, type SandboxCitizen } from '@ekyc/testing';
import type { BootstrapTokens } from '@ekyc/tools/stack/platform';

export interface E2eContext {
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
  contextSecret: string;
  tenants: {
    demo: BootstrapTokens;
    other: BootstrapTokens;
    ops: BootstrapTokens;
    audit: BootstrapTokens;
    cdp: BootstrapTokens;
    portal: BootstrapTokens;
    hooks: BootstrapTokens;
    gates: BootstrapTokens;
    fuzz: BootstrapTokens;
  };
  sandboxUrls: { 'nid-sandbox': string; 'cdp-sandbox': string };
  databaseUrl: string;
  /** The SMTP sink's HTTP API (libs/smtp-sink): the OTP mails the platform sent. */
  smtpSinkUrl: string;
  /** The platform's PII key, for fixtures written straight to the database. */
  piiEncryptionKey: string;
}

export function e2eContext(): E2eContext {
  const need = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run e2e tests through \`npm run test:e2e\``);
    return value;
  };
  return {
    gatewayUrl: need('E2E_GATEWAY_URL'),
    subgraphUrls: JSON.parse(need('E2E_SUBGRAPH_URLS')) as Record<string, string>,
    contextSecret: need('E2E_INTERNAL_CONTEXT_SECRET'),
    tenants: JSON.parse(need('E2E_TENANTS')) as E2eContext['tenants'],
    sandboxUrls: JSON.parse(need('E2E_SANDBOX_URLS')) as E2eContext['sandboxUrls'],
    databaseUrl: need('E2E_DATABASE_URL'),
    smtpSinkUrl: need('E2E_SMTP_SINK_URL'),
    piiEncryptionKey: need('E2E_PII_ENCRYPTION_KEY'),
  };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown>; path?: string[] }>;
}

export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  options: { variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify({ query, variables: options.variables ?? {} }),
  });
  const body = (await res.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: res.status, ...body };
}

export const tokenAuth = (token: string) => ({ authorization: `Token ${token}` });

export async function sql<T>(databaseUrl: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The NID sandbox's test controls (not part of the EC contract). */
export const nidSandbox = <T = unknown>(method: string, path: string, body?: unknown): Promise<T> =>
  sandboxAdmin(e2eContext().sandboxUrls['nid-sandbox'])<T>(method, path, body);

/** The CDP sandbox's test controls (not part of the CDP contract). */
export const cdpSandbox = <T = unknown>(method: string, path: string, body?: unknown): Promise<T> =>
  sandboxAdmin(e2eContext().sandboxUrls['cdp-sandbox'])<T>(method, path, body);

export interface SinkMail {
  id: string;
  from: string | null;
  to: string[];
  subject: string;
  text: string;
  receivedAt: string;
}

/** The mails the SMTP sink holds for this address, newest first. */
export async function mailsTo(address: string): Promise<SinkMail[]> {
  const res = await fetch(`${e2eContext().smtpSinkUrl}/messages?to=${encodeURIComponent(address)}`);
  if (!res.ok) throw new Error(`smtp sink: ${res.status} ${await res.text()}`);
  return (await res.json()) as SinkMail[];
}

/** A sandbox citizen as the `applicant` of `submitApplication`, with any field replaced. */
export function applicantOf(c: SandboxCitizen, overrides: Record<string, unknown> = {}) {
  const address = (a: SandboxCitizen['presentAddress']) => ({ division: a.division, district: a.district, upazila: a.upozila });
  return {
    nidNumber: c.nid10,
    nameEn: c.nameEn,
    nameBn: c.name,
    dateOfBirth: c.dateOfBirth,
    fatherName: c.father,
    motherName: c.mother,
    spouseName: c.spouse || null,
    presentAddress: address(c.presentAddress),
    permanentAddress: address(c.permanentAddress),
    ...overrides,
  };
}
