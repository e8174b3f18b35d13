import { loadSession, saveSession, seesPhotos, workspacesOf } from './session';

const memory = () => {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
};

describe('session', () => {
  it('keeps the credential and viewer, and ignores what it cannot read', () => {
    const storage = memory();
    expect(loadSession(storage)).toBeNull();
    const session = { credential: 'ekyc_a', viewer: { tenantId: 't', userId: 'u', roles: ['analyst' as const], authKind: 'api_token' as const } };
    saveSession(storage, session);
    expect(loadSession(storage)).toEqual(session);
    storage.setItem('ekyc-portal-session', '{not json');
    expect(loadSession(storage)).toBeNull();
  });

  it('opens the agent screens to agents, the dashboard to analysts and the review queue to reviewers', () => {
    expect(workspacesOf({ roles: ['agent'] })).toEqual(['agent']);
    expect(workspacesOf({ roles: ['analyst'] })).toEqual(['analyst']);
    expect(workspacesOf({ roles: ['reviewer'] })).toEqual(['reviewer']);
    expect(workspacesOf({ roles: ['partner_admin'] })).toEqual(['agent', 'analyst', 'reviewer', 'admin']);
    expect(workspacesOf({ roles: ['platform_admin'] })).toEqual(['analyst', 'admin']);
  });

  it("asks for an application's photos only for the roles the API shows them to", () => {
    expect(
      [['analyst'], ['platform_admin'], ['agent'], ['reviewer'], ['partner_admin'], ['analyst', 'reviewer']].map((roles) =>
        seesPhotos({ roles: roles as never }),
      ),
    ).toEqual([false, false, false, true, true, true]);
  });
});
