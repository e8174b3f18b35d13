import type { Express } from 'express';
import type { Logger } from '@ekyc/logger';

/** What every sandbox is started with; each adds its own seeds and settings. */
export interface SandboxOptionsBase<Faults> {
  /** Epoch milliseconds; inject one to test expiry. Defaults to Date.now. */
  clock?: () => number;
  /** Faults in force at startup, and what `DELETE /__sandbox/faults` and reset return to. */
  faults?: Faults;
  /** Signs access and refresh tokens; random per instance by default (tokens die with the process, as sessions would). */
  tokenSecret?: string;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  /** The /__sandbox test controls; on unless false. */
  admin?: boolean;
  /** Drives errorRate; Math.random by default. */
  random?: () => number;
  log?: Logger;
}

/** A sandbox built, not yet listening (see `listenSandbox`). */
export interface BuiltSandbox<State> {
  app: Express;
  state: State;
  /** Drops the connections `hangNext` holds open; call before closing the HTTP server. */
  releaseHungRequests(): void;
}

/** The sandbox's clock: the given one plus however far tests advanced it, until reset. */
export function createSandboxClock(clock: () => number = Date.now): { now(): number; advance(ms: number): void; reset(): void } {
  let offsetMs = 0;
  return {
    now: () => clock() + offsetMs,
    advance(ms) {
      offsetMs += ms;
    },
    reset() {
      offsetMs = 0;
    },
  };
}
