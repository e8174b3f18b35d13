import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CDP_ID_TYPES, CDP_SUBSCRIPTION_STATUSES, type CdpCustomer, type CdpSubscription } from '@ekyc/provider-contracts';
import { FIXTURES_DIR } from './oidc-realm';

/**
 * What the CDP knows about an id number:
 * - `active`: a customer; the lookup finds it (or reports its subscription pending), onboarding answers "already onboarded".
 * - `under_investigation` / `blocked`: a customer the lookup reports as such; onboarding answers 406.
 * - `screening_hit`: no customer yet, but compliance screening flags the person: lookup "not found", onboarding 406 investigation.
 * - `blocked_id`: no customer; the id itself is blocked (reported lost or misused): lookup "not found", onboarding 406 blocked.
 * - `corrupt`: a record the CDP cannot read: lookup 200 with the internal-error body, onboarding 502.
 */
export const CUSTOMER_STATES = ['active', 'under_investigation', 'blocked', 'screening_hit', 'blocked_id', 'corrupt'] as const;
export type CustomerState = (typeof CUSTOMER_STATES)[number];
const NOT_CUSTOMERS: readonly CustomerState[] = ['screening_hit', 'blocked_id'];

export const customerSeed = z.object({
  customerId: z
    .string()
    .regex(/^CDP\d{10}$/)
    .optional(),
  idType: z.enum(CDP_ID_TYPES),
  /** Every number the id is known by: an NID's 10- and 17-digit forms find the same customer. */
  idNumbers: z.array(z.string().min(1).max(32)).min(1),
  customerName: z.string().min(1).max(200),
  state: z.enum(CUSTOMER_STATES),
  subscriptionStatus: z.enum(CDP_SUBSCRIPTION_STATUSES).default('SUBSCRIBED'),
  onboardedAt: z.iso.datetime().optional(),
  /** The NID sandbox citizen the seed was made from (fixtures/customers.json only). */
  citizenIndex: z.number().int().min(0).optional(),
});
export type CustomerSeed = z.infer<typeof customerSeed>;

/** The seeded customers (`fixtures/customers.json`). */
export function loadCustomers(file = path.join(FIXTURES_DIR, 'customers.json')): CustomerSeed[] {
  return z.object({ customers: z.array(customerSeed) }).parse(JSON.parse(readFileSync(file, 'utf8'))).customers;
}

export interface CustomerRecord {
  customerId: string | null;
  idType: string;
  idNumbers: string[];
  customerName: string;
  state: CustomerState;
  subscriptionStatus: CdpCustomer['subscriptionStatus'];
  subscribedAt: number | null;
  /** When a pending subscription becomes SUBSCRIBED; null keeps it pending. */
  activatesAt: number | null;
  onboardedAt: number;
  referenceId: string | null;
  /** The client that onboarded the customer through the API; null for seeds. */
  clientId: string | null;
  seeded: boolean;
}

export type OnboardingDecision =
  | { kind: 'created' | 'replayed' | 'already_onboarded'; customer: CdpCustomer }
  | { kind: 'under_investigation' | 'blocked' | 'corrupt' }
  | { kind: 'request_id_reused' };

export interface CustomerRegistry {
  find(idType: string, idNumber: string): CustomerRecord | undefined;
  byCustomerId(customerId: string): CustomerRecord | undefined;
  onboard(request: { clientId: string; requestId: string; idType: string; idNumber: string; customerName: string }): OnboardingDecision;
  /** The record as the API shows a customer, with a due subscription activated. */
  view(record: CustomerRecord): CdpCustomer;
  subscription(record: CustomerRecord): CdpSubscription;
  seed(seed: CustomerSeed): CustomerRecord | null;
  all(): CustomerRecord[];
  reset(): void;
}

const keyOf = (idType: string, idNumber: string) => `${idType}:${idNumber}`;
const SEEDED_ONBOARDING = Date.parse('2023-01-15T04:00:00.000Z');

