import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createLogger, type Logger } from '@ekyc/logger';
import { CDP_ACCESS_TOKEN_TTL_SECONDS, CDP_REALM, CDP_REFRESH_TOKEN_TTL_SECONDS, CDP_RESPONSE_CODES } from '@ekyc/provider-contracts';
import { ADMIN_PREFIX, createAdminRoutes } from './admin-routes';
import { createCallLog } from './call-log';
import { createContractRoutes } from './contract-routes';
import { createCustomerRegistry, loadCustomers, type CustomerSeed } from './customer-registry';
import { createFaultController, type FaultConfig } from './faults';
import { createOidcRealm, loadRealm, type ClientSeed, type UserSeed } from './oidc-realm';
import { answer, internalError } from './responses';
import type { SandboxState } from './sandbox-state';

export type { FaultConfig } from './faults';
export type { SandboxState } from './sandbox-state';
export type { CallRecord } from './call-log';
export type { CustomerSeed } from './customer-registry';

export interface CdpSandboxOptions {
  /** The origin clients reach the sandbox by: the token issuer is `<publicUrl>/auth/realms/cdp`. */
  publicUrl: string;
  /** Epoch milliseconds; inject one to test token expiry and subscription activation. Defaults to Date.now. */
  clock?: () => number;
  /** Faults in force at startup, and what `DELETE /__sandbox/faults` and reset return to. */
  faults?: FaultConfig;
  /** Signs tokens; random per instance by default (tokens die with the process, as sessions would). */
  tokenSecret?: string;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  /** How long a new customer's subscription stays PENDING before it is SUBSCRIBED. */
  activationSeconds?: number;
  /** The /__sandbox test controls; on unless false. */
  admin?: boolean;
  /** Drives errorRate; Math.random by default. */
  random?: () => number;
  log?: Logger;
  clients?: readonly ClientSeed[];
  users?: readonly UserSeed[];
  customers?: readonly CustomerSeed[];
}

export interface CdpSandbox {
  app: express.Express;
  state: SandboxState;
  /** Drops the connections `hangNext` holds open; call before closing the HTTP server. */
  releaseHungRequests(): void;
}

export function createCdpSandbox(options: CdpSandboxOptions): CdpSandbox {
  const clock = options.clock ?? Date.now;
  const log = options.log ?? createLogger({ service: 'cdp-sandbox', level: 'silent' });
  let offsetMs = 0;
  const now = () => clock() + offsetMs;
  const seeds = options.clients && options.users ? { clients: options.clients, users: options.users } : loadRealm();
  const realm = createOidcRealm({
    clients: options.clients ?? seeds.clients,
    users: options.users ?? seeds.users,
    issuer: `${options.publicUrl.replace(/\/+$/, '')}/auth/realms/${CDP_REALM}`,
    now,
    accessTtlSeconds: options.accessTokenTtlSeconds ?? CDP_ACCESS_TOKEN_TTL_SECONDS,
    refreshTtlSeconds: options.refreshTokenTtlSeconds ?? CDP_REFRESH_TOKEN_TTL_SECONDS,
    tokenSecret: options.tokenSecret,
  });
  const customers = createCustomerRegistry({ seeds: options.customers ?? loadCustomers(), now, activationMs: (options.activationSeconds ?? 60) * 1000 });
  const calls = createCallLog();
  const faults = createFaultController({ initial: options.faults, random: options.random });

  const state: SandboxState = {
    now,
    advanceClock(ms) {
      offsetMs += ms;
    },
    realm,
    customers,
    calls,
    faults,
    log,
    reset() {
      calls.clear();
      realm.reset();
      customers.reset();
      faults.reset();
      offsetMs = 0;
    },
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((req, res, next) => {
    const started = performance.now();
    res.on('finish', () => log.debug({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request'));
    next();
  });
  app.get(['/healthz', '/readyz'], (_req, res) => {
    res.json({ status: 'ok' });
  });
  if (options.admin !== false) app.use(ADMIN_PREFIX, createAdminRoutes(state));
  const contract = createContractRoutes(state);
  app.use(contract.router);
  app.use((_req, res) => {
    const missing = answer(404, now(), CDP_RESPONSE_CODES.badRequest, 'The resource you were trying to reach is not found');
    res.status(missing.status).json(missing.body);
  });
  app.use((err: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    if (req.path.startsWith(ADMIN_PREFIX) && err.status && err.status < 500) {
      res.status(400).json({ error: 'invalid_request', problems: [err.message] });
      return;
    }
    if (err.type === 'entity.too.large') {
      const tooLarge = answer(413, now(), CDP_RESPONSE_CODES.invalidFieldValue, 'Request entity too large');
      res.status(tooLarge.status).json(tooLarge.body);
      return;
    }
    log.error({ err: { message: err.message, stack: err.stack }, path: req.path }, 'sandbox error');
    const failure = internalError(500, now());
    if (!res.headersSent) res.status(failure.status).json(failure.body);
  });

  return { app, state, releaseHungRequests: contract.releaseHung };
}

export interface RunningCdpSandbox {
  /** Where the sandbox listens, e.g. http://127.0.0.1:4011 (the adapter's CDP_BASE_URL). */
  url: string;
  port: number;
  sandbox: CdpSandbox;
  close(): Promise<void>;
}

/** Starts the sandbox on `port` (0 picks a free one); the token issuer uses `publicUrl` or the listening address. */
export async function startCdpSandbox(options: Omit<CdpSandboxOptions, 'publicUrl'> & { port: number; host?: string; publicUrl?: string }): Promise<RunningCdpSandbox> {
  const { port: wanted, host = '127.0.0.1', ...rest } = options;
  const server = http.createServer();
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(wanted, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const sandbox = createCdpSandbox({ ...rest, publicUrl: rest.publicUrl ?? url });
  server.on('request', sandbox.app);
  return {
    url,
    port,
    sandbox,
    close() {
      sandbox.releaseHungRequests();
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
