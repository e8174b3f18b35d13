import type { NidCall, NidErrorCode, NidPartnerPort, NidResult, NidSession } from '@ekyc/provider-contracts';
import type { CredentialProblemCode } from './credential-problems';
import type { NidCredentialsService } from './nid-credentials.service';

export type SessionResult<T> =
  | { ok: true; value: T; username: string }
  | {
      ok: false;
      error: { code: NidErrorCode | CredentialProblemCode; message: string; field: string | null; httpStatus: number | null };
      username: string | null;
    };

interface CachedSession {
  session: NidSession;
}

/**
 * One NID session per tenant: log in once, reuse the token until shortly before it expires (the contract
 * asks partners not to log in per call), log in again then or when the service rejects the token, and
 * never run two logins for one tenant at once.
 */
export class NidSessions {
  private readonly cache = new Map<string, CachedSession>();
  private readonly logins = new Map<string, Promise<SessionResult<NidSession>>>();

  constructor(
    private readonly deps: {
      client: NidPartnerPort;
      credentials: NidCredentialsService;
      /** Log in again this long before the token's expiry. */
      refreshMarginMs: number;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** Drops the tenant's cached token after its credentials changed, keeping the session of the login that proved them, if any. */
  forget(tenantId: string, fresh?: NidSession | null): void {
    if (fresh) this.cache.set(tenantId, { session: fresh });
    else this.cache.delete(tenantId);
  }

  /** Runs `call` with a valid token; a rejected token gets one fresh login and one more try. */
  async withSession<T>(tenantId: string, calls: NidCall[], call: (token: string) => Promise<NidResult<T>>): Promise<SessionResult<T>> {
    const first = await this.session(tenantId, calls);
    if (!first.ok) return first;
    let result = await call(first.value.accessToken);
    if (!result.ok && result.error.code === 'NID_TOKEN_REJECTED') {
      if (this.cache.get(tenantId)?.session === first.value) this.cache.delete(tenantId);
      const second = await this.session(tenantId, calls);
      if (!second.ok) return second;
      result = await call(second.value.accessToken);
    }
    if (!result.ok) {
      if (result.error.code === 'NID_PASSWORD_EXPIRED' || result.error.code === 'NID_SLA_NOT_ASSIGNED') {
        this.cache.delete(tenantId);
        await this.deps.credentials.markProblem(tenantId, result.error.code, result.error.message);
      }
      return { ...result, username: first.username };
    }
    return { ok: true, value: result.value, username: first.username };
  }

  private session(tenantId: string, calls: NidCall[]): Promise<SessionResult<NidSession>> {
    const cached = this.cache.get(tenantId);
    if (cached && cached.session.expiresAt.getTime() - this.deps.refreshMarginMs > this.now()) {
      return Promise.resolve({ ok: true, value: cached.session, username: cached.session.username });
    }
    const inflight = this.logins.get(tenantId);
    if (inflight) return inflight;
    const login = this.login(tenantId, calls).finally(() => this.logins.delete(tenantId));
    this.logins.set(tenantId, login);
    return login;
  }

  private async login(tenantId: string, calls: NidCall[]): Promise<SessionResult<NidSession>> {
    const credentials = await this.deps.credentials.usable(tenantId);
    if (!credentials.ok) return { ok: false, error: { ...credentials.error, field: null, httpStatus: null }, username: credentials.username };
    const { username, password } = credentials.value;
    const result = await this.deps.client.login({ username, password }, (c) => calls.push(c));
    if (!result.ok) {
      if (result.error.code === 'NID_BAD_CREDENTIALS') await this.deps.credentials.markProblem(tenantId, 'NID_BAD_CREDENTIALS', result.error.message);
      return { ...result, username };
    }
    this.cache.set(tenantId, { session: result.value });
    return { ok: true, value: result.value, username };
  }
}
