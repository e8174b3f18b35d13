import { NID_PARTNER_PATHS } from '@ekyc/provider-contracts';
import { z } from 'zod';
import { PHOTO_PATH_PREFIX } from './photo-url';

/** Paths a fault can target: the five contract APIs, and the presigned photo downloads under /file-bb. */
export const FAULTABLE_PATHS = [...Object.values(NID_PARTNER_PATHS), PHOTO_PATH_PREFIX] as const;
const CONTRACT_API_PATHS: readonly string[] = Object.values(NID_PARTNER_PATHS);

const count = z.number().int().min(1).max(1_000_000);

export const faultConfigSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  errorRate: z.number().min(0).max(1).optional(),
  failNext: z.strictObject({ count, status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]) }).optional(),
  hangNext: z.strictObject({ count }).optional(),
  /** Limits the faults to these paths; by default they apply to the five contract APIs (not to photo downloads). */
  paths: z.array(z.enum(FAULTABLE_PATHS)).min(1).optional(),
});
export type FaultConfig = z.infer<typeof faultConfigSchema>;

export type FaultDecision = { kind: 'serve'; latencyMs: number } | { kind: 'fail'; status: number; latencyMs: number } | { kind: 'hang' };

export interface FaultController {
  /** The configuration in force, with what is left of failNext and hangNext. */
  current(): FaultConfig;
  set(config: FaultConfig): void;
  /** Back to the startup configuration. */
  reset(): void;
  decide(path: string): FaultDecision;
}

const clone = (config: FaultConfig): FaultConfig => structuredClone(config);

export function createFaultController(options: { initial?: FaultConfig; random?: () => number } = {}): FaultController {
  const initial = clone(options.initial ?? {});
  const random = options.random ?? Math.random;
  let config = clone(initial);

  const applies = (path: string) => {
    const targets: readonly string[] = config.paths ?? CONTRACT_API_PATHS;
    return targets.some((target) => (target === PHOTO_PATH_PREFIX ? path.startsWith(`${PHOTO_PATH_PREFIX}/`) : path === target));
  };

  return {
    current: () => clone(config),
    set(next) {
      config = clone(next);
    },
    reset() {
      config = clone(initial);
    },
    decide(path) {
      if (!applies(path)) return { kind: 'serve', latencyMs: 0 };
      const latencyMs = config.latencyMs ?? 0;
      if (config.hangNext) {
        config.hangNext.count -= 1;
        if (config.hangNext.count <= 0) delete config.hangNext;
        return { kind: 'hang' };
      }
      if (config.failNext) {
        const { status } = config.failNext;
        config.failNext.count -= 1;
        if (config.failNext.count <= 0) delete config.failNext;
        return { kind: 'fail', status, latencyMs };
      }
      if (config.errorRate && random() < config.errorRate) return { kind: 'fail', status: 500, latencyMs };
      return { kind: 'serve', latencyMs };
    },
  };
}
