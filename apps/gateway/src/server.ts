import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
import { bodyErrorHandler, MAX_GRAPHQL_BODY } from '@ekyc/subgraph-kit';
import { signInternalContext } from '@ekyc/internal-context';
import type { Logger } from '@ekyc/logger';
import type { Env } from './env';
import { graphiqlLandingPagePlugin, mountLandingPageAssets } from './graphql/landing-page';
import { queryLimitsPlugin } from './graphql/query-limits.plugin';
import { createKeepAliveFetcher, SignedContextDataSource, type GatewayContext } from './graphql/signed-context.data-source';
import { authorizationOf, type IamService, type Principal } from './iam/iam.service';
import { apolloGraphExecutor } from './rest/graph-executor';
import { createRestRouter } from './rest/rest.router';

export interface GatewayServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export async function startGatewayServer(deps: { env: Env; log: Logger; ds: DataSource; iam: IamService }): Promise<GatewayServer> {
  const { env, log, ds, iam } = deps;
  const supergraphSdl = readFileSync(env.SUPERGRAPH_PATH, 'utf8');
  const known = new Set([...supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)"/g)].map((m) => m[1]));
  const unknown = Object.keys(env.SUBGRAPH_URLS).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`SUBGRAPH_URLS names unknown subgraphs: ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
  const keepAlive = createKeepAliveFetcher();
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new SignedContextDataSource({ url: env.SUBGRAPH_URLS[name] ?? url, fetcher: keepAlive.fetcher }),
  });

  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  httpServer.keepAliveTimeout = 65_000;
  const development = env.NODE_ENV !== 'production';

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: development,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      queryLimitsPlugin({ maxDepth: env.MAX_QUERY_DEPTH, maxCost: env.MAX_QUERY_COST }),
      development ? graphiqlLandingPagePlugin('/graphql') : ApolloServerPluginLandingPageDisabled(),
    ],
    formatError: (formatted, error) => {
      if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') log.error({ err: error }, 'gateway error');
      return formatted;
    },
  });
  await apollo.start();

  const contextFor = (principal: Principal, suppliedRequestId: unknown): GatewayContext => {
    const requestId = typeof suppliedRequestId === 'string' && REQUEST_ID.test(suppliedRequestId) ? suppliedRequestId : randomUUID();
    return { requestId, signedContext: signInternalContext({ ...principal, requestId }, env.INTERNAL_CONTEXT_SECRET) };
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
    const auth = await iam.authenticate(req.headers.authorization);
    if (!auth.ok) {
      res.status(401).json({ status: 'error', code: auth.code, detail: auth.message });
      return;
    }
    if (auth.principal.authKind !== 'api_token') {
      res.status(400).json({ status: 'error', code: 'API_TOKEN_REQUIRED', detail: 'exchange an API token (Authorization: Token <key>) for a JWT' });
      return;
    }
    const jwt = await iam.issueJwt(auth.principal);
    res.json({ access_token: jwt.accessToken, token_type: 'Bearer', expires_in: jwt.expiresIn });
  });

  // The partner contracts' REST routes run their operations through this same server, as their caller.
  app.use(createRestRouter({ iam, log, graph: apolloGraphExecutor(apollo, (caller) => contextFor(caller.principal, caller.requestId)) }));

  app.use(
    '/graphql',
    express.json({ limit: MAX_GRAPHQL_BODY }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const auth = await iam.authenticate(authorizationOf(req.headers));
        if (!auth.ok) throw new GraphQLError(auth.message, { extensions: { code: auth.code, http: { status: 401 } } });
        return contextFor(auth.principal, req.headers['x-request-id']);
      },
    }),
  );

  app.use(bodyErrorHandler);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(env.PORT, env.HOST, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${env.HOST}:${port}/graphql`;
  log.info({ url }, 'gateway listening');
  return {
    url,
    port,
    async stop() {
      await apollo.stop();
      await keepAlive.close();
    },
  };
}
