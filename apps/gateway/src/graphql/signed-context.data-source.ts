import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { Agent, fetch } from 'undici';
import { INTERNAL_CONTEXT_HEADER } from '@ekyc/internal-context';

export interface GatewayContext {
  /** The internal context, signed once per request and forwarded to every subgraph call. */
  signedContext: string;
  requestId: string;
}

/** One pooled keep-alive agent for all subgraph calls; a new connection per fetch would cost a handshake each. */
export function createKeepAliveFetcher(): { fetcher: Fetcher; close(): Promise<void> } {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 128 });
  const fetcher = ((url: string, init?: Record<string, unknown>) => fetch(url, { ...init, dispatcher } as never)) as unknown as Fetcher;
  return { fetcher, close: () => dispatcher.close() };
}

export class SignedContextDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if ('signedContext' in context && context.signedContext) {
      request.http?.headers.set(INTERNAL_CONTEXT_HEADER, context.signedContext);
      request.http?.headers.set('x-request-id', context.requestId);
    }
  }
}
