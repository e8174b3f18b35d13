import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { startSmtpSink } from '@ekyc/smtp-sink';
import { inParallel, REPO_ROOT, runAppScript } from '../lib/run-app-script';
import { SUBGRAPHS } from '../schema/subgraphs';
import { startIdpSandbox } from '../idp-sandbox/idp-sandbox';
import type { PlatformSecrets } from './infra';

export const GATEWAY = 'gateway';
const MIGRATED = [GATEWAY, ...SUBGRAPHS.map((s) => s.name)];

export interface BootstrapTokens {
  platformTenantId: string;
  demoTenantId: string;
  tokens: { platformAdmin: string; partnerAdmin: string; agent: string; analyst: string; reviewer: string };
}

export async function migratePlatform(databaseUrl: string, log: (line: string) => void): Promise<void> {
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  const outputs = await inParallel(MIGRATED, 2, (app) => runAppScript(app, 'migrate', env));
  for (const line of outputs) log(line.trim());
}

export async function bootstrapTenant(databaseUrl: string, tenant?: { slug: string; name: string }): Promise<BootstrapTokens> {
  const args = tenant ? ['--tenant', tenant.slug, '--tenant-name', tenant.name] : [];
  const out = await runAppScript(GATEWAY, 'bootstrap', { ...process.env, DATABASE_URL: databaseUrl }, args);
  return JSON.parse(out) as BootstrapTokens;
}

export interface PlatformOptions {
  databaseUrl: string;
  kafkaBrokers: string;
  secrets: PlatformSecrets;
  /** The gateway listens here; subgraphs on the next ports, in SUBGRAPHS order. */
  basePort: number;
  logLevel: string;
  nodeEnv: 'development' | 'test' | 'production';
  /** Service output goes to <logDir>/<service>.log when set, else to this process's stdout. */
  logDir?: string;
  readyTimeoutMs?: number;
  /** Extra environment for every service (e.g. faster NID retry settings in tests). */
  serviceEnv?: Record<string, string>;
}

/** The sandboxes stand in for the external services, on ports after the subgraphs'. */
export const SANDBOXES = ['nid-sandbox', 'cdp-sandbox'] as const;
export const sandboxPort = (basePort: number, sandbox: (typeof SANDBOXES)[number]) => basePort + 10 + SANDBOXES.indexOf(sandbox);

/** The SMTP sink (libs/smtp-sink) catches the OTP mails: its HTTP API on base + 25, SMTP on base + 26 (dev 4025/4026, e2e 4125/4126, bench 4225/4226). */
export const smtpSinkPorts = (basePort: number) => ({ http: basePort + 25, smtp: basePort + 26 });
export const MAIL_FROM = 'eKYC <no-reply@ekyc.local>';

/** The identity provider stand-in (tools/idp-sandbox), people's sign-in to the portal: base + 12 (dev 4012, e2e 4112). */
export const idpPort = (basePort: number) => basePort + 12;
export const OIDC_CLIENT_ID = 'ekyc-portal';

export interface RunningPlatform {
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
  sandboxUrls: Record<(typeof SANDBOXES)[number], string>;
  /** Base URL of the SMTP sink's HTTP API: `GET /messages?to=`, `DELETE /messages`, `POST /faults`. */
  smtpSinkUrl: string;
  /** The identity provider's issuer URL: sign in there with a user's email and any password. */
  idpUrl: string;
  stop(): Promise<void>;
}

interface ServiceProcess {
  name: string;
  port: number;
  child: ChildProcess;
  tail: string[];
  exited: Promise<number | null>;
  file: WriteStream | null;
}

function formatLine(name: string, line: string): string {
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const { level, time, msg, service: _s, pid: _p, hostname: _h, ...rest } = entry;
    const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    return `${String(time ?? '').slice(11, 23)} ${name.padEnd(17)} ${String(level).padEnd(5)} ${String(msg ?? '')}${extra}`;
  } catch {
    return `${name.padEnd(17)} ${line}`;
  }
}

