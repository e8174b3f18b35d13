import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { pingDataSource } from '@ekyc/db';
import { bodyErrorHandler, hardenHttpServer, jsonFallbacks, MAX_GRAPHQL_BODY } from '@ekyc/service-runtime';
import { signInternalContext } from '@ekyc/internal-context';
import type { Logger } from '@ekyc/logger';
import type { Env } from './env';
import { graphiqlLandingPagePlugin, mountLandingPageAssets } from './graphql/landing-page';
import { operationShapeGuard } from './graphql/operation-shape';
import { queryLimitsPlugin } from './graphql/query-limits.plugin';
import { buildGatewaySchema, GATEWAY_SUBGRAPH, GatewaySubgraphDataSource } from './graphql/gateway-subgraph';
import { createKeepAliveFetcher, SignedContextDataSource, type GatewayContext } from './graphql/signed-context.data-source';
import { AccessAdminService } from './iam/access-admin.service';
import { authorizationOf, type IamService, type Principal } from './iam/iam.service';
import { OidcSignIn } from './iam/oidc-sign-in';
import { oidcRoutes } from './iam/oidc-routes';
import { createRequestAuthenticator } from './iam/request-auth';
import { apolloGraphExecutor } from './rest/graph-executor';
import { createRestRouter } from './rest/rest.router';

export interface GatewayServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const PRINCIPAL = 'principal';

