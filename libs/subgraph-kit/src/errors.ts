import { GraphQLError } from 'graphql';

/** Stable codes clients switch on (GraphQL `extensions.code`, REST body `code`). */
export const ErrorCode = {
  Unauthenticated: 'UNAUTHENTICATED',
  InvalidToken: 'INVALID_TOKEN',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  ValidationFailed: 'VALIDATION_FAILED',
  Conflict: 'CONFLICT',
  Internal: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

export function graphqlError(code: string, message: string, extra: Record<string, unknown> = {}, httpStatus?: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, ...extra, ...(httpStatus ? { http: { status: httpStatus } } : {}) },
  });
}

// Resolver errors keep HTTP 200: the gateway then passes them through as they are, code and all.
export const forbidden = (needed: readonly string[]) =>
  graphqlError(ErrorCode.Forbidden, `this operation needs one of the roles: ${needed.join(', ')}`, { requiredRoles: needed });

export const invalidArgument = (field: string, message: string) => graphqlError(ErrorCode.ValidationFailed, message, { field });
