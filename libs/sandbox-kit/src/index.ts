import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from '@ekyc/logger';

/** Where the sandboxes mount their test controls. */
export const ADMIN_PREFIX = '/__sandbox';

type JsonAnswer = { status: number; body: unknown };

export interface SandboxAppParts {
  log: Logger;
  /** The `/__sandbox` test controls; absent when they are switched off. */
  admin: Router | null;
  /** The routes of the contract the sandbox stands in for. */
  contract: Router;
  /** The contract's own bodies for an unknown path, a too-large body and an unexpected error. */
  notFound(): JsonAnswer;
  tooLarge?(): JsonAnswer;
  internalError(): JsonAnswer;
}

/**
 * The HTTP shell every sandbox shares: request logging, health routes, the admin controls, the contract,
 * and errors answered in the contract's shape (admin input errors as plain `invalid_request`).
 */
export function createSandboxApp(parts: SandboxAppParts): Express {
  const { log } = parts;
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
  if (parts.admin) app.use(ADMIN_PREFIX, parts.admin);
  app.use(parts.contract);
  const send = (res: Response, answer: JsonAnswer) => res.status(answer.status).json(answer.body);
  app.use((_req, res) => {
    send(res, parts.notFound());
  });
  app.use((err: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    if (req.path.startsWith(ADMIN_PREFIX) && err.status && err.status < 500) {
      res.status(400).json({ error: 'invalid_request', problems: [err.message] });
      return;
    }
    if (err.type === 'entity.too.large' && parts.tooLarge) {
      send(res, parts.tooLarge());
      return;
    }
    log.error({ err: { message: err.message, stack: err.stack }, path: req.path }, 'sandbox error');
    if (!res.headersSent) send(res, parts.internalError());
  });
  return app;
}

export interface ListeningSandbox<T> {
  /** Where the sandbox listens, e.g. http://127.0.0.1:4010. */
  url: string;
  port: number;
  sandbox: T;
  close(): Promise<void>;
}

/**
 * Listens on `port` (0 picks a free one) and builds the sandbox once its URL is known, since tokens and
 * photo links name the address clients reach it by. Closing releases hung requests first.
 */
export async function listenSandbox<T extends { app: Express; releaseHungRequests(): void }>(
  options: { port: number; host?: string },
  build: (url: string) => T,
): Promise<ListeningSandbox<T>> {
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer();
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const sandbox = build(url);
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

export { createFaultController, faultConfigSchemaFor, type BaseFaultConfig, type FaultController, type FaultDecision } from './faults';
export { createAdminRouter, invalidAdminRequest, type AdminControlledState } from './admin';
export { createFacePhotos, loadFaces, PHOTO_SIZE, type FaceBox, type FacePhotos } from './face-photos';
export { createCallLog, type CallLog } from './call-log';
export { createSandboxClock, type BuiltSandbox, type SandboxOptionsBase } from './sandbox-options';