function spawnService(name: string, port: number, env: NodeJS.ProcessEnv, logDir: string | undefined): ServiceProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join('apps', name, 'src', 'main.ts')], {
    cwd: REPO_ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const file = logDir ? createWriteStream(path.join(logDir, `${name}.log`), { flags: 'a' }) : null;
  const tail: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      tail.push(line);
      if (tail.length > 40) tail.shift();
      if (file) file.write(`${line}\n`);
      else process.stdout.write(`${formatLine(name, line)}\n`);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, port, child, tail, exited, file };
}

async function waitReady(service: ServiceProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void service.exited.then((code) => {
    exitCode = code;
  });
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${service.name} exited with code ${exitCode}:\n${service.tail.join('\n')}`);
    try {
      const res = await fetch(`http://127.0.0.1:${service.port}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${service.name} not ready after ${timeoutMs} ms (${last}):\n${service.tail.join('\n')}`);
}

async function stopService(service: ServiceProcess): Promise<void> {
  if (service.child.exitCode === null && service.child.signalCode === null) {
    service.child.kill('SIGTERM');
    // The grace timer is cleared once the service exits: left running it kept the test runner alive 15 s after the e2e tier.
    let timer: NodeJS.Timeout | undefined;
    const killed = await Promise.race([service.exited.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), 15_000)))]);
    clearTimeout(timer);
    if (killed) service.child.kill('SIGKILL');
  }
  service.file?.end();
}

/** Starts the sandboxes and the five subgraphs, waits until each is ready, then the gateway; stops them in reverse. */
export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  if (options.logDir) mkdirSync(options.logDir, { recursive: true });
  const subgraphPorts = SUBGRAPHS.map((s, i) => ({ name: s.name, port: options.basePort + 1 + i }));
  const subgraphUrls = Object.fromEntries(subgraphPorts.map(({ name, port }) => [name, `http://127.0.0.1:${port}/graphql`]));
  const baseUrlOf = (name: string) => `http://127.0.0.1:${subgraphPorts.find((s) => s.name === name)?.port}`;
  const nidSandboxUrl = `http://127.0.0.1:${sandboxPort(options.basePort, 'nid-sandbox')}`;
  const cdpSandboxUrl = `http://127.0.0.1:${sandboxPort(options.basePort, 'cdp-sandbox')}`;
  // In this process: it holds the mails in memory and stops with the platform.
  const sinkPorts = smtpSinkPorts(options.basePort);
  const smtpSink = await startSmtpSink({ smtpPort: sinkPorts.smtp, httpPort: sinkPorts.http });
  // Also in this process: a real OpenID Connect provider whose only client is this gateway, with a secret of this run.
  const oidcClientSecret = randomBytes(24).toString('base64url');
  const idp = await startIdpSandbox({
    port: idpPort(options.basePort),
    clientId: OIDC_CLIENT_ID,
    clientSecret: oidcClientSecret,
    redirectUris: [`http://127.0.0.1:${options.basePort}/auth/oidc/callback`],
  });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: options.nodeEnv,
    LOG_LEVEL: options.logLevel,
    DATABASE_URL: options.databaseUrl,
    KAFKA_BROKERS: options.kafkaBrokers,
    ...options.secrets,
    SUBGRAPH_URLS: Object.entries(subgraphUrls)
      .map(([name, url]) => `${name}=${url}`)
      .join(','),
    NID_BASE_URL: nidSandboxUrl,
    // biometric fetches the images it compares from the services that store them.
    IDENTITY_DOCUMENT_URL: baseUrlOf('identity-document'),
    PROVIDER_NID_URL: baseUrlOf('provider-nid'),
    NID_SANDBOX_PUBLIC_URL: nidSandboxUrl,
    CDP_BASE_URL: cdpSandboxUrl,
    CDP_SANDBOX_PUBLIC_URL: cdpSandboxUrl,
    SMTP_URL: smtpSink.smtpUrl,
    MAIL_FROM,
    OIDC_ISSUER_URL: idp.issuer,
    OIDC_CLIENT_ID,
    OIDC_CLIENT_SECRET: oidcClientSecret,
    // The sandbox's stand-in for UIDAI's certificate: the generator signs the Aadhaar QRs it draws with its key.
    AADHAAR_QR_CERTIFICATES: path.join(REPO_ROOT, 'tools', 'cardgen', 'keys', 'aadhaar-test-signer.cert.pem'),
    ...options.serviceEnv,
  };
  const timeout = options.readyTimeoutMs ?? 120_000;
  const started: ServiceProcess[] = [];
  const stop = async () => {
    await Promise.all([...started].reverse().map(stopService));
    await smtpSink.stop();
    await idp.stop();
  };
  try {
    for (const sandbox of SANDBOXES) started.push(spawnService(sandbox, sandboxPort(options.basePort, sandbox), env, options.logDir));
    for (const { name, port } of subgraphPorts) started.push(spawnService(name, port, env, options.logDir));
    await Promise.all(started.map((s) => waitReady(s, timeout)));
    const gateway = spawnService(GATEWAY, options.basePort, env, options.logDir);
    started.push(gateway);
    await waitReady(gateway, timeout);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    gatewayUrl: `http://127.0.0.1:${options.basePort}/graphql`,
    subgraphUrls,
    sandboxUrls: { 'nid-sandbox': nidSandboxUrl, 'cdp-sandbox': cdpSandboxUrl },
    smtpSinkUrl: smtpSink.httpUrl,
    idpUrl: idp.issuer,
    stop,
  };
}

