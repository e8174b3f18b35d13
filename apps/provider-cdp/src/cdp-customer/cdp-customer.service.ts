import type { DataSource } from 'typeorm';
import type { InternalContext } from '@ekyc/internal-context';
import { canonicalText } from '@ekyc/field-matching';
import {
  CDP_ID_NUMBER_PATTERNS,
  type CdpCall,
  type CdpIdType,
  type CdpLookupOutcome,
  type CdpPort,
  type CdpResult,
  type CdpSubscription,
} from '@ekyc/provider-contracts';
import { actorOf, type FieldProblem } from '@ekyc/subgraph-kit';
import { recordCdpCalls } from '../cdp-calls/cdp-call.recorder';
import type { CdpSessions, SessionResult } from '../cdp-settings/cdp-sessions';

type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldProblem[] };
const CUSTOMER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** What partner admins ask the CDP directly: a customer by id number, a subscription by customer id. */
export class CdpCustomerService {
  constructor(private readonly deps: { ds: DataSource; client: CdpPort; sessions: CdpSessions; relay: { nudge(): void } }) {}

  async lookup(auth: InternalContext, idType: CdpIdType, rawIdNumber: string): Promise<Result<CdpLookupOutcome>> {
    const idNumber = canonicalText(rawIdNumber).replace(/[\s-]/g, '').toUpperCase();
    if (!CDP_ID_NUMBER_PATTERNS[idType].test(idNumber))
      return { ok: false, errors: [{ code: 'INVALID_ID_NUMBER', message: `not a valid ${idType} number`, field: 'idNumber' }] };
    return this.ask(auth, (token, onCall) => this.deps.client.lookupCustomer(token, { idType, idNumber }, onCall));
  }

  async subscription(auth: InternalContext, customerId: string): Promise<Result<CdpSubscription | null>> {
    const id = customerId.trim();
    if (!CUSTOMER_ID.test(id)) return { ok: false, errors: [{ code: 'INVALID_CUSTOMER_ID', message: 'not a CDP customer id', field: 'customerId' }] };
    const result = await this.ask(auth, (token, onCall) => this.deps.client.subscriptionStatus(token, { customerId: id }, onCall));
    if (!result.ok) return result;
    return { ok: true, value: result.value.kind === 'found' ? result.value.subscription : null };
  }

  private async ask<T>(auth: InternalContext, call: (token: string, onCall: (c: CdpCall) => void) => Promise<CdpResult<T>>): Promise<Result<T>> {
    const calls: CdpCall[] = [];
    const result: SessionResult<T> = await this.deps.sessions.withSession(auth.tenantId, calls, (token) => call(token, (c) => calls.push(c)));
    if (result.clientId) {
      const { ds } = this.deps;
      await ds.transaction((m) =>
        recordCdpCalls(m, ds, { tenantId: auth.tenantId, clientId: result.clientId as string, applicationId: null, actor: actorOf(auth) }, calls),
      );
      this.deps.relay.nudge();
    }
    if (!result.ok) {
      const field = result.error.problems[0]?.field === 'idNumber' ? 'idNumber' : null;
      return { ok: false, errors: [{ code: result.error.code, message: result.error.message, field }] };
    }
    return { ok: true, value: result.value };
  }
}
