import { randomBytes } from 'node:crypto';
import { CDP_MESSAGES, CDP_RESPONSE_CODES, type CdpEnvelope, type CdpFieldError } from '@ekyc/provider-contracts';

export interface ContractAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function envelope<T>(
  now: number,
  responseCode: string,
  responseMessage: string,
  extra: { requestId?: string | null; data?: T | null; errors?: CdpFieldError[] } = {},
): CdpEnvelope<T> {
  return {
    responseCode,
    responseMessage,
    requestId: extra.requestId ?? null,
    traceId: randomBytes(8).toString('hex'),
    timestamp: new Date(now).toISOString(),
    data: extra.data ?? null,
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
}

export const answer = <T>(
  status: number,
  now: number,
  code: string,
  message: string,
  extra: { requestId?: string | null; data?: T | null; errors?: CdpFieldError[] } = {},
): ContractAnswer => ({
  status,
  body: envelope(now, code, message, extra),
});

/** Missing, malformed, expired or revoked bearer token, on every CAAS API. */
export const unauthorized = (now: number, requestId: string | null = null): ContractAnswer => ({
  status: 401,
  body: envelope(now, CDP_RESPONSE_CODES.unauthorized, CDP_MESSAGES.unauthorized, { requestId }),
  headers: { 'www-authenticate': 'Bearer realm="cdp", error="invalid_token", error_description="Token is not active"' },
});

/** The injected 5xx (and the contract's 200 internal error) carry the CDP-5000 envelope. */
export const internalError = (status: number, now: number, requestId: string | null = null): ContractAnswer =>
  answer(status, now, CDP_RESPONSE_CODES.internalError, CDP_MESSAGES.internalError, { requestId });

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
