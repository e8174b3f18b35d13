import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { FIXTURES_DIR } from './citizen-registry';

export const partnerUserSeed = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(100),
  partnerId: z.number().int().positive(),
  partnerName: z.string().min(1),
  slaAssigned: z.boolean().default(true),
});
export type PartnerUserSeed = z.infer<typeof partnerUserSeed>;

const partnersFixture = z.object({
  partners: z.array(
    z.object({
      partnerId: z.number().int().positive(),
      partnerName: z.string(),
      users: z.array(z.object({ username: z.string(), password: z.string(), slaAssigned: z.boolean() })),
    }),
  ),
});

/** The seeded partner users (`fixtures/partner-users.json`). */
export function loadPartnerUsers(file = path.join(FIXTURES_DIR, 'partner-users.json')): PartnerUserSeed[] {
  const { partners } = partnersFixture.parse(JSON.parse(readFileSync(file, 'utf8')));
  return partners.flatMap(({ partnerId, partnerName, users }) => users.map((user) => ({ ...user, partnerId, partnerName })));
}

export interface PartnerUser extends PartnerUserSeed {
  passwordExpired: boolean;
  /** Made through the admin API; `reset` removes it. */
  created: boolean;
}

/** The role the demographic-verification SLA grants; users without it get the documented 403. */
export const VERIFICATION_ROLE = 'DEMOGRAPHIC_VERIFICATION';
const rolesOf = (user: PartnerUser) => (user.slaAssigned ? [VERIFICATION_ROLE, 'PARTNER_BILLING'] : ['PARTNER_BILLING']);

export type Authentication = { ok: true; user: PartnerUser; sessionId: string } | { ok: false };

export interface PartnerAccounts {
  checkCredentials(username: string, password: string): PartnerUser | null;
  issueTokens(user: PartnerUser): Promise<{ access_token: string; refresh_token: string }>;
  authenticate(authorization: string | undefined): Promise<Authentication>;
  endSession(sessionId: string): void;
  /** Ends every session of the user; returns how many were still active. */
  endSessions(username: string): number;
  activeTokens(username: string): number;
  get(username: string): PartnerUser | undefined;
  create(seed: PartnerUserSeed): PartnerUser | null;
  expirePassword(username: string): boolean;
  changePassword(username: string, password: string): void;
  reset(): void;
}

interface Session {
  username: string;
  expiresAt: number;
}

export function createPartnerAccounts(options: {
  seeds: readonly PartnerUserSeed[];
  now: () => number;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  tokenSecret?: string;
}): PartnerAccounts {
  const key = new TextEncoder().encode(options.tokenSecret ?? randomBytes(32).toString('base64'));
  const users = new Map<string, PartnerUser>();
  const sessions = new Map<string, Session>();
  const fromSeeds = () => {
    users.clear();
    for (const seed of options.seeds) users.set(seed.username, { ...seed, passwordExpired: false, created: false });
  };
  fromSeeds();

  const endSessions = (username: string) => {
    let active = 0;
    const now = options.now();
    for (const [id, session] of sessions) {
      if (session.username !== username) continue;
      if (session.expiresAt > now) active++;
      sessions.delete(id);
    }
    return active;
  };

  return {
    checkCredentials(username, password) {
      const user = users.get(username);
      return user && user.password === password ? user : null;
    },

    async issueTokens(user) {
      const sessionId = randomUUID();
      const iat = Math.floor(options.now() / 1000);
      const accessExp = iat + options.accessTtlSeconds;
      sessions.set(sessionId, { username: user.username, expiresAt: accessExp * 1000 });
      // Header types as in the contract's sample tokens; only an access token is accepted as a bearer.
      const access_token = await new SignJWT({ roles: rolesOf(user) })
        .setProtectedHeader({ typ: 'access_token', alg: 'HS256' })
        .setSubject(user.username)
        .setJti(sessionId)
        .setIssuedAt(iat)
        .setExpirationTime(accessExp)
        .sign(key);
      const refresh_token = await new SignJWT({})
        .setProtectedHeader({ typ: 'refresh_token', alg: 'HS256' })
        .setSubject(user.username)
        .setJti(randomUUID())
        .setIssuedAt(iat)
        .setExpirationTime(iat + options.refreshTtlSeconds)
        .sign(key);
      return { access_token, refresh_token };
    },

    async authenticate(authorization) {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
      if (!token) return { ok: false };
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], typ: 'access_token', currentDate: new Date(options.now()) });
        const session = payload.jti ? sessions.get(payload.jti) : undefined;
        const user = typeof payload.sub === 'string' ? users.get(payload.sub) : undefined;
        if (!session || !user || session.username !== user.username) return { ok: false };
        return { ok: true, user, sessionId: payload.jti as string };
      } catch {
        return { ok: false };
      }
    },

    endSession: (sessionId) => void sessions.delete(sessionId),
    endSessions,

    activeTokens(username) {
      const now = options.now();
      return [...sessions.values()].filter((s) => s.username === username && s.expiresAt > now).length;
    },

    get: (username) => users.get(username),

    create(seed) {
      if (users.has(seed.username)) return null;
      const user = { ...seed, passwordExpired: false, created: true };
      users.set(seed.username, user);
      return user;
    },

    expirePassword(username) {
      const user = users.get(username);
      if (!user) return false;
      user.passwordExpired = true;
      return true;
    },

    changePassword(username, password) {
      const user = users.get(username);
      if (!user) return;
      user.password = password;
      user.passwordExpired = false;
      endSessions(username);
    },

    reset() {
      fromSeeds();
      sessions.clear();
    },
  };
}
