import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@ekyc/subgraph-kit';
import { tenantScopeOf } from '../access/access-scope';
import { checkDateRange } from '../billing/dhaka-days';
import { formatMinor } from '../billing/money';
import { ReconciliationService, type TenantReconciliationRow } from './reconciliation.service';
import { NidReconciliation, NidReconciliationPayload, NidReconciliationRow, NidUncoveredDay } from './reconciliation.type';

const toRow = ({ expectedVendorBillMinor, vendorBillMinor, ...row }: TenantReconciliationRow): NidReconciliationRow =>
  Object.assign(new NidReconciliationRow(), { ...row, expectedVendorBill: formatMinor(expectedVendorBillMinor), vendorBill: formatMinor(vendorBillMinor) });

@Resolver()
export class ReconciliationResolver {
  constructor(private readonly service: ReconciliationService) {}

  @Authorized('partner_admin', 'analyst', 'platform_admin')
  @Query(() => NidReconciliationPayload, {
    description:
      'Compares our NID calls per username and Asia/Dhaka day (inclusive range, YYYY-MM-DD) with the vendor bills fetched for days in the range; fetch one per day for day-level rows.',
  })
  async nidReconciliation(
    @Ctx() ctx: SubgraphContext,
    @Arg('startDate') startDate: string,
    @Arg('endDate') endDate: string,
    @Arg('tenantId', () => ID, { nullable: true }) tenantId?: string | null,
  ): Promise<NidReconciliationPayload> {
    const scoped = tenantScopeOf(ctx.auth, tenantId);
    if (!scoped.ok) throw scoped.error;
    const errors = checkDateRange({ startDate, endDate });
    if (errors.length > 0) return { reconciliation: null, errors };
    const result = await this.service.reconcile(scoped.scope, { startDate, endDate });
    const rows = result.rows.map(toRow);
    return {
      reconciliation: Object.assign(new NidReconciliation(), {
        ...result,
        rows,
        differences: rows.filter((r) => r.problems.length > 0),
        uncoveredDays: result.uncoveredDays.map((d) => Object.assign(new NidUncoveredDay(), d)),
      }),
      errors: [],
    };
  }
}
