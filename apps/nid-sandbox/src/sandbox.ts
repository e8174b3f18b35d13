import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createLogger, type Logger } from '@ekyc/logger';
import { NID_ACCESS_TOKEN_TTL_SECONDS } from '@ekyc/provider-contracts';
import { ADMIN_PREFIX, createAdminRoutes } from './admin-routes';
import { createCallLog } from './call-log';
import { createCitizenRegistry, loadCitizens, type Citizen } from './citizen-registry';
import { createContractRoutes } from './contract-routes';
import { createFacePhotos, loadFaces, type FaceBox } from './face-photos';
import { createFaultController, type FaultConfig } from './faults';
import { createPartnerAccounts, loadPartnerUsers, type PartnerUserSeed } from './partner-accounts';
import { photoIdOf } from './photo-url';
import { failure, serverError } from './responses';
import type { SandboxState } from './sandbox-state';

export type { FaultConfig } from './faults';
export type { SandboxState } from './sandbox-state';
export type { CallRecord } from './call-log';
export type { Citizen } from './citizen-registry';

export interface NidSandboxOptions {
  /** Origin the photo URLs point at: the address clients reach the sandbox by. */
  publicUrl: string;
  /** Epoch milliseconds; inject one to test token and photo-URL expiry. Defaults to Date.now. */
  clock?: () => number;
  /** Faults in force at startup, and what `DELETE /__sandbox/faults` and reset return to. */
  faults?: FaultConfig;
  /** Signs photo URLs; random per instance by default. */
  photoSecret?: string;
  /** Signs access and refresh tokens; random per instance by default (tokens die with the process, as sessions would). */
  tokenSecret?: string;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  /** The /__sandbox test controls; on unless false. */
  admin?: boolean;
  /** Drives errorRate; Math.random by default. */
  random?: () => number;
  log?: Logger;
  citizens?: readonly Citizen[];
  partnerUsers?: readonly PartnerUserSeed[];
  faces?: readonly FaceBox[];
}

export interface NidSandbox {
  app: express.Express;
  state: SandboxState;
  /** Drops the connections `hangNext` holds open; call before closing the HTTP server. */
  releaseHungRequests(): void;
}

export function createNidSandbox(options: NidSandboxOptions): NidSandbox {
  const clock = options.clock ?? Date.now;
  const log = options.log ?? createLogger({ service: 'nid-sandbox', level: 'silent' });
  let offsetMs = 0;
  const now = () => clock() + offsetMs;
  const accessTtlSeconds = options.accessTokenTtlSeconds ?? NID_ACCESS_TOKEN_TTL_SECONDS;
  const citizens = createCitizenRegistry(options.citizens ?? loadCitizens());
  const byPhotoId = new Map(citizens.all.map((c) => [photoIdOf(c.nid10), c]));
  const accounts = createPartnerAccounts({
    seeds: options.partnerUsers ?? loadPartnerUsers(),
    now,
    accessTtlSeconds,
    refreshTtlSeconds: options.refreshTokenTtlSeconds ?? 2 * accessTtlSeconds,
    tokenSecret: options.tokenSecret,
  });
  const calls = createCallLog();
  const faults = createFaultController({ initial: options.faults, random: options.random });

  const state: SandboxState = {
    publicUrl: options.publicUrl.replace(/\/+$/, ''),
    now,
    advanceClock(ms) {
      offsetMs += ms;
    },
    citizens,
    citizenByPhotoId: (photoId) => byPhotoId.get(photoId),
    accounts,
    calls,
    faults,
    photos: createFacePhotos(options.faces ?? loadFaces()),
    photoSecret: options.photoSecret ?? randomBytes(32).toString('hex'),
    log,
    reset() {
      calls.clear();
      accounts.reset();
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
    const answer = failure(404, { message: 'The resource you were trying to reach is not found' });
    res.status(answer.status).json(answer.body);
  });
  app.use((err: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    if (req.path.startsWith(ADMIN_PREFIX) && err.status && err.status < 500) {
      res.status(400).json({ error: 'invalid_request', problems: [err.message] });
      return;
    }
    log.error({ err: { message: err.message, stack: err.stack }, path: req.path }, 'sandbox error');
    const answer = serverError(500);
    if (!res.headersSent) res.status(answer.status).json(answer.body);
  });

  return { app, state, releaseHungRequests: contract.releaseHung };
}

export interface RunningNidSandbox {
  /** Where the sandbox listens, e.g. http://127.0.0.1:4010 (the adapter's base URL). */
  url: string;
  port: number;
  sandbox: NidSandbox;
  close(): Promise<void>;
}

/** Starts the sandbox on `port` (0 picks a free one); photo URLs use `publicUrl` or the listening address. */
export async function startNidSandbox(options: Omit<NidSandboxOptions, 'publicUrl'> & { port: number; host?: string; publicUrl?: string }): Promise<RunningNidSandbox> {
  const { port: wanted, host = '127.0.0.1', ...rest } = options;
  const server = http.createServer();
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(wanted, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const sandbox = createNidSandbox({ ...rest, publicUrl: rest.publicUrl ?? url });
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
