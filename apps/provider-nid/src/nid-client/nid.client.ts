import { BrokenCircuitError } from 'cockatiel';
import { decodeJwt } from 'jose';
import { request } from 'undici';
import { createUpstream, type CircuitStateName, type UpstreamResilience } from '@ekyc/service-runtime';
import type { z } from 'zod';
import {
  isPasswordExpiredError,
  NID_ACCESS_TOKEN_TTL_SECONDS,
  NID_PARTNER_PATHS,
  nidBillingResponse,
  nidChangePasswordResponse,
  nidErrorEnvelope,
  nidLoginResponse,
  nidLogoutResponse,
  nidVerificationMismatch,
  nidVerificationSuccess,
  normaliseFieldResults,
  type NidCall,
  type NidErrorCode,
  type NidOperation,
  type NidPartnerPort,
  type NidResult,
} from '@ekyc/provider-contracts';

export interface NidClientOptions extends UpstreamResilience {
  baseUrl: string;
  /** Per HTTP attempt. */
  timeoutMs: number;
  /** Attempts per call for 5xx, network errors and timeouts; other answers are never retried. */
  maxAttempts: number;
  photoMaxBytes?: number;
  /** Origins the EC photo URLs may point at; defaults to the service's own origin. */
  photoOrigins?: string[];
}

/** A failure worth retrying: the service did not answer, or answered 5xx. */
class TransientNidError extends Error {
  constructor(
    readonly code: 'NID_UNAVAILABLE' | 'NID_TIMEOUT',
    message: string,
    readonly httpStatus: number | null,
  ) {
    super(message);
  }
}

interface Answer {
  status: number;
  body: unknown;
  raw: Buffer;
  contentType: string;
}

const fail = <T>(code: NidErrorCode, message: string, httpStatus: number | null, field: string | null = null): NidResult<T> => ({
  ok: false,
  error: { code, message, field, httpStatus },
});

/**
 * The adapter to the Election Commission's NID partner service (shared/seeds/nid-partner-service-api.txt).
 * One instance per service base URL: its circuit breaker is shared by every tenant, because an outage
 * of the service is an outage for all of them.
 */
