import type { Logger } from '@ekyc/logger';
import type { CallLog } from './call-log';
import type { CustomerRegistry } from './customer-registry';
import type { FaultController } from './faults';
import type { OidcRealm } from './oidc-realm';

/** Everything the sandbox keeps in memory; it stands in for an external service, so nothing is persisted. */
export interface SandboxState {
  /** The sandbox clock: the injected clock plus whatever `POST /__sandbox/clock` advanced it by. */
  now(): number;
  advanceClock(ms: number): void;
  readonly realm: OidcRealm;
  readonly customers: CustomerRegistry;
  readonly calls: CallLog;
  readonly faults: FaultController;
  readonly log: Logger;
  /** Clears calls, sessions, created clients, onboarded customers, faults and the clock offset. */
  reset(): void;
}
