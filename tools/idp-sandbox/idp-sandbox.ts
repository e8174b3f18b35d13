import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

/**
 * A stand-in for the bank's identity provider, for `npm start` and the tests: a real OpenID Connect provider
 * (oidc-provider, certified by the OpenID Foundation) with one confidential client, the gateway. Its sign-in page is
 * its own, small and offline (the library's development pages load a web font): any email and any password; the email
 * becomes the `email` claim, which the gateway matches to a user of the platform. Its directory puts people in groups by
 * the part of the email before the @ (`groups` claim, at userinfo; see DEMO_GROUPS), for a gateway that takes roles
 * from it (OIDC_ROLES_CLAIM=groups, OIDC_ROLE_MAP=DEMO_ROLE_MAP). The portal is the bank's own, so consent is given
 * without asking. A bank's real provider replaces it by configuration alone.
 */

/** The sandbox directory's groups, by the part of the email before the @ (agent@…, supervisor@…); others are in none. */
export const DEMO_GROUPS: Readonly<Record<string, readonly string[]>> = {
  agent: ['ekyc-agents'],
  analyst: ['ekyc-analysts'],
  reviewer: ['ekyc-reviewers'],
  admin: ['ekyc-admins'],
  supervisor: ['ekyc-reviewers', 'ekyc-analysts'],
};

/** The gateway's OIDC_ROLE_MAP for the sandbox's groups. */
export const DEMO_ROLE_MAP = 'ekyc-agents=agent,ekyc-analysts=analyst,ekyc-reviewers=reviewer,ekyc-admins=partner_admin';

/** The groups the sandbox directory has a person in. */
export const demoGroupsOf = (email: string): string[] => [...(DEMO_GROUPS[email.trim().toLowerCase().split('@')[0] ?? ''] ?? [])];

export interface IdpSandboxOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider may send the browser back: the gateway's `/auth/oidc/callback`. */
  redirectUris: string[];
}

export interface RunningIdpSandbox {
  /** The issuer URL (its discovery document is at `/.well-known/openid-configuration`). */
  issuer: string;
  port: number;
  stop(): Promise<void>;
}

export async function startIdpSandbox(options: IdpSandboxOptions): Promise<RunningIdpSandbox> {
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${host}:${port}`;
  // Signing keys of this run (the library's built-in ones are the same for everyone).
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const configuration: Configuration = {
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: randomBytes(8).toString('hex') }] },
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    // groups with the openid scope: every sign-in carries them (at userinfo, as the core spec has it for scope claims).
    claims: { openid: ['sub', 'groups'], email: ['email', 'email_verified'] },
    scopes: ['openid', 'email'],
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, email: id.trim().toLowerCase(), email_verified: true, groups: demoGroupsOf(id) }),
    }),
    // Its own keys for each run: cookies and tokens of an earlier run mean nothing.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 600, AuthorizationCode: 60, IdToken: 600 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
  };
  const provider = new Provider(issuer, configuration);
  // Plain HTTP on the loopback address only: the library would otherwise insist on HTTPS-only cookies.
  provider.proxy = false;
  const handle = provider.callback();
  server.on('request', (req, res) => {
    if (req.url === '/healthz' || req.url === '/readyz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","service":"idp-sandbox"}');
      return;
    }
    const interaction = /^\/interaction\/([\w-]{1,64})(\/login)?$/.exec(req.url ?? '');
    if (interaction) {
      interact(provider, req, res, interaction[2] !== undefined).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`sign-in failed: ${(err as Error).message}`);
      });
      return;
    }
    // Koa answers its own errors (ctx.onerror); the promise only says when the answer is written.
    void handle(req, res);
  });
  return {
    issuer,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 10_000) req.destroy(new Error('form too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

/** The sign-in page, then the grant: the login prompt asks for an email; the consent prompt is granted at once. */
async function interact(provider: Provider, req: http.IncomingMessage, res: http.ServerResponse, submitted: boolean): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (submitted && req.method === 'POST') {
    const form = await readForm(req);
    const email = (form.get('email') ?? '').trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(email) || (form.get('password') ?? '') === '') {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(details.uid, 'Enter an email and a password.'));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: email } }, { mergeWithLastSubmission: false });
    return;
  }
  if (details.prompt.name === 'login') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(loginPage(details.uid, null));
    return;
  }
  const accountId = details.session?.accountId;
  const clientId = details.params['client_id'];
  if (!accountId || typeof clientId !== 'string') throw new Error('no signed-in account for this interaction');
  const grant = new provider.Grant({ accountId, clientId });
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

function loginPage(uid: string, problem: string | null): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bank sign-in (sandbox)</title>
<style>body{font-family:system-ui,sans-serif;background:#eef2f7;margin:0}main{max-width:360px;margin:8vh auto;background:#fff;padding:20px;border-radius:8px}
label{display:block;margin:0 0 12px}input{display:block;width:100%;box-sizing:border-box;padding:8px;font:inherit}button{padding:8px 16px;font:inherit}.problem{color:#b71c1c}</style></head>
<body><main><h1>Bank sign-in</h1><p>Sandbox identity provider: sign in with the email of a platform user; any password.</p>
${problem ? `<p class="problem" role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label>Email<input name="email" type="email" autocomplete="username" required autofocus></label>
<label>Password<input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form></main></body></html>`;
}
