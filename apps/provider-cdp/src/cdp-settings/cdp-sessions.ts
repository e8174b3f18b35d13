import type { CdpCall, CdpError, CdpPort, CdpResult, CdpTokenSet } from '@ekyc/provider-contracts';
import type { CdpSettingsService } from './cdp-settings.service';
import type { CredentialProblemCode } from './credential-problems';

export type SessionResult<T> =
  | { ok: true; value: T; clientId: string }
  | { ok: false; error: Omit<CdpError, 'code'> & { code: CdpError['code'] | CredentialProblemCode }; clientId: string | null };

interface CachedTokens {
  clientId: string;
  accessToken: string;
  accessExpiresAt: number;
  refreshToken: string | null;
  refreshExpiresAt: number;
}

const problem = (code: CredentialProblemCode, message: string) => ({ code, message, httpStatus: null, responseCode: null, retryable: false, problems: [] });

/**
 * One token per tenant: fetched once, reused until shortly before `expires_in` runs out, then refreshed with the
 * refresh token while that lives (a new client-credentials token otherwise), fetched anew when the CDP answers
 * 401, and never fetched twice at once for one tenant.
 */
export class CdpSessions {
  private readonly cache = new Map<string, CachedTokens>();
  private readonly inflight = new Map<string, Promise<SessionResult<CachedTokens>>>();

  constructor(
    private readonly deps: {
      client: Pick<CdpPort, 'token'>;
      settings: Pick<CdpSettingsService, 'usable' | 'markInvalid'>;
      /** Refresh this long before the access token (or use a new token this long before the refresh token) expires. */
      refreshMarginMs: number;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** Drops the tenant's tokens after its settings changed, keeping those of the check that proved the new ones. */
  forget(tenantId: string, fresh?: { clientId: string; tokens: CdpTokenSet } | null): void {
    if (fresh) this.cache.set(tenantId, this.toCached(fresh.clientId, fresh.tokens));
    else this.cache.delete(tenantId);
  }

  /** Runs `call` with a valid access token; a 401 gets one freshly fetched token and one more try. */
  async withSession<T>(tenantId: string, calls: CdpCall[], call: (accessToken: string) => Promise<CdpResult<T>>): Promise<SessionResult<T>> {
    const first = await this.tokens(tenantId, calls);
    if (!first.ok) return first;
    let result = await call(first.value.accessToken);
    if (!result.ok && result.error.code === 'CDP_TOKEN_REJECTED') {
      if (this.cache.get(tenantId) === first.value) this.cache.delete(tenantId);
      const second = await this.tokens(tenantId, calls, { fresh: true });
      if (!second.ok) return second;
      result = await call(second.value.accessToken);
    }
    return result.ok ? { ok: true, value: result.value, clientId: first.clientId } : { ok: false, error: result.error, clientId: first.clientId };
  }

  private tokens(tenantId: string, calls: CdpCall[], { fresh = false } = {}): Promise<SessionResult<CachedTokens>> {
    const cached = this.cache.get(tenantId);
    if (cached && cached.accessExpiresAt - this.deps.refreshMarginMs > this.now())
      return Promise.resolve({ ok: true, value: cached, clientId: cached.clientId });
    const running = this.inflight.get(tenantId);
    if (running) return running;
    const obtained = this.obtain(tenantId, calls, fresh ? undefined : cached).finally(() => this.inflight.delete(tenantId));
    this.inflight.set(tenantId, obtained);
    return obtained;
  }

  private async obtain(tenantId: string, calls: CdpCall[], previous: CachedTokens | undefined): Promise<SessionResult<CachedTokens>> {
    const onCall = (c: CdpCall) => calls.push(c);
    const credentials = await this.deps.settings.usable(tenantId);
    if (!credentials.ok) return { ok: false, error: problem(credentials.error.code, credentials.error.message), clientId: credentials.clientId };
    const { clientId, clientSecret } = credentials.value;
    // Lifetimes count from when the request left, by this class's clock.
    const requestedAt = new Date(this.now());
    if (previous?.refreshToken && previous.clientId === clientId && previous.refreshExpiresAt - this.deps.refreshMarginMs > this.now()) {
      const refreshed = await this.deps.client.token(
        { grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: previous.refreshToken },
        onCall,
      );
      if (refreshed.ok) return this.store(tenantId, clientId, { ...refreshed.value, issuedAt: requestedAt });
      if (refreshed.error.code !== 'CDP_REFRESH_REJECTED' && refreshed.error.code !== 'CDP_BAD_CREDENTIALS')
        return { ok: false, error: refreshed.error, clientId };
    }
    const fetchedAt = new Date(this.now());
    const fetched = await this.deps.client.token({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }, onCall);
    if (!fetched.ok) {
      if (fetched.error.code === 'CDP_BAD_CREDENTIALS') await this.deps.settings.markInvalid(tenantId, fetched.error.message);
      return { ok: false, error: fetched.error, clientId };
    }
    return this.store(tenantId, clientId, { ...fetched.value, issuedAt: fetchedAt });
  }

  private store(tenantId: string, clientId: string, tokens: CdpTokenSet): SessionResult<CachedTokens> {
    const cached = this.toCached(clientId, tokens);
    this.cache.set(tenantId, cached);
    return { ok: true, value: cached, clientId };
  }

  private toCached(clientId: string, tokens: CdpTokenSet): CachedTokens {
    const issued = tokens.issuedAt.getTime();
    return {
      clientId,
      accessToken: tokens.accessToken,
      accessExpiresAt: issued + tokens.expiresIn * 1000,
      refreshToken: tokens.refreshToken,
      refreshExpiresAt: tokens.refreshToken ? issued + tokens.refreshExpiresIn * 1000 : 0,
    };
  }
}
