import {
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleType,
  retry,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import { Agent } from 'undici';

export interface UpstreamResilience {
  /** Attempts per retried call; only the transient failure is retried. */
  maxAttempts: number;
  retryInitialDelayMs: number;
  retryMaxDelayMs: number;
  /** Consecutive transient failures that open the circuit, and how long it stays open. */
  breakerThreshold: number;
  breakerHalfOpenAfterMs: number;
}

export type CircuitStateName = 'closed' | 'open' | 'half_open' | 'isolated';

const CIRCUIT_STATES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'isolated',
};

/** How an adapter talks to one upstream service: pooled connections, a circuit breaker, and retries inside it. */
export interface Upstream {
  dispatcher: Agent;
  /** Counts the transient failures of every call; open, it fails calls at once with cockatiel's BrokenCircuitError. */
  breaker: CircuitBreakerPolicy;
  /** The breaker with retries of the transient failure (with exponential backoff) in front of it. */
  retrying: IPolicy;
  circuitState(): CircuitStateName;
  close(): Promise<void>;
}

/**
 * One per upstream base URL, shared by every tenant: an outage of the service is an outage for all of them.
 * `transient` is the error class the adapter throws for failures worth another try (no answer, 5xx).
 */
export function createUpstream(transient: Parameters<typeof handleType>[0], options: UpstreamResilience): Upstream {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 16 });
  const breaker = circuitBreaker(handleType(transient), {
    halfOpenAfter: options.breakerHalfOpenAfterMs,
    breaker: new ConsecutiveBreaker(options.breakerThreshold),
  });
  const retrying = wrap(
    retry(handleType(transient), {
      maxAttempts: Math.max(0, options.maxAttempts - 1),
      backoff: new ExponentialBackoff({ initialDelay: options.retryInitialDelayMs, maxDelay: options.retryMaxDelayMs }),
    }),
    breaker,
  );
  return { dispatcher, breaker, retrying, circuitState: () => CIRCUIT_STATES[breaker.state], close: () => dispatcher.close() };
}
