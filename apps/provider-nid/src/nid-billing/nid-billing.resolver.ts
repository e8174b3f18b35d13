import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@ekyc/subgraph-kit';
import { NidBillingService } from './nid-billing.service';
import { NidVendorBillingReport, NidVendorBillingReportPayload } from './nid-billing.type';

@Resolver(() => NidVendorBillingReport)
export class NidBillingResolver {
  constructor(private readonly service: NidBillingService) {}

  @Authorized('analyst', 'partner_admin')
  @Query(() => NidVendorBillingReportPayload, { description: "Fetches the NID service's own bill for your account over a date range (inclusive, YYYY-MM-DD)." })
  async nidVendorBillingReport(
    @Arg('startDate') startDate: string,
    @Arg('endDate') endDate: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<NidVendorBillingReportPayload> {
    const result = await this.service.fetchReport(ctx.auth, { startDate, endDate });
    if (!result.ok) return { report: null, errors: result.errors };
    const { partnerBillingBeanList, ...totals } = result.report;
    return { report: Object.assign(new NidVendorBillingReport(), { ...totals, lines: partnerBillingBeanList }), errors: [] };
  }
}
