import { BrokenCircuitError } from 'cockatiel';
import { request } from 'undici';
import { createUpstream, type CircuitStateName, type UpstreamResilience } from '@ekyc/service-runtime';
import {
  CDP_PATHS,
  CDP_RESPONSE_CODES,
  cdpCustomer,
  cdpErrorEnvelope,
  cdpMasterDataSchema,
  cdpOAuthError,
  cdpSubscription,
  cdpTokenResponse,
  type CdpCall,
  type CdpError,
  type CdpErrorCode,
  type CdpOperation,
  type CdpPort,
  type CdpResult,
} from '@ekyc/provider-contracts';

export interface CdpClientOptions extends UpstreamResilience {
  baseUrl: string;
  /** Per HTTP attempt. */
  timeoutMs: number;
  /** Attempts per idempotent call (token, lookup, subscription, master data) on 502, network errors and timeouts. */
  maxAttempts: number;
}

/** The failures worth another try: the CDP's documented 502, or no answer at all. */
class TransientCdpError extends Error {
  constructor(
    readonly code: 'CDP_UNAVAILABLE' | 'CDP_TIMEOUT',
    message: string,
    readonly httpStatus: number | null,
    readonly responseCode: string | null,
  ) {
    super(message);
  }
}

interface Answer {
  status: number;
  body: unknown;
}

type Request = { method: 'GET' | 'POST'; path: string; token?: string; json?: unknown; form?: Record<string, string> };

const fail = <T>(code: CdpErrorCode, message: string, details: Partial<Omit<CdpError, 'code' | 'message'>> = {}): CdpResult<T> => ({
  ok: false,
  error: {
    code,
    message,
    httpStatus: details.httpStatus ?? null,
    responseCode: details.responseCode ?? null,
    retryable: details.retryable ?? false,
    problems: details.problems ?? [],
  },
});

const responseCodeOf = (body: unknown): string | null => {
  if (body === null || typeof body !== 'object') return null;
  const { responseCode, error } = body as { responseCode?: unknown; error?: unknown };
  return typeof responseCode === 'string' ? responseCode : typeof error === 'string' ? error : null;
};

/**
 * The adapter to the Customer Data Platform (shared/seeds/cdp-customer-onboarding-api.txt, payloads as designed in
 * libs/provider-contracts). One instance per CDP base URL: its circuit breaker is shared by every tenant.
 * Onboarding is never retried here: after a 502 or a lost answer only a lookup can tell whether it happened.
 */
