import type { Router } from 'express';
import { createAdminRouter, invalidAdminRequest } from '@ekyc/sandbox-kit';
import { z } from 'zod';
import { customerSeed } from './customer-registry';
import { faultConfigSchema } from './faults';
import { clientSeed } from './oidc-realm';
import type { SandboxState } from './sandbox-state';

/** Mounted at /__sandbox: test controls that are not part of the CDP contract. */

const callsQuery = z.object({
  clientId: z.string().optional(),
  idNumber: z.string().optional(),
  requestId: z.string().optional(),
  /** A contract path, or `all` (the default). */
  path: z.string().default('all'),
});
const customersQuery = z.object({
  idNumber: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const clientScope = z.strictObject({ clientId: z.string().optional() });

export function createAdminRoutes(state: SandboxState): Router {
  return createAdminRouter(state, faultConfigSchema, (router) => {
    router.post('/clients', (req, res) => {
      const parsed = clientSeed.safeParse(req.body ?? {});
      if (!parsed.success) return void invalidAdminRequest(res, parsed.error);
      const client = state.realm.createClient(parsed.data);
      if (!client) return void res.status(409).json({ error: 'client_exists', clientId: parsed.data.clientId });
      const { clientSecret: _secret, ...visible } = client;
      res.status(201).json(visible);
    });
    router.get('/clients/:clientId', (req, res) => {
      const client = state.realm.getClient(req.params.clientId);
      if (!client) return void res.status(404).json({ error: 'unknown_client', clientId: req.params.clientId });
      const { clientSecret: _secret, ...visible } = client;
      res.json({ ...visible, activeSessions: state.realm.activeSessions(client.clientId) });
    });

    router.post('/tokens/expire', (req, res) => {
      const parsed = clientScope.safeParse(req.body ?? {});
      if (!parsed.success) return void invalidAdminRequest(res, parsed.error);
      res.json({ expired: state.realm.expireAccessTokens(parsed.data.clientId) });
    });
    router.post('/tokens/revoke', (req, res) => {
      const parsed = clientScope.safeParse(req.body ?? {});
      if (!parsed.success) return void invalidAdminRequest(res, parsed.error);
      res.json({ revoked: state.realm.revokeSessions(parsed.data.clientId) });
    });

    router.get('/calls', (req, res) => {
      const parsed = callsQuery.safeParse(req.query);
      if (!parsed.success) return void invalidAdminRequest(res, parsed.error);
      const { clientId, idNumber, requestId, path } = parsed.data;
      res.json(
        state.calls
          .all()
          .filter((call) => path === 'all' || call.path === path)
          .filter((call) => clientId === undefined || call.clientId === clientId)
          .filter((call) => idNumber === undefined || call.idNumber === idNumber)
          .filter((call) => requestId === undefined || call.requestId === requestId)
          .map((call) => ({ ...call, at: new Date(call.at).toISOString() })),
      );
    });

    router.get('/customers', (req, res) => {
      const parsed = customersQuery.safeParse(req.query);
      if (!parsed.success) return void invalidAdminRequest(res, parsed.error);
      const { idNumber, limit, offset } = parsed.data;
      const all = state.customers.all().filter((c) => idNumber === undefined || c.idNumbers.includes(idNumber));
      const items = all.slice(offset, offset + limit).map((c) => ({
        ...c,
        ...(c.customerId && c.state === 'active' ? { subscriptionStatus: state.customers.view(c).subscriptionStatus } : {}),
        onboardedAt: new Date(c.onboardedAt).toISOString(),
        subscribedAt: c.subscribedAt === null ? null : new Date(c.subscribedAt).toISOString(),
        activatesAt: c.activatesAt === null ? null : new Date(c.activatesAt).toISOString(),
      }));
      res.json({ total: all.length, limit, offset, items });
    });
    router.post('/customers', (req, res) => {
      const parsed = customerSeed.safeParse(req.body ?? {});
      if (!parsed.success) return void invalidAdminRequest(res, parsed.error);
      const record = state.customers.seed(parsed.data);
      if (!record) return void res.status(409).json({ error: 'customer_exists', idNumbers: parsed.data.idNumbers });
      res.status(201).json({
        customerId: record.customerId,
        idType: record.idType,
        idNumbers: record.idNumbers,
        state: record.state,
        subscriptionStatus: record.subscriptionStatus,
      });
    });
  });
}
