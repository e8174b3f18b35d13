import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { INTERNAL_CONTEXT_HEADER, verifyInternalContext } from '@ekyc/internal-context';
import type { Logger } from '@ekyc/logger';
import { bodyErrorHandler, hardenHttpServer, jsonFallbacks, MAX_GRAPHQL_BODY } from '@ekyc/service-runtime';
import { BLOB_ROUTE, blobHandler, type BlobSource } from './blob-route';
import type { ResolverContainer, SubgraphContext } from './context';
import { graphqlError } from './errors';

export type ReadinessCheck = () => Promise<{ ok: boolean; details: Record<string, unknown> }>;

export interface SubgraphServerOptions {
  service: string;
  schema: GraphQLSchema;
  host: string;
  port: number;
  contextSecret: string;
  log: Logger;
  container: ResolverContainer;
  readiness: ReadinessCheck;
  /** Serves the service's stored images to other services on `GET /internal/blobs/:ref` (signed, short-lived tokens). */
  blobs?: BlobSource;
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A subgraph answers only requests the gateway signed; health endpoints are open for orchestrators. */
export async function startSubgraphServer(options: SubgraphServerOptions): Promise<RunningServer> {
  const { log, contextSecret, container } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  hardenHttpServer(httpServer);

  const apollo = new ApolloServer<SubgraphContext>({
    schema: options.schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled()],
    formatError: (formatted, error) => {
      const code = formatted.extensions?.code;
      if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
        log.error({ err: error }, 'unexpected resolver error');
        return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' }, path: formatted.path };
      }
      return formatted;
    },
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.service });
  });
  app.get('/readyz', async (_req, res) => {
    const result = await options.readiness().catch((err: Error) => ({ ok: false, details: { error: err.message } }));
    res.status(result.ok ? 200 : 503).json({ status: result.ok ? 'ready' : 'not_ready', service: options.service, ...result.details });
  });
  if (options.blobs) app.get(BLOB_ROUTE, blobHandler({ blobs: options.blobs, contextSecret, log }));
  app.use(
    '/graphql',
    express.json({ limit: MAX_GRAPHQL_BODY }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const header = req.headers[INTERNAL_CONTEXT_HEADER];
        const verified = verifyInternalContext(Array.isArray(header) ? header[0] : header, contextSecret);
        if (!verified.ok) {
          throw graphqlError(verified.code, 'requests must come through the gateway with a valid signed context', {}, 401);
        }
        const auth = verified.context;
        return { auth, container, log: log.child({ requestId: auth.requestId, tenantId: auth.tenantId }) };
      },
    }),
  );

  app.use(bodyErrorHandler);
  jsonFallbacks(app, log);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${options.host}:${port}/graphql`;
  log.info({ url }, 'subgraph listening');
  return {
    url,
    port,
    async stop() {
      await apollo.stop();
    },
  };
}
