import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CDP_ID_NUMBER_PATTERNS } from '@ekyc/provider-contracts';
import { loadCustomers } from './customer-registry';
import { loadRealm } from './oidc-realm';

interface Citizen {
  nid10: string;
  nid17: string;
  nameEn: string;
}

// The NID sandbox's registry, read as data (apps never import apps): seeded customers are its citizens, so an
// application that passes NID verification in the e2e stack meets the customer the CDP seeds for it.
const citizens = JSON.parse(readFileSync(path.resolve(__dirname, '../../nid-sandbox/fixtures/citizens.json'), 'utf8')) as Citizen[];

describe('seeded customers', () => {
  const customers = loadCustomers();

  it('are NID sandbox citizens at the documented indexes, known by both their numbers', () => {
    for (const c of customers.filter((s) => s.citizenIndex !== undefined)) {
      const citizen = citizens[c.citizenIndex as number];
      expect({ index: c.citizenIndex, idNumbers: c.idNumbers, name: c.customerName }).toEqual({
        index: c.citizenIndex,
        idNumbers: [citizen?.nid10, citizen?.nid17],
        name: citizen?.nameEn,
      });
    }
  });

  it('cover every state, with valid id numbers and unique customer ids', () => {
    expect(new Set(customers.map((c) => c.state))).toEqual(new Set(['active', 'under_investigation', 'blocked', 'screening_hit', 'blocked_id', 'corrupt']));
    expect(new Set(customers.filter((c) => c.state === 'active').map((c) => c.subscriptionStatus))).toEqual(
      new Set(['SUBSCRIBED', 'NOT_SUBSCRIBED', 'PENDING']),
    );
    for (const c of customers) for (const n of c.idNumbers) expect(CDP_ID_NUMBER_PATTERNS[c.idType].test(n)).toBe(true);
    const ids = customers.flatMap((c) => (c.customerId ? [c.customerId] : []));
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of customers.filter((s) => s.state === 'screening_hit' || s.state === 'blocked_id')) expect(c.customerId).toBeUndefined();
  });

  it('leave the citizens the e2e onboards as new customers (indexes 250-289) unseeded', () => {
    const seeded = new Set(customers.map((c) => c.citizenIndex));
    for (let i = 250; i < 290; i++) expect(seeded.has(i)).toBe(false);
  });
});

describe('seeded realm', () => {
  it('has a service-account client per stack tenant and a user for the password grant', () => {
    const { clients, users } = loadRealm();
    expect(clients.filter((c) => c.serviceAccountsEnabled).map((c) => c.clientId)).toEqual(['ekyc-demo-bank', 'ekyc-other-bank', 'ekyc-cdp-bank']);
    expect(users.map((u) => u.username)).toEqual(['partner_user']);
  });
});
