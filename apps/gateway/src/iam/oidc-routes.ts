import express from 'express';
import type { Logger } from '@ekyc/logger';
import { rolesFromGroups, type RoleMap } from './claim-roles';
import { cookieOf, SESSION_COOKIE, sessionCookieOf, type IamService } from './iam.service';
import type { OidcSignIn } from './oidc-sign-in';

const FLOW_COOKIE = 'ekyc_oidc';
const PORTAL = '/portal/';

export interface OidcRoutesOptions {
  iam: Pick<IamService, 'usersByEmail' | 'startSession' | 'endSession' | 'authenticate' | 'syncRolesFromProvider'>;
  /** Null when no identity provider is configured: the routes then say so. */
  signIn: OidcSignIn | null;
  sessionTtlSeconds: number;
  /** Roles from the provider's claim (OIDC_ROLES_CLAIM, OIDC_ROLE_MAP); null: roles are assigned in the platform. */
  roleMapping: { claim: string; map: RoleMap } | null;
  /** Cookies are `Secure` when the gateway is reached over HTTPS. */
  secureCookies: boolean;
  log: Logger;
}

/**
 * The browser's side of signing in through the identity provider:
 * - `GET /auth/methods`: what the portal may offer, and whether this browser's session cookie is live
 *   (`{ apiToken: true, oidc, session }`), so the page need not make a failing call to find out;
 * - `GET /auth/oidc/login[?tenant=slug]`: to the provider (authorization code with PKCE);
 * - `GET /auth/oidc/callback`: back from it; the verified email is matched to an active user of the platform (of the
 *   given tenant when the email is a user in several) and a session cookie is set (HttpOnly, SameSite=Lax); with a role
 *   mapping, the user's roles are first replaced by those their groups give (none: refused, NO_ROLE_FROM_PROVIDER);
 * - `POST /auth/logout`: ends the session.
 * Failures come back to the portal as `?signInError=<CODE>`: no user for that email, several tenants, no role from the
 * provider's groups, a provider error.
 */
export function oidcRoutes(options: OidcRoutesOptions): express.Router {
  const { iam, signIn, log } = options;
  const router = express.Router();
  const cookie = (name: string, value: string, maxAgeSeconds: number, path: string) =>
    `${name}=${value}; Path=${path}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${options.secureCookies ? '; Secure' : ''}`;
  const back = (res: express.Response, code: string) => res.redirect(302, `${PORTAL}?signInError=${encodeURIComponent(code)}`);

  router.get('/auth/methods', async (req, res) => {
    const token = sessionCookieOf(req.headers.cookie);
    const session = token ? (await iam.authenticate(`Session ${token}`)).ok : false;
    res.setHeader('cache-control', 'no-store');
    res.json({ apiToken: true, oidc: signIn !== null, session });
  });

  router.get('/auth/oidc/login', async (req, res) => {
    if (!signIn) {
      res.status(404).json({ status: 'error', code: 'OIDC_NOT_CONFIGURED', detail: 'no identity provider is configured (OIDC_ISSUER_URL)' });
      return;
    }
    try {
      const tenant = typeof req.query['tenant'] === 'string' ? req.query['tenant'] : null;
      const started = await signIn.begin(tenant);
      res.setHeader('set-cookie', cookie(FLOW_COOKIE, started.cookie, 600, '/auth/oidc'));
      res.redirect(302, started.url);
    } catch (err) {
      log.warn({ err }, 'the identity provider could not be reached');
      back(res, 'OIDC_PROVIDER_UNAVAILABLE');
    }
  });

  router.get('/auth/oidc/callback', async (req, res) => {
    if (!signIn) {
      back(res, 'OIDC_NOT_CONFIGURED');
      return;
    }
    const clear = cookie(FLOW_COOKIE, '', 0, '/auth/oidc');
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const result = await signIn.finish(query, cookieOf(req.headers.cookie, FLOW_COOKIE));
    if (!result.ok) {
      log.info({ code: result.code, reason: result.message }, 'sign-in through the identity provider refused');
      res.setHeader('set-cookie', clear);
      back(res, result.code);
      return;
    }
    const users = await iam.usersByEmail(result.email);
    const chosen = result.tenant ? users.filter((u) => u.tenantSlug === result.tenant) : users;
    const user = chosen.length === 1 ? chosen[0] : undefined;
    if (!user) {
      res.setHeader('set-cookie', clear);
      back(res, chosen.length === 0 ? 'NOT_A_USER' : 'SEVERAL_TENANTS');
      return;
    }
    if (options.roleMapping) {
      const groups = result.groups ?? [];
      const roles = rolesFromGroups(groups, options.roleMapping.map);
      if (roles.length === 0) {
        log.info({ userId: user.userId, claim: options.roleMapping.claim, groups: groups.length }, 'sign-in refused: no group of the person gives a role');
        res.setHeader('set-cookie', clear);
        back(res, 'NO_ROLE_FROM_PROVIDER');
        return;
      }
      await iam.syncRolesFromProvider(user, roles, { claim: options.roleMapping.claim, groups });
    }
    const session = await iam.startSession(user, options.sessionTtlSeconds);
    res.setHeader('set-cookie', [clear, cookie(SESSION_COOKIE, session.token, options.sessionTtlSeconds, '/')]);
    res.redirect(302, PORTAL);
  });

  router.post('/auth/logout', async (req, res) => {
    const token = sessionCookieOf(req.headers.cookie);
    if (token) await iam.endSession(token);
    res.setHeader('set-cookie', cookie(SESSION_COOKIE, '', 0, '/'));
    res.status(204).end();
  });

  return router;
}