export function createCustomerRegistry(options: { seeds: readonly CustomerSeed[]; now: () => number; activationMs: number }): CustomerRegistry {
  const byId = new Map<string, CustomerRecord>();
  const byCustomerId = new Map<string, CustomerRecord>();
  /** `clientId \0 requestId` → what the first successful onboarding with it created. */
  const requests = new Map<string, { key: string; customerId: string }>();
  let sequence = 0;

  const nextCustomerId = () => `CDP2${String(++sequence).padStart(9, '0')}`;

  function add(seed: CustomerSeed): CustomerRecord | null {
    if (seed.idNumbers.some((n) => byId.has(keyOf(seed.idType, n)))) return null;
    const isCustomer = !NOT_CUSTOMERS.includes(seed.state);
    const customerId = isCustomer ? (seed.customerId ?? nextCustomerId()) : null;
    if (customerId && byCustomerId.has(customerId)) return null;
    const onboardedAt = seed.onboardedAt ? Date.parse(seed.onboardedAt) : SEEDED_ONBOARDING;
    const record: CustomerRecord = {
      customerId,
      idType: seed.idType,
      idNumbers: [...seed.idNumbers],
      customerName: seed.customerName,
      state: seed.state,
      subscriptionStatus: seed.subscriptionStatus,
      subscribedAt: seed.subscriptionStatus === 'SUBSCRIBED' ? onboardedAt : null,
      activatesAt: null,
      onboardedAt,
      referenceId: null,
      clientId: null,
      seeded: true,
    };
    for (const n of record.idNumbers) byId.set(keyOf(record.idType, n), record);
    if (customerId) byCustomerId.set(customerId, record);
    return record;
  }

  const fromSeeds = () => {
    byId.clear();
    byCustomerId.clear();
    requests.clear();
    sequence = 0;
    for (const seed of options.seeds) add(seed);
  };
  fromSeeds();

  function activate(record: CustomerRecord) {
    if (record.subscriptionStatus === 'PENDING' && record.activatesAt !== null && record.activatesAt <= options.now()) {
      record.subscriptionStatus = 'SUBSCRIBED';
      record.subscribedAt = record.activatesAt;
    }
  }

  function view(record: CustomerRecord): CdpCustomer {
    activate(record);
    return {
      customerId: record.customerId ?? '',
      idType: record.idType,
      idNumber: record.idNumbers[0] ?? '',
      customerName: record.customerName,
      customerStatus: 'ACTIVE',
      subscriptionStatus: record.subscriptionStatus,
      onboardedAt: new Date(record.onboardedAt).toISOString(),
      referenceId: record.referenceId,
    };
  }

  return {
    find: (idType, idNumber) => byId.get(keyOf(idType, idNumber)),
    byCustomerId: (customerId) => byCustomerId.get(customerId),

    onboard({ clientId, requestId, idType, idNumber, customerName }) {
      const key = keyOf(idType, idNumber);
      const earlier = requests.get(`${clientId}\0${requestId}`);
      if (earlier) {
        if (earlier.key !== key) return { kind: 'request_id_reused' };
        const record = byCustomerId.get(earlier.customerId);
        if (record) return { kind: 'replayed', customer: view(record) };
      }
      const existing = byId.get(key);
      if (existing) {
        if (existing.state === 'under_investigation' || existing.state === 'screening_hit') return { kind: 'under_investigation' };
        if (existing.state === 'blocked' || existing.state === 'blocked_id') return { kind: 'blocked' };
        if (existing.state === 'corrupt') return { kind: 'corrupt' };
        return { kind: 'already_onboarded', customer: view(existing) };
      }
      const now = options.now();
      const record: CustomerRecord = {
        customerId: nextCustomerId(),
        idType,
        idNumbers: [idNumber],
        customerName,
        state: 'active',
        subscriptionStatus: 'PENDING',
        subscribedAt: null,
        activatesAt: now + options.activationMs,
        onboardedAt: now,
        referenceId: requestId,
        clientId,
        seeded: false,
      };
      byId.set(key, record);
      byCustomerId.set(record.customerId as string, record);
      requests.set(`${clientId}\0${requestId}`, { key, customerId: record.customerId as string });
      return { kind: 'created', customer: view(record) };
    },

    view,

    subscription(record) {
      activate(record);
      return {
        customerId: record.customerId ?? '',
        subscriptionStatus: record.subscriptionStatus,
        subscribedAt: record.subscribedAt === null ? null : new Date(record.subscribedAt).toISOString(),
      };
    },

    seed: (seed) => add({ ...seed, customerId: seed.customerId }),
    all: () => [...new Set(byId.values())],
    reset: fromSeeds,
  };
}