/** Runs one of a partner admin's settings mutations through the gateway; throws with the errors when it is refused. */
async function adminMutation(
  gatewayUrl: string,
  partnerAdminToken: string,
  what: string,
  field: string,
  query: string,
  input: Record<string, unknown>,
): Promise<void> {
  const res = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Token ${partnerAdminToken}` },
    body: JSON.stringify({ query, variables: { input } }),
  });
  const body = (await res.json()) as { data?: Record<string, { errors: Array<{ code: string; message: string }> } | undefined>; errors?: unknown[] };
  const problems = body.errors ?? body.data?.[field]?.errors ?? ['no answer'];
  if (problems.length > 0) throw new Error(`${what} failed: ${JSON.stringify(problems)}`);
}

/** Gives a tenant its NID service account through the gateway, as a partner admin would. */
export function configureNidCredentials(gatewayUrl: string, partnerAdminToken: string, credentials: { username: string; password: string }): Promise<void> {
  const query = 'mutation($input: ConfigureNidCredentialsInput!) { configureNidCredentials(input: $input) { credentials { status } errors { code message } } }';
  return adminMutation(gatewayUrl, partnerAdminToken, 'configuring NID credentials', 'configureNidCredentials', query, credentials);
}

/** Gives a tenant its CDP client (checked with a token request) and turns automatic onboarding on, as a partner admin would. */
export function configureCdpSettings(
  gatewayUrl: string,
  partnerAdminToken: string,
  settings: { clientId: string; clientSecret: string; enabled?: boolean },
): Promise<void> {
  const query = 'mutation($input: ConfigureCdpSettingsInput!) { configureCdpSettings(input: $input) { settings { status } errors { code message } } }';
  return adminMutation(gatewayUrl, partnerAdminToken, 'configuring CDP settings', 'configureCdpSettings', query, {
    enabled: settings.enabled ?? true,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
  });
}

/** Sets the checks a tenant's decisions wait for (and its other submission rules), as a partner admin would. */
export function updateSubmissionPolicy(
  gatewayUrl: string,
  partnerAdminToken: string,
  policy: { requireFaceMatch?: boolean; requireLiveness?: boolean },
): Promise<void> {
  const query =
    'mutation($input: UpdateSubmissionPolicyInput!) { updateSubmissionPolicy(input: $input) { policy { requireFaceMatch } errors { code message } } }';
  return adminMutation(gatewayUrl, partnerAdminToken, 'updating the submission policy', 'updateSubmissionPolicy', query, policy);
}
