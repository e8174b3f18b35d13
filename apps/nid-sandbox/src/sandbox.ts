import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createLogger } from '@ekyc/logger';
import {
  createFacePhotos,
  createSandboxApp,
  createSandboxClock,
  listenSandbox,
  loadFaces,
  type BuiltSandbox,
  type FaceBox,
  type ListeningSandbox,
  type SandboxOptionsBase,
} from '@ekyc/sandbox-kit';
import { NID_ACCESS_TOKEN_TTL_SECONDS } from '@ekyc/provider-contracts';
import { createAdminRoutes } from './admin-routes';
import { createCallLog } from './call-log';
import { createCitizenRegistry, FIXTURES_DIR, loadCitizens, type Citizen } from './citizen-registry';
import { createContractRoutes } from './contract-routes';
import { createFaultController, type FaultConfig } from './faults';
import { createPartnerAccounts, loadPartnerUsers, type PartnerUserSeed } from './partner-accounts';
import { photoIdOf } from './photo-url';
import { failure, serverError } from './responses';
import type { SandboxState } from './sandbox-state';

export type { FaultConfig } from './faults';
export type { SandboxState } from './sandbox-state';
export type { CallRecord } from './call-log';
export type { Citizen } from './citizen-registry';

export interface NidSandboxOptions extends SandboxOptionsBase<FaultConfig> {
  /** Origin the photo URLs point at: the address clients reach the sandbox by. */
  publicUrl: string;
  /** Signs photo URLs; random per instance by default. */
  photoSecret?: string;
  citizens?: readonly Citizen[];
  partnerUsers?: readonly PartnerUserSeed[];
  faces?: readonly FaceBox[];
}

export type NidSandbox = BuiltSandbox<SandboxState>;

export function createNidSandbox(options: NidSandboxOptions): NidSandbox {
  const log = options.log ?? createLogger({ service: 'nid-sandbox', level: 'silent' });
  const clock = createSandboxClock(options.clock);
  const now = clock.now;
  const accessTtlSeconds = options.accessTokenTtlSeconds ?? NID_ACCESS_TOKEN_TTL_SECONDS;
  const citizens = createCitizenRegistry(options.citizens ?? loadCitizens());
  const byPhotoId = new Map(citizens.all.map((c) => [photoIdOf(c.nid10), c]));
  const accounts = createPartnerAccounts({
    seeds: options.partnerUsers ?? loadPartnerUsers(),
    now,
    accessTtlSeconds,
    refreshTtlSeconds: options.refreshTokenTtlSeconds ?? 2 * accessTtlSeconds,
    tokenSecret: options.tokenSecret,
  });
  const calls = createCallLog();
  const faults = createFaultController({ initial: options.faults, random: options.random });

  const state: SandboxState = {
    publicUrl: options.publicUrl.replace(/\/+$/, ''),
    now,
    advanceClock: clock.advance,
    citizens,
    citizenByPhotoId: (photoId) => byPhotoId.get(photoId),
    accounts,
    calls,
    faults,
    photos: createFacePhotos(options.faces ?? loadFaces(path.join(FIXTURES_DIR, 'faces.json'))),
    photoSecret: options.photoSecret ?? randomBytes(32).toString('hex'),
    log,
    reset() {
      calls.clear();
      accounts.reset();
      faults.reset();
      clock.reset();
    },
  };

  const contract = createContractRoutes(state);
  const app = createSandboxApp({
    log,
    admin: options.admin === false ? null : createAdminRoutes(state),
    contract: contract.router,
    notFound: () => failure(404, { message: 'The resource you were trying to reach is not found' }),
    internalError: () => serverError(500),
  });

  return { app, state, releaseHungRequests: contract.releaseHung };
}

export type RunningNidSandbox = ListeningSandbox<NidSandbox>;

/** Starts the sandbox on `port` (0 picks a free one); it names itself by `publicUrl` or the listening address. */
export function startNidSandbox(
  options: Omit<NidSandboxOptions, 'publicUrl'> & { port: number; host?: string; publicUrl?: string },
): Promise<RunningNidSandbox> {
  const { port, host, ...rest } = options;
  return listenSandbox({ port, host }, (url) => createNidSandbox({ ...rest, publicUrl: rest.publicUrl ?? url }));
}
