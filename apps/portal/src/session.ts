import type { ViewerQuery } from './graphql/generated';

export type Viewer = ViewerQuery['viewer'];

export interface Session {
  /** The token signed in with; null when the identity provider's session cookie is the credential. */
  credential: string | null;
  viewer: Viewer;
}

const KEY = 'ekyc-portal-session';

/**
 * The signed-in token lives in sessionStorage: gone when the tab closes, never shared with other tabs. A session
 * through the identity provider keeps no token here: its cookie is HttpOnly, out of the page's reach.
 */
export function loadSession(storage: Pick<Storage, 'getItem'>): Session | null {
  const raw = storage.getItem(KEY);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<Session>;
    return (typeof parsed.credential === 'string' || parsed.credential === null) && parsed.viewer && Array.isArray(parsed.viewer.roles)
      ? (parsed as Session)
      : null;
  } catch {
    return null;
  }
}

export const saveSession = (storage: Pick<Storage, 'setItem'>, session: Session) => storage.setItem(KEY, JSON.stringify(session));
export const clearSession = (storage: Pick<Storage, 'removeItem'>) => storage.removeItem(KEY);

export type Workspace = 'agent' | 'analyst' | 'reviewer' | 'admin';

/**
 * Which screens a role set opens: agents (and partner admins) verify applicants; analysts (and admins) read the
 * dashboard; reviewers (and partner admins) work the review queue; partner and platform admins manage their tenant's
 * users and API keys.
 */
export function workspacesOf(viewer: Pick<Viewer, 'roles'>): Workspace[] {
  const out: Workspace[] = [];
  if (viewer.roles.some((r) => r === 'agent' || r === 'partner_admin')) out.push('agent');
  if (viewer.roles.some((r) => r === 'analyst' || r === 'partner_admin' || r === 'platform_admin')) out.push('analyst');
  if (viewer.roles.some((r) => r === 'reviewer' || r === 'partner_admin')) out.push('reviewer');
  if (viewer.roles.some((r) => r === 'partner_admin' || r === 'platform_admin')) out.push('admin');
  return out;
}

/** Whether the API shows this role set an application's photos (`Application.images`: reviewers and partner admins). */
export const seesPhotos = (viewer: Pick<Viewer, 'roles'>): boolean => viewer.roles.some((r) => r === 'reviewer' || r === 'partner_admin');