export function createNidClient(options: NidClientOptions): NidPartnerPort & { circuitState(): CircuitStateName; close(): Promise<void> } {
  const upstream = createUpstream(TransientNidError, options);
  const { dispatcher, retrying } = upstream;
  const base = options.baseUrl.replace(/\/+$/, '');
  const photoMaxBytes = options.photoMaxBytes ?? 2 * 1024 * 1024;
  const photoOrigins = new Set((options.photoOrigins?.length ? options.photoOrigins : [base]).map((o) => new URL(o).origin));

  async function attempt(
    operation: NidOperation,
    url: string,
    init: { method: 'GET' | 'POST'; token?: string; body?: unknown },
    onCall: (call: NidCall) => void,
  ): Promise<Answer> {
    const startedAt = new Date();
    const t0 = performance.now();
    const record = (outcome: NidCall['outcome'], httpStatus: number | null) =>
      onCall({ operation, outcome, httpStatus, latencyMs: Math.round(performance.now() - t0), startedAt });
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.token) headers['authorization'] = `Bearer ${init.token}`;
    try {
      const res = await request(url, {
        method: init.method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        dispatcher,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const raw = Buffer.from(await res.body.arrayBuffer());
      const contentType = String(res.headers['content-type'] ?? '');
      if (res.statusCode >= 500) {
        record('unavailable', res.statusCode);
        throw new TransientNidError('NID_UNAVAILABLE', `NID service answered ${res.statusCode}`, res.statusCode);
      }
      record(res.statusCode < 300 ? 'success' : 'rejected', res.statusCode);
      let body: unknown = null;
      if (contentType.includes('json')) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          body = null;
        }
      }
      return { status: res.statusCode, body, raw, contentType };
    } catch (err) {
      if (err instanceof TransientNidError) throw err;
      const name = (err as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        record('timeout', null);
        throw new TransientNidError('NID_TIMEOUT', `no answer within ${options.timeoutMs} ms`, null);
      }
      record('unavailable', null);
      throw new TransientNidError('NID_UNAVAILABLE', `network error: ${(err as Error).message}`, null);
    }
  }

  async function exchange(
    operation: NidOperation,
    url: string,
    init: { method: 'GET' | 'POST'; token?: string; body?: unknown },
    onCall: (call: NidCall) => void,
  ): Promise<NidResult<Answer>> {
    try {
      return { ok: true, value: await retrying.execute(() => attempt(operation, url, init, onCall)) };
    } catch (err) {
      if (err instanceof BrokenCircuitError) return fail('NID_CIRCUIT_OPEN', 'the NID service failed repeatedly; calls are paused', null);
      if (err instanceof TransientNidError) return fail(err.code, err.message, err.httpStatus);
      throw err;
    }
  }

  const post = (operation: NidOperation, path: string, body: unknown, onCall: (call: NidCall) => void, token?: string) =>
    exchange(operation, `${base}${path}`, { method: 'POST', body, token }, onCall);

  /** Maps the documented non-2xx answers every API shares. */
  function errorOf<T>(answer: Answer): NidResult<T> {
    const parsed = nidErrorEnvelope.safeParse(answer.body);
    const field = parsed.success ? (parsed.data.error.field ?? null) : null;
    const message = parsed.success ? (parsed.data.error.message ?? parsed.data.error.field ?? parsed.data.status) : `unexpected answer ${answer.status}`;
    if (answer.status === 401 && isPasswordExpiredError(answer.body))
      return fail('NID_PASSWORD_EXPIRED', 'the NID service password has expired; change it to resume', 401, field);
    if (answer.status === 401) return fail('NID_TOKEN_REJECTED', message, 401, field);
    if (answer.status === 403) return fail('NID_SLA_NOT_ASSIGNED', message, 403, field);
    if (answer.status === 400) return fail('NID_BAD_REQUEST', message, 400, field);
    return fail('NID_UNEXPECTED_RESPONSE', `unexpected answer ${answer.status}: ${message}`, answer.status, field);
  }

  function successData<S extends z.ZodType>(schema: S, answer: Answer): NidResult<z.infer<S>> {
    const parsed = schema.safeParse(answer.body);
    if (!parsed.success) return fail('NID_UNEXPECTED_RESPONSE', 'the NID service answered 200 with an undocumented body', answer.status);
    return { ok: true, value: parsed.data };
  }

  return {
    async login(credentials, onCall) {
      const res = await post('login', NID_PARTNER_PATHS.login, credentials, onCall);
      if (!res.ok) return res;
      if (res.value.status !== 200) {
        const error = errorOf<never>(res.value);
        return res.value.status === 401 && !error.ok && error.error.code === 'NID_TOKEN_REJECTED'
          ? fail('NID_BAD_CREDENTIALS', 'the NID service refused the username or password', 401, error.error.field)
          : error;
      }
      const parsed = successData(nidLoginResponse, res.value);
      if (!parsed.ok) return parsed;
      if (parsed.value.statusCode !== 'SUCCESS') return fail('NID_UNEXPECTED_RESPONSE', 'login answered 200 with an error body', 200);
      const data = parsed.value.success.data;
      return {
        ok: true,
        value: { username: data.username, accessToken: data.access_token, refreshToken: data.refresh_token, expiresAt: tokenExpiry(data.access_token) },
      };
    },

    async logout(accessToken, onCall) {
      const res = await post('logout', NID_PARTNER_PATHS.logout, {}, onCall, accessToken);
      if (!res.ok) return res;
      if (res.value.status !== 200) return errorOf(res.value);
      const parsed = successData(nidLogoutResponse, res.value);
      return parsed.ok ? { ok: true, value: undefined } : parsed;
    },

    async verify(accessToken, body, onCall) {
      const res = await post('demographic_verification', NID_PARTNER_PATHS.demographicVerification, body, onCall, accessToken);
      if (!res.ok) return res;
      const answer = res.value;
      if (answer.status === 200) {
        const parsed = successData(nidVerificationSuccess, answer);
        if (!parsed.ok) return parsed;
        return {
          ok: true,
          value: { kind: 'verified', person: parsed.value.success.data, fields: normaliseFieldResults(parsed.value.fieldVerificationResult) },
        };
      }
      if (answer.status === 406) {
        const parsed = successData(nidVerificationMismatch, answer);
        if (!parsed.ok) return parsed;
        return {
          ok: true,
          value: { kind: 'mismatch', person: parsed.value.partialResponse ?? null, fields: normaliseFieldResults(parsed.value.fieldVerificationResult) },
        };
      }
      if (answer.status === 404) {
        const parsed = nidErrorEnvelope.safeParse(answer.body);
        return { ok: true, value: { kind: 'not_found', field: parsed.success ? (parsed.data.error.field ?? null) : null } };
      }
      return errorOf(answer);
    },

    async changePassword(accessToken, body, onCall) {
      const res = await post('change_password', NID_PARTNER_PATHS.changePassword, body, onCall, accessToken);
      if (!res.ok) return res;
      if (res.value.status !== 200) return errorOf(res.value);
      const parsed = successData(nidChangePasswordResponse, res.value);
      if (!parsed.ok) return parsed;
      if (parsed.value.statusCode !== 'SUCCESS') {
        return fail('NID_BAD_REQUEST', parsed.value.error.message ?? 'password change refused', 200, parsed.value.error.field ?? null);
      }
      return { ok: true, value: undefined };
    },

    async billingReport(accessToken, body, onCall) {
      const res = await post('billing_report', NID_PARTNER_PATHS.billingReport, body, onCall, accessToken);
      if (!res.ok) return res;
      if (res.value.status !== 200) return errorOf(res.value);
      const parsed = successData(nidBillingResponse, res.value);
      if (!parsed.ok) return parsed;
      if (parsed.value.statusCode !== 'SUCCESS')
        return fail('NID_BAD_REQUEST', parsed.value.error.message ?? 'billing report refused', 200, parsed.value.error.field ?? null);
      return { ok: true, value: parsed.value.success.data };
    },

    async fetchPhoto(url, onCall) {
      // The photo lives on the service's own file host; refuse anything else so a forged URL cannot make us fetch arbitrary hosts.
      const photoUrl = safeUrl(url);
      if (!photoUrl || !photoOrigins.has(photoUrl.origin)) return fail('NID_UNEXPECTED_RESPONSE', 'the photo URL is not on the NID service host', null);
      const res = await exchange('photo', photoUrl.toString(), { method: 'GET' }, onCall);
      if (!res.ok) return res;
      const answer = res.value;
      if (answer.status === 403) return fail('NID_PHOTO_EXPIRED', 'the photo URL expired before it was fetched', 403);
      if (answer.status !== 200) return fail('NID_UNEXPECTED_RESPONSE', `photo answered ${answer.status}`, answer.status);
      if (!answer.contentType.startsWith('image/') || answer.raw.length === 0 || answer.raw.length > photoMaxBytes) {
        return fail('NID_UNEXPECTED_RESPONSE', 'the photo is not an image of an acceptable size', 200);
      }
      return { ok: true, value: { bytes: answer.raw, contentType: answer.contentType.split(';')[0] ?? 'image/jpeg' } };
    },

    circuitState: upstream.circuitState,
    close: upstream.close,
  };
}

function tokenExpiry(accessToken: string): Date {
  try {
    const { exp } = decodeJwt(accessToken);
    if (typeof exp === 'number') return new Date(exp * 1000);
  } catch {
    // Not a JWT we can read: fall back to the documented lifetime.
  }
  return new Date(Date.now() + NID_ACCESS_TOKEN_TTL_SECONDS * 1000);
}

function safeUrl(value: string): URL | null {
  try {
    return new URL(value.replace(/\s+/g, ''));
  } catch {
    return null;
  }
}
