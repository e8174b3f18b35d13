import type { Logger } from '@ekyc/logger';
import type { CallLog } from './call-log';
import type { Citizen, CitizenRegistry } from './citizen-registry';
import type { FacePhotos } from '@ekyc/sandbox-kit';
import type { FaultController } from './faults';
import type { PartnerAccounts } from './partner-accounts';

/** Everything the sandbox keeps in memory; it stands in for an external service, so nothing is persisted. */
export interface SandboxState {
  readonly publicUrl: string;
  /** The sandbox clock: the injected clock plus whatever `POST /__sandbox/clock` advanced it by. */
  now(): number;
  advanceClock(ms: number): void;
  readonly citizens: CitizenRegistry;
  citizenByPhotoId(photoId: string): Citizen | undefined;
  readonly accounts: PartnerAccounts;
  readonly calls: CallLog;
  readonly faults: FaultController;
  readonly photos: FacePhotos;
  readonly photoSecret: string;
  readonly log: Logger;
  /** Clears calls, sessions, faults, created users, password changes and the clock offset. */
  reset(): void;
}
