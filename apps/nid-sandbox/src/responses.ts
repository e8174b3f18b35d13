import { NID_MESSAGES, type NidErrorBody } from '@ekyc/provider-contracts';

const REASONS: Record<number, string> = {
  200: 'OK',
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  500: 'INTERNAL_SERVER_ERROR',
};

export interface ContractAnswer {
  status: number;
  body: unknown;
}

export const success = (data: unknown): ContractAnswer => ({ status: 200, body: { status: 'OK', statusCode: 'SUCCESS', success: { data } } });

export const failure = (status: number, error: NidErrorBody): ContractAnswer => ({
  status,
  body: { status: REASONS[status] ?? 'ERROR', statusCode: 'ERROR', error },
});

/** Missing, invalid, expired or revoked bearer token (designed in the contract file). */
export const tokenRejected = (): ContractAnswer => failure(401, { field: 'token', message: NID_MESSAGES.unauthorized });
/** The documented password-expiry answer, for every API but change-user-password. */
export const passwordExpired = (): ContractAnswer => failure(401, { field: 'Authorization', message: NID_MESSAGES.accessDenied });
export const unreadable = (): ContractAnswer => failure(400, { message: NID_MESSAGES.unreadable });
export const badRequest = (field: string, message: string): ContractAnswer => failure(400, { field, message });

/** Every 5xx the fault controls inject has the body of the contract's 500. */
export const serverError = (status: number): ContractAnswer => ({
  status,
  body: { status: 'INTERNAL_SERVER_ERROR', statusCode: 'ERROR', error: { message: NID_MESSAGES.internalError } },
});

/** Request bodies arrive raw, so an unreadable one can be answered after authentication, as the service does. */
export function readJsonObject(raw: unknown): Record<string, unknown> | null {
  if (!Buffer.isBuffer(raw) || raw.length === 0) return null;
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