export async function startGatewayServer(deps: { env: Env; log: Logger; ds: DataSource; iam: IamService }): Promise<GatewayServer> {
  const { env, log, ds, iam } = deps;
  const requestAuth = createRequestAuthenticator({
    iam,
    ds,
    log,
    limits: {
      authFailuresPerMinute: env.AUTH_FAILURES_PER_MINUTE,
      authFailureBlockSeconds: env.AUTH_FAILURE_BLOCK_SECONDS,
      requestsPerUserPerMinute: env.REQUESTS_PER_USER_PER_MINUTE,
    },
  });
  const supergraphSdl = readFileSync(env.SUPERGRAPH_PATH, 'utf8');
  const known = new Set([...supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)"/g)].map((m) => m[1]));
  const unknown = Object.keys(env.SUBGRAPH_URLS).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`SUBGRAPH_URLS names unknown subgraphs: ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
  const keepAlive = createKeepAliveFetcher(env.REQUEST_DEADLINE_MS);
  // Users and API keys live in the gateway's own tables: its subgraph runs here, in process.
  const gatewaySubgraph = new GatewaySubgraphDataSource(
    await buildGatewaySchema(),
    new AccessAdminService(ds, () => iam.invalidate()),
    env.INTERNAL_CONTEXT_SECRET,
    log,
  );
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      name === GATEWAY_SUBGRAPH ? gatewaySubgraph : new SignedContextDataSource({ url: env.SUBGRAPH_URLS[name] ?? url, fetcher: keepAlive.fetcher }),
  });

  const app = express();
  app.disable('x-powered-by');
  if (env.TRUST_PROXY !== undefined) app.set('trust proxy', env.TRUST_PROXY);
  const httpServer = http.createServer(app);
  hardenHttpServer(httpServer, { requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS, headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS, keepAliveTimeoutMs: 65_000 });
  const development = env.NODE_ENV !== 'production';

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: development,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      queryLimitsPlugin({ maxCost: env.MAX_QUERY_COST }),
      development ? graphiqlLandingPagePlugin('/graphql') : ApolloServerPluginLandingPageDisabled(),
    ],
    formatError: (formatted, error) => {
      if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') log.error({ err: error }, 'gateway error');
      // A subgraph's refusal carries its whole answer, values quoted in its messages: never passed on to the client.
      if (formatted.extensions && 'response' in formatted.extensions) {
        const { response: _response, ...extensions } = formatted.extensions;
        return { ...formatted, message: 'a service refused part of this operation', extensions };
      }
      return formatted;
    },
  });
  await apollo.start();

  const contextFor = (principal: Principal, suppliedRequestId: unknown): GatewayContext => {
    const requestId = typeof suppliedRequestId === 'string' && REQUEST_ID.test(suppliedRequestId) ? suppliedRequestId : randomUUID();
    return {
      requestId,
      deadline: Date.now() + env.REQUEST_DEADLINE_MS,
      signedContext: signInternalContext({ ...principal, requestId }, env.INTERNAL_CONTEXT_SECRET),
    };
  };

  if (development) mountLandingPageAssets(app);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  app.get('/readyz', async (_req, res) => {
    const database = await pingDataSource(ds);
    res.status(database ? 200 : 503).json({ status: database ? 'ready' : 'not_ready', service: 'gateway', database });
  });

  app.post('/auth/token', async (req, res) => {
    const auth = await requestAuth.authenticate(req);
    if (!auth.ok) {
      if (auth.status === 429) res.set('retry-after', String(auth.retryAfterSeconds));
      res.status(auth.status).json({ status: 'error', code: auth.code, detail: auth.message });
      return;
    }
    if (auth.principal.authKind !== 'api_token') {
      res.status(400).json({ status: 'error', code: 'API_TOKEN_REQUIRED', detail: 'exchange an API token (Authorization: Token <key>) for a JWT' });
      return;
    }
    const jwt = await iam.issueJwt(auth.principal);
    res.json({ access_token: jwt.accessToken, token_type: 'Bearer', expires_in: jwt.expiresIn });
  });

  // People sign in to the portal through the bank's identity provider; machines keep their API keys.
  const publicBase = env.PUBLIC_BASE_URL ?? `http://${env.HOST}:${env.PORT}`;
  const redirectUri = env.OIDC_REDIRECT_URL ?? `${publicBase.replace(/\/$/, '')}/auth/oidc/callback`;
  const signIn = env.OIDC_ISSUER_URL
    ? new OidcSignIn({
        issuer: new URL(env.OIDC_ISSUER_URL),
        clientId: env.OIDC_CLIENT_ID,
        clientSecret: env.OIDC_CLIENT_SECRET,
        redirectUri,
        secret: env.INTERNAL_CONTEXT_SECRET,
        rolesClaim: env.OIDC_ROLES_CLAIM,
      })
    : null;
  const roleMapping = env.OIDC_ROLES_CLAIM ? { claim: env.OIDC_ROLES_CLAIM, map: env.OIDC_ROLE_MAP } : null;
  app.use(oidcRoutes({ iam, signIn, roleMapping, sessionTtlSeconds: env.SESSION_TTL_SECONDS, secureCookies: redirectUri.startsWith('https:'), log }));

  const portal = mountPortal(app, env.PORTAL_DIR);
  if (!portal) log.info({ dir: env.PORTAL_DIR }, 'no built portal there: /portal/ is off (npm run portal:build)');

  // The partner contracts' REST routes run their operations through this same server, as their caller.
  app.use(
    createRestRouter({
      auth: requestAuth,
      log,
      publicBaseUrl: env.PUBLIC_BASE_URL,
      graph: apolloGraphExecutor(apollo, (caller) => contextFor(caller.principal, caller.requestId)),
    }),
  );

  app.use(
    '/graphql',
    // Credentials are checked before the body (up to 8 MB) is read; a GET without any may be the GraphiQL page.
    async (req, res, next) => {
      if (req.method === 'GET' && !authorizationOf(req.headers)) return next();
      const auth = await requestAuth.authenticate(req);
      if (!auth.ok) {
        if (auth.status === 429) res.set('retry-after', String(auth.retryAfterSeconds));
        res.status(auth.status).json({ errors: [{ message: auth.message, extensions: { code: auth.code } }] });
        return;
      }
      res.locals[PRINCIPAL] = auth.principal;
      next();
    },
    express.json({ limit: MAX_GRAPHQL_BODY }),
    operationShapeGuard({
      maxTokens: env.MAX_QUERY_TOKENS,
      maxDepth: env.MAX_QUERY_DEPTH,
      maxAliases: env.MAX_QUERY_ALIASES,
      maxDirectives: env.MAX_QUERY_DIRECTIVES,
      maxFields: env.MAX_QUERY_FIELDS,
    }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const principal = res.locals[PRINCIPAL] as Principal | undefined;
        if (!principal)
          throw new GraphQLError('send an Authorization header ("Token <api key>" or "Bearer <jwt>")', {
            extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
          });
        return contextFor(principal, req.headers['x-request-id']);
      },
    }),
  );

  app.use(bodyErrorHandler);
  jsonFallbacks(app, log);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(env.PORT, env.HOST, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${env.HOST}:${port}/graphql`;
  log.info({ url, portal: portal ? `http://${env.HOST}:${port}/portal/` : null }, 'gateway listening');
  return {
    url,
    port,
    async stop() {
      await apollo.stop();
      await keepAlive.close();
    },
  };
}

/**
 * The agent portal and analyst dashboard, a static Vite build, on the same origin as /graphql (no CORS). It talks only
 * to /graphql with the token the user signs in with; the policy keeps it to its own scripts and the camera's blobs.
 */
function mountPortal(app: express.Express, dir: string): boolean {
  if (!existsSync(path.join(dir, 'index.html'))) return false;
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    // recharts and React set style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  app.use(
    '/portal',
    (req, res, next) => {
      // Relative to /portal/ only: without the slash, send the browser there.
      if (req.originalUrl === '/portal' || req.originalUrl.startsWith('/portal?')) {
        res.redirect(301, `/portal/${req.originalUrl.slice('/portal'.length)}`);
        return;
      }
      res.setHeader('content-security-policy', policy);
      res.setHeader('x-content-type-options', 'nosniff');
      next();
    },
    express.static(dir, {
      index: 'index.html',
      // Hashed asset names change with their content; index.html is always revalidated.
      setHeaders: (res, file) => res.setHeader('cache-control', file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable'),
    }),
  );
  return true;
}
