import { createContext, useContext } from 'react';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { request } from './graphql/client';

export type Call = <TData, TVariables extends Record<string, unknown>>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables) => Promise<TData>;

/** Every operation goes to the gateway's /graphql as the signed-in user (by token, or by the session cookie when null). */
export const callAs =
  (credential: string | null): Call =>
  (document, variables) =>
    request(document, variables, { credential });

export const ApiContext = createContext<Call | null>(null);

export function useApi(): Call {
  const call = useContext(ApiContext);
  if (!call) throw new Error('useApi outside a signed-in session');
  return call;
}
