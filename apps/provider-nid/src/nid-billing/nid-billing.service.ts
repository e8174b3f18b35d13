import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { enqueueEvents } from '@ekyc/event-bus';
import { createEvent } from '@ekyc/event-schemas';
import type { InternalContext } from '@ekyc/internal-context';
import { nidBillingRequest, type NidBillingData, type NidCall, type NidPartnerPort } from '@ekyc/provider-contracts';
import { actorOf, type FieldProblem } from '@ekyc/subgraph-kit';
import { recordNidCalls } from '../nid-calls/nid-call.recorder';
import type { NidSessions } from '../nid-credentials/nid-sessions';
import { NidBillingReportRecord } from './nid-billing-report.entity';

const MAX_RANGE_DAYS = 366;
const validDate = (value: string): boolean => nidBillingRequest.shape.startDate.safeParse(value).success;

/** Fetches the vendor's own bill from the NID service and keeps it for reconciliation with our call records. */
export class NidBillingService {
  constructor(private readonly deps: { ds: DataSource; client: NidPartnerPort; sessions: NidSessions }) {}

  async fetchReport(
    auth: InternalContext,
    range: { startDate: string; endDate: string },
  ): Promise<{ ok: true; report: NidBillingData } | { ok: false; errors: FieldProblem[] }> {
    const errors: FieldProblem[] = [];
    if (!validDate(range.startDate)) errors.push({ code: 'INVALID_DATE', message: 'use a calendar date as YYYY-MM-DD', field: 'startDate' });
    if (!validDate(range.endDate)) errors.push({ code: 'INVALID_DATE', message: 'use a calendar date as YYYY-MM-DD', field: 'endDate' });
    if (errors.length === 0) {
      const days = (Date.parse(range.endDate) - Date.parse(range.startDate)) / 86_400_000;
      if (days < 0) errors.push({ code: 'INVALID_DATE_RANGE', message: 'endDate is before startDate', field: 'endDate' });
      else if (days >= MAX_RANGE_DAYS) errors.push({ code: 'INVALID_DATE_RANGE', message: `ask for at most ${MAX_RANGE_DAYS} days`, field: 'endDate' });
    }
    if (errors.length > 0) return { ok: false, errors };

    const calls: NidCall[] = [];
    const result = await this.deps.sessions.withSession(auth.tenantId, calls, (token) => this.deps.client.billingReport(token, range, (c) => calls.push(c)));
    const { ds } = this.deps;
    const actor = actorOf(auth);
    await ds.transaction(async (m) => {
      if (result.username) await recordNidCalls(m, ds, { tenantId: auth.tenantId, username: result.username, applicationId: null, actor }, calls);
      if (result.ok) {
        const id = randomUUID();
        const fetchedAt = new Date();
        await m.insert(NidBillingReportRecord, {
          id,
          tenantId: auth.tenantId,
          startDate: range.startDate,
          endDate: range.endDate,
          fetchedAt,
          fetchedBy: auth.userId,
          report: result.value,
        });
        // audit-billing reconciles our own call records against it.
        const { partnerBillingBeanList, ...totals } = result.value;
        await enqueueEvents(m, ds, [
          createEvent(
            'nid.billing.report.fetched',
            { tenantId: auth.tenantId, correlationId: id, actor, occurredAt: fetchedAt },
            {
              reportId: id,
              username: result.username,
              startDate: range.startDate,
              endDate: range.endDate,
              fetchedAt: fetchedAt.toISOString(),
              ...totals,
              rows: partnerBillingBeanList,
            },
          ),
        ]);
      }
    });
    if (!result.ok) return { ok: false, errors: [{ code: result.error.code, message: result.error.message, field: null }] };
    return { ok: true, report: result.value };
  }
}
