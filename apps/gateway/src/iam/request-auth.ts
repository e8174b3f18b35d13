import type { Request } from 'express';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import type { Logger } from '@ekyc/logger';
import { authorizationOf, type AuthFailureCode, type IamService, type Principal } from './iam.service';

export interface RateLimits {
  /** Failed authentications allowed per client address per minute; the next one, and every request after, gets 429. */
  authFailuresPerMinute: number;
  /** How long an address that failed too often is refused, in seconds. */
  authFailureBlockSeconds: number;
  /** Requests allowed per user (all of a user's tokens and JWTs together) per minute. */
  requestsPerUserPerMinute: number;
}

export type RequestAuth =
  | { ok: true; principal: Principal }
  | { ok: false; status: 401; code: AuthFailureCode; message: string }
  | { ok: false; status: 429; code: 'TOO_MANY_AUTH_FAILURES' | 'RATE_LIMITED'; message: string; retryAfterSeconds: number };

/** Authenticates a request's credentials, within the platform's rate limits. */
export interface RequestAuthenticator {
  authenticate(req: Pick<Request, 'headers' | 'ip' | 'socket'>): Promise<RequestAuth>;
}

/** Authentication with no limits, where counting is someone else's job (a test, a tool). */
export const unlimitedAuthenticator = (iam: Pick<IamService, 'authenticate'>): RequestAuthenticator => ({
  async authenticate(req) {
    const auth = await iam.authenticate(authorizationOf(req.headers));
    return auth.ok ? auth : { ok: false, status: 401, code: auth.code, message: auth.message };
  },
});

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/**
 * Counts in Postgres (`gateway.rate_limits`, one atomic upsert per check) with rate-limiter-flexible, so every gateway
 * instance shares the counts: Postgres is already what every instance depends on, while Redis would be one more thing
 * to run and secure for a few thousand counters. If the store cannot be reached, requests are let through (and logged):
 * authentication itself does not depend on the limiter.
 */
export function createRequestAuthenticator(deps: {
  iam: Pick<IamService, 'authenticate'>;
  ds: DataSource;
  limits: RateLimits;
  log: Logger;
}): RequestAuthenticator {
  const { iam, ds, limits, log } = deps;
  const store = { storeClient: ds, storeType: 'typeorm', schemaName: 'gateway', tableName: 'rate_limits', tableCreated: true } as const;
  const failures = new RateLimiterPostgres({
    ...store,
    keyPrefix: 'auth_fail',
    points: limits.authFailuresPerMinute,
    duration: 60,
    blockDuration: limits.authFailureBlockSeconds,
  });
  const perUser = new RateLimiterPostgres({ ...store, keyPrefix: 'user', points: limits.requestsPerUserPerMinute, duration: 60 });

  const storeDown = (err: unknown) => {
    log.warn({ err }, 'rate-limit store unavailable; request let through');
    return null;
  };
  /** The limiter's answer: null when within the limit (or the store is down), the refusal otherwise. */
  const consume = (limiter: RateLimiterPostgres, key: string): Promise<RateLimiterRes | null> =>
    limiter.consume(key).then(
      () => null,
      (rejection: unknown) => (rejection instanceof RateLimiterRes ? rejection : storeDown(rejection)),
    );

  return {
    async authenticate(req) {
      const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
      // The address's failures and the credential are looked up at once: one round trip of latency, not two.
      const [blocked, auth] = await Promise.all([failures.get(address).catch(storeDown), iam.authenticate(authorizationOf(req.headers))]);
      if (blocked && blocked.consumedPoints > limits.authFailuresPerMinute) {
        return {
          ok: false,
          status: 429,
          code: 'TOO_MANY_AUTH_FAILURES',
          message: 'too many failed authentications from this address; wait before trying again',
          retryAfterSeconds: retryAfter(blocked),
        };
      }
      if (!auth.ok) {
        const refused = await consume(failures, address);
        if (refused) {
          return {
            ok: false,
            status: 429,
            code: 'TOO_MANY_AUTH_FAILURES',
            message: 'too many failed authentications from this address; wait before trying again',
            retryAfterSeconds: retryAfter(refused),
          };
        }
        return { ok: false, status: 401, code: auth.code, message: auth.message };
      }
      const limited = await consume(perUser, `${auth.principal.tenantId}:${auth.principal.userId}`);
      if (limited) {
        return {
          ok: false,
          status: 429,
          code: 'RATE_LIMITED',
          message: `more than ${limits.requestsPerUserPerMinute} requests a minute for this user; slow down`,
          retryAfterSeconds: retryAfter(limited),
        };
      }
      return auth;
    },
  };
}
