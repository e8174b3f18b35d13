import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import type { BaseFaultConfig, FaultController } from './faults';

/** An admin input error: 400 `invalid_request` with one line per problem. */
export const invalidAdminRequest = (res: Response, error: z.ZodError) =>
  res.status(400).json({ error: 'invalid_request', problems: error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`) });

/** What every sandbox's state offers its admin controls. */
export interface AdminControlledState<C extends BaseFaultConfig> {
  faults: FaultController<C>;
  now(): number;
  advanceClock(ms: number): void;
  reset(): void;
}

const clockAdvance = z.strictObject({ advanceMs: z.number().int().min(0) });

/**
 * The `/__sandbox` router every sandbox shares: JSON bodies, `GET/PUT/DELETE /faults`, `GET/POST /clock`,
 * `POST /reset` and a JSON 404; `mountOwn` adds the sandbox's own seeding and inspection routes.
 */
export function createAdminRouter<C extends BaseFaultConfig>(
  state: AdminControlledState<C>,
  faultConfigSchema: z.ZodType<C>,
  mountOwn: (router: Router) => void,
): Router {
  const router = express.Router();
  router.use(express.json({ limit: '100kb' }));

  router.get('/faults', (_req, res) => {
    res.json(state.faults.current());
  });
  router.put('/faults', (req, res) => {
    const parsed = faultConfigSchema.safeParse(req.body ?? {});
    if (!parsed.success) return void invalidAdminRequest(res, parsed.error);
    state.faults.set(parsed.data);
    res.json(state.faults.current());
  });
  router.delete('/faults', (_req, res) => {
    state.faults.reset();
    res.json(state.faults.current());
  });

  mountOwn(router);

  router.get('/clock', (_req, res) => {
    res.json({ now: new Date(state.now()).toISOString() });
  });
  router.post('/clock', (req, res) => {
    const parsed = clockAdvance.safeParse(req.body ?? {});
    if (!parsed.success) return void invalidAdminRequest(res, parsed.error);
    state.advanceClock(parsed.data.advanceMs);
    res.json({ now: new Date(state.now()).toISOString() });
  });
  router.post('/reset', (_req, res) => {
    state.reset();
    res.status(204).end();
  });
  router.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  return router;
}
