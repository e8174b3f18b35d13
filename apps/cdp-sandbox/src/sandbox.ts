import { createLogger, type Logger } from '@ekyc/logger';
import type { Express } from 'express';
import { createSandboxApp, listenSandbox, type ListeningSandbox } from '@ekyc/sandbox-kit';
import { CDP_ACCESS_TOKEN_TTL_SECONDS, CDP_REALM, CDP_REFRESH_TOKEN_TTL_SECONDS, CDP_RESPONSE_CODES } from '@ekyc/provider-contracts';
import { createAdminRoutes } from './admin-routes';
import { createCallLog } from './call-log';
import { createContractRoutes } from './contract-routes';
import { createCustomerRegistry, loadCustomers, type CustomerSeed } from './customer-registry';
import { createFaultController, type FaultConfig } from './faults';
import { createOidcRealm, loadRealm, type ClientSeed, type UserSeed } from './oidc-realm';
import { answer, internalError } from './responses';
import type { SandboxState } from './sandbox-state';

export type { FaultConfig } from './faults';
export type { SandboxState } from './sandbox-state';
export type { CallRecord } from './call-log';
export type { CustomerSeed } from './customer-registry';

export interface CdpSandboxOptions {
  /** The origin clients reach the sandbox by: the token issuer is `<publicUrl>/auth/realms/cdp`. */
  publicUrl: string;
  /** Epoch milliseconds; inject one to test token expiry and subscription activation. Defaults to Date.now. */
  clock?: () => number;
  /** Faults in force at startup, and what `DELETE /__sandbox/faults` and reset return to. */
  faults?: FaultConfig;
  /** Signs tokens; random per instance by default (tokens die with the process, as sessions would). */
  tokenSecret?: string;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  /** How long a new customer's subscription stays PENDING before it is SUBSCRIBED. */
  activationSeconds?: number;
  /** The /__sandbox test controls; on unless false. */
  admin?: boolean;
  /** Drives errorRate; Math.random by default. */
  random?: () => number;
  log?: Logger;
  clients?: readonly ClientSeed[];
  users?: readonly UserSeed[];
  customers?: readonly CustomerSeed[];
}

export interface CdpSandbox {
  app: Express;
  state: SandboxState;
  /** Drops the connections `hangNext` holds open; call before closing the HTTP server. */
  releaseHungRequests(): void;
}

export function createCdpSandbox(options: CdpSandboxOptions): CdpSandbox {
  const clock = options.clock ?? Date.now;
  const log = options.log ?? createLogger({ service: 'cdp-sandbox', level: 'silent' });
  let offsetMs = 0;
  const now = () => clock() + offsetMs;
  const seeds = options.clients && options.users ? { clients: options.clients, users: options.users } : loadRealm();
  const realm = createOidcRealm({
    clients: options.clients ?? seeds.clients,
    users: options.users ?? seeds.users,
    issuer: `${options.publicUrl.replace(/\/+$/, '')}/auth/realms/${CDP_REALM}`,
    now,
    accessTtlSeconds: options.accessTokenTtlSeconds ?? CDP_ACCESS_TOKEN_TTL_SECONDS,
    refreshTtlSeconds: options.refreshTokenTtlSeconds ?? CDP_REFRESH_TOKEN_TTL_SECONDS,
    tokenSecret: options.tokenSecret,
  });
  const customers = createCustomerRegistry({ seeds: options.customers ?? loadCustomers(), now, activationMs: (options.activationSeconds ?? 60) * 1000 });
  const calls = createCallLog();
  const faults = createFaultController({ initial: options.faults, random: options.random });

  const state: SandboxState = {
    now,
    advanceClock(ms) {
      offsetMs += ms;
    },
    realm,
    customers,
    calls,
    faults,
    log,
    reset() {
      calls.clear();
      realm.reset();
      customers.reset();
      faults.reset();
      offsetMs = 0;
    },
  };

  const contract = createContractRoutes(state);
  const app = createSandboxApp({
    log,
    admin: options.admin === false ? null : createAdminRoutes(state),
    contract: contract.router,
    notFound: () => answer(404, now(), CDP_RESPONSE_CODES.badRequest, 'The resource you were trying to reach is not found'),
    tooLarge: () => answer(413, now(), CDP_RESPONSE_CODES.invalidFieldValue, 'Request entity too large'),
    internalError: () => internalError(500, now()),
  });

  return { app, state, releaseHungRequests: contract.releaseHung };
}

export type RunningCdpSandbox = ListeningSandbox<CdpSandbox>;

/** Starts the sandbox on `port` (0 picks a free one); it names itself by `publicUrl` or the listening address. */
export function startCdpSandbox(options: Omit<CdpSandboxOptions, 'publicUrl'> & { port: number; host?: string; publicUrl?: string }): Promise<RunningCdpSandbox> {
  const { port, host, ...rest } = options;
  return listenSandbox({ port, host }, (url) => createCdpSandbox({ ...rest, publicUrl: rest.publicUrl ?? url }));
}
