import { Router } from 'express';
import type { Logger } from '@ekyc/logger';
import type { RequestAuthenticator } from '../iam/request-auth';
import { createAgentApiRouter } from './agent/agent-api.router';
import { createEkycRequestApiRouter } from './ekyc-request/ekyc-request-api.router';
import { createLivenessApiRouter } from './ekyc-request/liveness-api.router';
import type { GraphExecutor } from './graph-executor';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { createTwoStepApiRouter } from './two-step/two-step-api.router';

export interface RestRouterDeps {
  auth: RequestAuthenticator;
  graph: GraphExecutor;
  log: Logger;
  /** The URL partners reach the gateway at (e.g. behind a TLS proxy); links in responses start with it. Unset: the request's own host. */
  publicBaseUrl?: string | null;
}

/**
 * The partner contracts' REST routes (agent eKYC, eKYC request, two-step submission) and their OpenAPI
 * document at `GET /openapi.json`. Each route translates its request, runs graph operations as the
 * caller and maps the result to the contract's shape.
 */
export function createRestRouter(deps: RestRouterDeps): Router {
  const router = Router();
  const document = buildOpenApiDocument();
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.use(createAgentApiRouter(deps));
  router.use(createEkycRequestApiRouter(deps));
  router.use(createLivenessApiRouter(deps));
  router.use(createTwoStepApiRouter(deps));
  // An unknown path under a contract's prefix answers in that contract's JSON error shape, not Express's HTML page.
  router.use('/agent', (req, res) => {
    res.status(404).json({ status: 'error', code: 'NOT_FOUND', field: null, detail: `no route ${req.method} ${req.originalUrl}` });
  });
  router.use(['/api/kyc-request', '/api/liveness-sessions', '/v3/submission'], (req, res) => {
    res.status(404).json({ error: `no route ${req.method} ${req.originalUrl}`, code: 'NOT_FOUND', field: null });
  });
  return router;
}
