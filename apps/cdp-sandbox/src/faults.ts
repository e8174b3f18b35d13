import { CDP_PATHS } from '@ekyc/provider-contracts';
import { z } from 'zod';

/** The contract's paths: faults apply to all of them unless `paths` narrows them down. */
export const CONTRACT_PATHS = Object.values(CDP_PATHS) as [string, ...string[]];

const count = z.number().int().min(1).max(1_000_000);

export const faultConfigSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  errorRate: z.number().min(0).max(1).optional(),
  /** 200 is the contract's "Internal Server Error HttpStatusCode : 200": the CDP-5000 envelope with HTTP 200. */
  failNext: z.strictObject({ count, status: z.union([z.literal(200), z.literal(500), z.literal(502), z.literal(503), z.literal(504)]) }).optional(),
  hangNext: z.strictObject({ count }).optional(),
  paths: z.array(z.enum(CDP_PATHS)).min(1).optional(),
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

  return {
    current: () => clone(config),
    set(next) {
      config = clone(next);
    },
    reset() {
      config = clone(initial);
    },
    decide(path) {
      const targets: readonly string[] = config.paths ?? CONTRACT_PATHS;
      if (!targets.includes(path)) return { kind: 'serve', latencyMs: 0 };
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
      if (config.errorRate && random() < config.errorRate) return { kind: 'fail', status: 502, latencyMs };
      return { kind: 'serve', latencyMs };
    },
  };
}
