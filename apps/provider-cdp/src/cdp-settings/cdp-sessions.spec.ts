import type { CdpCall, CdpResult, CdpTokenRequest, CdpTokenSet } from '@ekyc/provider-contracts';
import { CdpSessions } from './cdp-sessions';

const TENANT = '3f0b6b1e-2f7a-4c53-9d1e-6a2b8c4d5e6f';
const failure = (code: 'CDP_REFRESH_REJECTED' | 'CDP_BAD_CREDENTIALS' | 'CDP_TOKEN_REJECTED' | 'CDP_UNAVAILABLE') => ({
  ok: false as const,
  error: { code, message: code, httpStatus: 400, responseCode: null, retryable: code === 'CDP_UNAVAILABLE', problems: [] },
});

function harness(options: { usable?: boolean } = {}) {
  let now = Date.parse('2025-06-01T00:00:00Z');
  let issued = 0;
  const requests: CdpTokenRequest[] = [];
  const answers: Array<CdpResult<CdpTokenSet>> = [];
  const marked: string[] = [];
  const client = {
    async token(request: CdpTokenRequest): Promise<CdpResult<CdpTokenSet>> {
      requests.push(request);
      await new Promise((r) => setTimeout(r, 5));
      return (
        answers.shift() ?? {
          ok: true,
          value: { accessToken: `access-${++issued}`, expiresIn: 300, refreshToken: `refresh-${issued}`, refreshExpiresIn: 1800, issuedAt: new Date(now) },
        }
      );
    },
  };
  const settings = {
    usable: async () =>
      options.usable === false
        ? { ok: false as const, error: { code: 'CDP_NOT_CONFIGURED' as const, message: 'none' }, clientId: null }
        : { ok: true as const, value: { clientId: 'bank', clientSecret: 's3cret' } },
    markInvalid: async (_tenant: string, reason: string) => void marked.push(reason),
  };
  const sessions = new CdpSessions({ client, settings, refreshMarginMs: 30_000, now: () => now });
  const calls: CdpCall[] = [];
  const use = (answer: (token: string) => CdpResult<string> = (t) => ({ ok: true, value: t })) =>
    sessions.withSession(TENANT, calls, async (token) => answer(token));
  return { sessions, requests, answers, marked, use, advance: (ms: number) => (now += ms) };
}

describe('CdpSessions', () => {
  it('fetches one token with client credentials and reuses it, even for concurrent callers', async () => {
    const h = harness();
    const results = await Promise.all([h.use(), h.use(), h.use()]);
    expect(results.map((r) => r.ok && r.value)).toEqual(['access-1', 'access-1', 'access-1']);
    expect(h.requests).toEqual([{ grant_type: 'client_credentials', client_id: 'bank', client_secret: 's3cret' }]);
  });

  it('refreshes shortly before expires_in runs out, with the refresh token', async () => {
    const h = harness();
    await h.use();
    h.advance(269_000);
    expect(await h.use()).toMatchObject({ ok: true, value: 'access-1' });
    expect(h.requests).toHaveLength(1);
    h.advance(2_000);
    const refreshed = await h.use();
    expect(refreshed.ok && refreshed.value).toBe('access-2');
    expect(h.requests[1]).toEqual({ grant_type: 'refresh_token', client_id: 'bank', client_secret: 's3cret', refresh_token: 'refresh-1' });
  });

  it('falls back to client credentials when the refresh token is refused or has expired', async () => {
    const h = harness();
    await h.use();
    h.advance(280_000);
    h.answers.push(failure('CDP_REFRESH_REJECTED'));
    expect((await h.use()).ok).toBe(true);
    expect(h.requests.map((r) => r.grant_type)).toEqual(['client_credentials', 'refresh_token', 'client_credentials']);
    h.advance(1_800_000);
    await h.use();
    expect(h.requests.at(-1)?.grant_type).toBe('client_credentials');
  });

  it('fetches a new token when the CDP answers 401, and tries once more', async () => {
    const h = harness();
    let rejections = 1;
    const result = await h.use((token) => (rejections-- > 0 ? failure('CDP_TOKEN_REJECTED') : { ok: true, value: token }));
    expect(result.ok && result.value).toBe('access-2');
    expect(h.requests.map((r) => r.grant_type)).toEqual(['client_credentials', 'client_credentials']);
    const twice = await h.use(() => failure('CDP_TOKEN_REJECTED'));
    expect(twice).toMatchObject({ ok: false, error: { code: 'CDP_TOKEN_REJECTED' } });
  });

  it('marks refused credentials for an operator, and reports a missing client', async () => {
    const h = harness();
    h.answers.push(failure('CDP_BAD_CREDENTIALS'));
    expect(await h.use()).toMatchObject({ ok: false, error: { code: 'CDP_BAD_CREDENTIALS' }, clientId: 'bank' });
    expect(h.marked).toEqual(['CDP_BAD_CREDENTIALS']);
    expect(await harness({ usable: false }).use()).toMatchObject({ ok: false, error: { code: 'CDP_NOT_CONFIGURED' }, clientId: null });
  });

  it('keeps the token a settings check just proved, and forgets tokens when told', async () => {
    const h = harness();
    h.sessions.forget(TENANT, {
      clientId: 'bank',
      tokens: { accessToken: 'proved', expiresIn: 300, refreshToken: null, refreshExpiresIn: 0, issuedAt: new Date(Date.parse('2025-06-01T00:00:00Z')) },
    });
    expect(await h.use()).toMatchObject({ ok: true, value: 'proved' });
    expect(h.requests).toHaveLength(0);
    h.sessions.forget(TENANT);
    await h.use();
    expect(h.requests).toHaveLength(1);
  });
});
