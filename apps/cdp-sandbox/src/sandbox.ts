import { createLogger } from '@ekyc/logger';
import { createSandboxApp, createSandboxClock, listenSandbox, type BuiltSandbox, type ListeningSandbox, type SandboxOptionsBase } from '@ekyc/sandbox-kit';
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

export interface CdpSandboxOptions extends SandboxOptionsBase<FaultConfig> {
  /** The origin clients reach the sandbox by: the token issuer is `<publicUrl>/auth/realms/cdp`. */
  publicUrl: string;
  /** How long a new customer's subscription stays PENDING before it is SUBSCRIBED. */
  activationSeconds?: number;
  clients?: readonly ClientSeed[];
  users?: readonly UserSeed[];
  customers?: readonly CustomerSeed[];
}

export type CdpSandbox = BuiltSandbox<SandboxState>;

export function createCdpSandbox(options: CdpSandboxOptions): CdpSandbox {
  const log = options.log ?? createLogger({ service: 'cdp-sandbox', level: 'silent' });
  const clock = createSandboxClock(options.clock);
  const now = clock.now;
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
    advanceClock: clock.advance,
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
      clock.reset();
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
export function startCdpSandbox(
  options: Omit<CdpSandboxOptions, 'publicUrl'> & { port: number; host?: string; publicUrl?: string },
): Promise<RunningCdpSandbox> {
  const { port, host, ...rest } = options;
  return listenSandbox({ port, host }, (url) => createCdpSandbox({ ...rest, publicUrl: rest.publicUrl ?? url }));
}
