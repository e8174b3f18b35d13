import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import { Agent, fetch } from 'undici';
import { INTERNAL_CONTEXT_HEADER } from '@ekyc/internal-context';

export interface GatewayContext {
  /** The internal context, signed once per request and forwarded to every subgraph call. */
  signedContext: string;
  requestId: string;
  /** Epoch milliseconds after which the request's subgraph calls are cancelled. */
  deadline: number;
}

/** Carries the request's deadline to the fetcher (and tells the subgraph how long it has). */
export const DEADLINE_HEADER = 'x-request-deadline';

const deadlineExceeded = () =>
  new GraphQLError('the operation ran past its deadline; its remaining subgraph calls were cancelled', {
    extensions: { code: 'DEADLINE_EXCEEDED', http: { status: 504 } },
  });

/**
 * One pooled keep-alive agent for all subgraph calls (a new connection per fetch would cost a handshake each). Each
 * call is cancelled at the request's deadline, or after `defaultTimeoutMs` when the call carries none.
 */
export function createKeepAliveFetcher(defaultTimeoutMs = 30_000): { fetcher: Fetcher; close(): Promise<void> } {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 128 });
  const fetcher = (async (url: string, init?: { headers?: Record<string, string> } & Record<string, unknown>) => {
    const deadline = Number(init?.headers?.[DEADLINE_HEADER]);
    const remaining = Number.isFinite(deadline) ? deadline - Date.now() : defaultTimeoutMs;
    if (remaining <= 0) throw deadlineExceeded();
    try {
      return await fetch(url, { ...init, dispatcher, signal: AbortSignal.timeout(remaining) } as never);
    } catch (err) {
      if ((err as Error).name === 'TimeoutError') throw deadlineExceeded();
      throw err;
    }
  }) as unknown as Fetcher;
  return { fetcher, close: () => dispatcher.close() };
}

export class SignedContextDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if ('signedContext' in context && context.signedContext) {
      request.http?.headers.set(INTERNAL_CONTEXT_HEADER, context.signedContext);
      request.http?.headers.set('x-request-id', context.requestId);
      request.http?.headers.set(DEADLINE_HEADER, String(context.deadline));
    }
  }
}
