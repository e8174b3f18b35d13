/** How one call to an external provider ended; recorded for audit and billing by every adapter. */
export type ProviderCallOutcome = 'success' | 'rejected' | 'unavailable' | 'timeout';

export interface ProviderCallRecord {
  provider: 'nid-partner-service' | 'cdp';
  operation: string;
  outcome: ProviderCallOutcome;
  httpStatus: number | null;
  latencyMs: number;
  startedAt: string;
}

/** Adapters return results as values; `retryable` tells the caller whether trying again may help. */
export type ProviderResult<T, E extends string = string> =
  { ok: true; value: T } | { ok: false; error: { code: E; message: string; retryable: boolean; httpStatus: number | null } };
