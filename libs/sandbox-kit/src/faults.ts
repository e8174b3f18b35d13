import { z } from 'zod';

const count = z.number().int().min(1).max(1_000_000);

/**
 * The fault controls a sandbox accepts: latency, a random error rate, the next N calls failing with a
 * given status or hanging, optionally limited to some paths.
 */
export function faultConfigSchemaFor<P extends z.ZodType<string>, S extends z.ZodType<number>>(path: P, failStatus: S) {
  return z.strictObject({
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    errorRate: z.number().min(0).max(1).optional(),
    failNext: z.strictObject({ count, status: failStatus }).optional(),
    hangNext: z.strictObject({ count }).optional(),
    paths: z.array(path).min(1).optional(),
  });
}

export interface BaseFaultConfig {
  latencyMs?: number;
  errorRate?: number;
  failNext?: { count: number; status: number };
  hangNext?: { count: number };
  paths?: readonly string[];
}

export type FaultDecision = { kind: 'serve'; latencyMs: number } | { kind: 'fail'; status: number; latencyMs: number } | { kind: 'hang' };

export interface FaultController<C extends BaseFaultConfig> {
  /** The configuration in force, with what is left of failNext and hangNext. */
  current(): C;
  set(config: C): void;
  /** Back to the startup configuration. */
  reset(): void;
  decide(path: string): FaultDecision;
}

export function createFaultController<C extends BaseFaultConfig>(options: {
  initial?: C;
  random?: () => number;
  /** Whether the faults in force apply to a request path. */
  applies(path: string, config: C): boolean;
  /** What `errorRate` answers with. */
  errorStatus: number;
}): FaultController<C> {
  const clone = (config: C): C => structuredClone(config);
  const initial = clone(options.initial ?? ({} as C));
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
      if (!options.applies(path, config)) return { kind: 'serve', latencyMs: 0 };
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
      if (config.errorRate && random() < config.errorRate) return { kind: 'fail', status: options.errorStatus, latencyMs };
      return { kind: 'serve', latencyMs };
    },
  };
}
