import type { Response, Router } from 'express';
import { createAdminRouter, invalidAdminRequest } from '@ekyc/sandbox-kit';
import { NID_PARTNER_PATHS } from '@ekyc/provider-contracts';
import { z } from 'zod';
import { faultConfigSchema } from './faults';
import { partnerUserSeed } from './partner-accounts';
import type { SandboxState } from './sandbox-state';

/** Mounted at /__sandbox: test controls that are not part of the EC contract. */

const unknownUser = (res: Response, username: string) => res.status(404).json({ error: 'unknown_user', username });

const callsQuery = z.object({
  username: z.string().optional(),
  nationalId: z.string().optional(),
  /** A contract path, `/file-bb` for photo downloads, or `all`; by default verification calls only. */
  path: z.string().default(NID_PARTNER_PATHS.demographicVerification),
});
const page = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(50), offset: z.coerce.number().int().min(0).default(0) });

export function createAdminRoutes(state: SandboxState): Router {
  return createAdminRouter(state, faultConfigSchema, (router) => {
    router.post('/users', (req, res) => {
      const parsed = partnerUserSeed.safeParse(req.body ?? {});
      if (!parsed.success) return void invalidAdminRequest(res, parsed.error);
      const user = state.accounts.create(parsed.data);
      if (!user) return void res.status(409).json({ error: 'user_exists', username: parsed.data.username });
      res.status(201).json({ username: user.username, partnerId: user.partnerId, partnerName: user.partnerName, slaAssigned: user.slaAssigned });
    });
    router.get('/users/:username', (req, res) => {
      const user = state.accounts.get(req.params.username);
      if (!user) return void unknownUser(res, req.params.username);
      res.json({
        username: user.username,
        partnerId: user.partnerId,
        partnerName: user.partnerName,
        slaAssigned: user.slaAssigned,
        passwordExpired: user.passwordExpired,
        activeTokens: state.accounts.activeTokens(user.username),
      });
    });
    router.post('/users/:username/expire-password', (req, res) => {
      if (!state.accounts.expirePassword(req.params.username)) return void unknownUser(res, req.params.username);
      res.json({ username: req.params.username, passwordExpired: true });
    });
    router.post('/users/:username/revoke-tokens', (req, res) => {
      if (!state.accounts.get(req.params.username)) return void unknownUser(res, req.params.username);
      res.json({ username: req.params.username, revoked: state.accounts.endSessions(req.params.username) });
    });

    router.get('/calls', (req, res) => {
      const parsed = callsQuery.safeParse(req.query);
      if (!parsed.success) return void invalidAdminRequest(res, parsed.error);
      const { username, nationalId, path } = parsed.data;
      const calls = state.calls
        .all()
        .filter((call) => path === 'all' || call.path === path)
        .filter((call) => username === undefined || call.username === username)
        .filter((call) => nationalId === undefined || call.nid10 === nationalId || call.nid17 === nationalId)
        .map(({ id, at, username: user, path: callPath, status, billed, nid10, nid17, requestId }) => ({
          id,
          at: new Date(at).toISOString(),
          username: user,
          path: callPath,
          status,
          billed,
          ...(nid10 ? { nid10 } : {}),
          ...(nid17 ? { nid17 } : {}),
          ...(requestId ? { requestId } : {}),
        }));
      res.json(calls);
    });

    router.get('/citizens', (req, res) => {
      const parsed = page.safeParse(req.query);
      if (!parsed.success) return void invalidAdminRequest(res, parsed.error);
      const { limit, offset } = parsed.data;
      res.json({ total: state.citizens.all.length, limit, offset, items: state.citizens.all.slice(offset, offset + limit) });
    });
  });
}
