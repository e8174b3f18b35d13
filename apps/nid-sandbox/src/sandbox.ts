import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createLogger, type Logger } from '@ekyc/logger';
import type { Express } from 'express';
import { createFacePhotos, createSandboxApp, listenSandbox, loadFaces, type FaceBox, type ListeningSandbox } from '@ekyc/sandbox-kit';
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

export interface NidSandboxOptions {
  /** Origin the photo URLs point at: the address clients reach the sandbox by. */
  publicUrl: string;
  /** Epoch milliseconds; inject one to test token and photo-URL expiry. Defaults to Date.now. */
  clock?: () => number;
  /** Faults in force at startup, and what `DELETE /__sandbox/faults` and reset return to. */
  faults?: FaultConfig;
  /** Signs photo URLs; random per instance by default. */
  photoSecret?: string;
  /** Signs access and refresh tokens; random per instance by default (tokens die with the process, as sessions would). */
  tokenSecret?: string;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  /** The /__sandbox test controls; on unless false. */
  admin?: boolean;
  /** Drives errorRate; Math.random by default. */
  random?: () => number;
  log?: Logger;
  citizens?: readonly Citizen[];
  partnerUsers?: readonly PartnerUserSeed[];
  faces?: readonly FaceBox[];
}

export interface NidSandbox {
  app: Express;
  state: SandboxState;
  /** Drops the connections `hangNext` holds open; call before closing the HTTP server. */
  releaseHungRequests(): void;
}

export function createNidSandbox(options: NidSandboxOptions): NidSandbox {
  const clock = options.clock ?? Date.now;
  const log = options.log ?? createLogger({ service: 'nid-sandbox', level: 'silent' });
  let offsetMs = 0;
  const now = () => clock() + offsetMs;
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
    advanceClock(ms) {
      offsetMs += ms;
    },
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
      offsetMs = 0;
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
export function startNidSandbox(options: Omit<NidSandboxOptions, 'publicUrl'> & { port: number; host?: string; publicUrl?: string }): Promise<RunningNidSandbox> {
  const { port, host, ...rest } = options;
  return listenSandbox({ port, host }, (url) => createNidSandbox({ ...rest, publicUrl: rest.publicUrl ?? url }));
}