export function createCdpClient(options: CdpClientOptions): CdpPort & { circuitState(): CircuitStateName; close(): Promise<void> } {
  const upstream = createUpstream(TransientCdpError, options);
  const { dispatcher, breaker, retrying } = upstream;
  const base = options.baseUrl.replace(/\/+$/, '');

  async function attempt(operation: CdpOperation, req: Request, onCall: (call: CdpCall) => void): Promise<Answer> {
    const startedAt = new Date();
    const t0 = performance.now();
    const record = (outcome: CdpCall['outcome'], httpStatus: number | null, responseCode: string | null) =>
      onCall({ operation, outcome, httpStatus, responseCode, latencyMs: Math.round(performance.now() - t0), startedAt });
    const headers: Record<string, string> = { accept: 'application/json' };
    let body: string | undefined;
    if (req.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    } else if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    }
    if (req.token) headers['authorization'] = `Bearer ${req.token}`;
    try {
      const res = await request(`${base}${req.path}`, { method: req.method, headers, body, dispatcher, signal: AbortSignal.timeout(options.timeoutMs) });
      const text = await res.body.text();
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = null;
      }
      const responseCode = responseCodeOf(parsed);
      if (res.statusCode === 502) {
        record('unavailable', 502, responseCode);
        throw new TransientCdpError('CDP_UNAVAILABLE', `the CDP answered 502${responseCode ? ` ${responseCode}` : ''}`, 502, responseCode);
      }
      const outcome =
        res.statusCode >= 500 || responseCode === CDP_RESPONSE_CODES.internalError ? 'unavailable' : res.statusCode >= 300 ? 'rejected' : 'success';
      record(outcome, res.statusCode, responseCode);
      return { status: res.statusCode, body: parsed };
    } catch (err) {
      if (err instanceof TransientCdpError) throw err;
      const name = (err as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        record('timeout', null, null);
        throw new TransientCdpError('CDP_TIMEOUT', `no answer within ${options.timeoutMs} ms`, null, null);
      }
      record('unavailable', null, null);
      throw new TransientCdpError('CDP_UNAVAILABLE', `network error: ${(err as Error).message}`, null, null);
    }
  }

  async function exchange(operation: CdpOperation, req: Request, onCall: (call: CdpCall) => void, { idempotent = true } = {}): Promise<CdpResult<Answer>> {
    try {
      const policy = idempotent ? retrying : breaker;
      return { ok: true, value: await policy.execute(() => attempt(operation, req, onCall)) };
    } catch (err) {
      if (err instanceof BrokenCircuitError) return fail('CDP_CIRCUIT_OPEN', 'the CDP failed repeatedly; calls are paused', { retryable: true });
      if (err instanceof TransientCdpError) return fail(err.code, err.message, { httpStatus: err.httpStatus, responseCode: err.responseCode, retryable: true });
      throw err;
    }
  }

  /** The envelope of a CAAS answer; anything else is an undocumented answer. */
  function envelopeOf(answer: Answer): CdpResult<{ responseCode: string; responseMessage: string; data: unknown; errors: CdpError['problems'] }> {
    const parsed = cdpErrorEnvelope.safeParse(answer.body);
    if (!parsed.success) return fail('CDP_UNEXPECTED_RESPONSE', `the CDP answered ${answer.status} with an undocumented body`, { httpStatus: answer.status });
    const { responseCode, responseMessage, data, errors } = parsed.data;
    return { ok: true, value: { responseCode, responseMessage, data, errors: errors ?? [] } };
  }

  /** What every CAAS API shares: 401, the 400 family, the internal error, anything undocumented. */
  function commonError<T>(answer: Answer, envelope: { responseCode: string; responseMessage: string; errors: CdpError['problems'] }): CdpResult<T> {
    const { responseCode, responseMessage, errors } = envelope;
    const details = { httpStatus: answer.status, responseCode, problems: errors };
    if (answer.status === 401) return fail('CDP_TOKEN_REJECTED', `the CDP refused the access token: ${responseMessage}`, details);
    // The documented internal error is a 200 (lookup, subscription); any other 5xx is outside the contract and not retried.
    if (responseCode === CDP_RESPONSE_CODES.internalError && answer.status === 200)
      return fail('CDP_INTERNAL_ERROR', 'the CDP reported an internal error', { ...details, retryable: true });
    if (responseCode === CDP_RESPONSE_CODES.mandatoryFieldMissing) return fail('CDP_MANDATORY_FIELD_MISSING', responseMessage, details);
    if (responseCode === CDP_RESPONSE_CODES.invalidMasterData) return fail('CDP_INVALID_MASTER_DATA', responseMessage, details);
    if (responseCode === CDP_RESPONSE_CODES.invalidFieldValue) return fail('CDP_INVALID_FIELD_VALUE', responseMessage, details);
    if (responseCode === CDP_RESPONSE_CODES.badRequest) return fail('CDP_BAD_REQUEST', responseMessage, details);
    return fail('CDP_UNEXPECTED_RESPONSE', `the CDP answered ${answer.status} ${responseCode}: ${responseMessage}`, details);
  }

  function customerOf(data: unknown) {
    const parsed = cdpCustomer.safeParse(data);
    return parsed.success ? parsed.data : null;
  }

  return {
    async token(form, onCall) {
      const sentAt = new Date();
      const res = await exchange('token', { method: 'POST', path: CDP_PATHS.token, form: form as Record<string, string> }, onCall);
      if (!res.ok) return res;
      const answer = res.value;
      if (answer.status === 200) {
        const parsed = cdpTokenResponse.safeParse(answer.body);
        if (!parsed.success)
          return fail('CDP_UNEXPECTED_RESPONSE', 'the token endpoint answered 200 without a token', {
            httpStatus: 200,
            responseCode: responseCodeOf(answer.body),
          });
        const t = parsed.data;
        return {
          ok: true,
          value: {
            accessToken: t.access_token,
            expiresIn: t.expires_in,
            refreshToken: t.refresh_token ?? null,
            refreshExpiresIn: t.refresh_expires_in,
            issuedAt: sentAt,
          },
        };
      }
      const error = cdpOAuthError.safeParse(answer.body);
      if (!error.success)
        return fail('CDP_UNEXPECTED_RESPONSE', `the token endpoint answered ${answer.status} with an undocumented body`, { httpStatus: answer.status });
      const { error: code, error_description: description } = error.data;
      const details = { httpStatus: answer.status, responseCode: code };
      const message = `${code}${description ? `: ${description}` : ''}`;
      if (form.grant_type === 'refresh_token' && code === 'invalid_grant') return fail('CDP_REFRESH_REJECTED', message, details);
      if (answer.status === 400 || answer.status === 401) return fail('CDP_BAD_CREDENTIALS', `the CDP refused the client: ${message}`, details);
      return fail('CDP_UNEXPECTED_RESPONSE', `the token endpoint answered ${answer.status}: ${message}`, details);
    },

    async lookupCustomer(accessToken, body, onCall) {
      const res = await exchange('customer_lookup', { method: 'POST', path: CDP_PATHS.customerLookup, token: accessToken, json: body }, onCall);
      if (!res.ok) return res;
      const answer = res.value;
      const envelope = envelopeOf(answer);
      if (!envelope.ok) return envelope;
      const { responseCode, data } = envelope.value;
      // The contract prints the investigation case's status as "401200": accept it with either status.
      if (responseCode === CDP_RESPONSE_CODES.complianceInvestigation && (answer.status === 200 || answer.status === 401))
        return { ok: true, value: { kind: 'under_investigation' } };
      if (answer.status === 200) {
        if (responseCode === CDP_RESPONSE_CODES.success) {
          const customer = customerOf(data);
          return customer
            ? { ok: true, value: { kind: 'found', customer } }
            : fail('CDP_UNEXPECTED_RESPONSE', 'the lookup found a customer without its details', { httpStatus: 200, responseCode });
        }
        if (responseCode === CDP_RESPONSE_CODES.subscriptionPending) return { ok: true, value: { kind: 'subscription_pending', customer: customerOf(data) } };
        if (responseCode === CDP_RESPONSE_CODES.customerNotFound) return { ok: true, value: { kind: 'not_found' } };
        if (responseCode === CDP_RESPONSE_CODES.blocked) return { ok: true, value: { kind: 'blocked' } };
      }
      return commonError(answer, envelope.value);
    },

    async onboardCustomer(accessToken, body, onCall) {
      const res = await exchange('onboarding', { method: 'POST', path: CDP_PATHS.onboarding, token: accessToken, json: body }, onCall, { idempotent: false });
      if (!res.ok) return res;
      const answer = res.value;
      const envelope = envelopeOf(answer);
      if (!envelope.ok) return envelope;
      const { responseCode, data } = envelope.value;
      if (answer.status === 200 && (responseCode === CDP_RESPONSE_CODES.success || responseCode === CDP_RESPONSE_CODES.alreadyOnboarded)) {
        const customer = customerOf(data);
        if (!customer) return fail('CDP_UNEXPECTED_RESPONSE', 'the CDP onboarded a customer without returning it', { httpStatus: 200, responseCode });
        return { ok: true, value: { kind: responseCode === CDP_RESPONSE_CODES.success ? 'onboarded' : 'already_onboarded', customer } };
      }
      if (answer.status === 406 && responseCode === CDP_RESPONSE_CODES.complianceInvestigation) return { ok: true, value: { kind: 'under_investigation' } };
      if (answer.status === 406 && responseCode === CDP_RESPONSE_CODES.blocked) return { ok: true, value: { kind: 'blocked' } };
      return commonError(answer, envelope.value);
    },

    async subscriptionStatus(accessToken, { customerId }, onCall) {
      const path = `${CDP_PATHS.subscriptionStatus}?${new URLSearchParams({ customerId }).toString()}`;
      const res = await exchange('subscription_status', { method: 'GET', path, token: accessToken }, onCall);
      if (!res.ok) return res;
      const answer = res.value;
      const envelope = envelopeOf(answer);
      if (!envelope.ok) return envelope;
      const { responseCode, data } = envelope.value;
      if (answer.status === 200) {
        if (responseCode === CDP_RESPONSE_CODES.customerNotFound) return { ok: true, value: { kind: 'not_found' } };
        if (([CDP_RESPONSE_CODES.success, CDP_RESPONSE_CODES.subscriptionPending, CDP_RESPONSE_CODES.notSubscribed] as string[]).includes(responseCode)) {
          const subscription = cdpSubscription.safeParse(data);
          if (subscription.success) return { ok: true, value: { kind: 'found', subscription: subscription.data } };
          return fail('CDP_UNEXPECTED_RESPONSE', 'the subscription status came without its details', { httpStatus: 200, responseCode });
        }
      }
      return commonError(answer, envelope.value);
    },

    async masterData(accessToken, onCall) {
      const res = await exchange('master_data', { method: 'GET', path: CDP_PATHS.masterData, token: accessToken }, onCall);
      if (!res.ok) return res;
      const envelope = envelopeOf(res.value);
      if (!envelope.ok) return envelope;
      if (res.value.status === 200 && envelope.value.responseCode === CDP_RESPONSE_CODES.success) {
        const parsed = cdpMasterDataSchema.safeParse(envelope.value.data);
        if (parsed.success) return { ok: true, value: parsed.data };
      }
      return commonError(res.value, envelope.value);
    },

    circuitState: upstream.circuitState,
    close: upstream.close,
  };
}
