import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@ekyc/subgraph-kit';
import { singleTenantOf, tenantScopeOf } from '../access/access-scope';
import { checkDateRange } from './dhaka-days';
import { CURRENCY, formatMinor } from './money';
import { PriceListService, type PriceListEntry } from './price-list.service';
import {
  PriceList,
  PriceListItem,
  SetPriceListInput,
  SetPriceListPayload,
  UsageGrouping,
  UsageReport,
  UsageReportLine,
  UsageReportPayload,
} from './billing.type';
import { UsageReportService } from './usage-report.service';

const toPriceList = (tenantId: string, entries: PriceListEntry[]): PriceList =>
  Object.assign(new PriceList(), {
    tenantId,
    currency: CURRENCY,
    items: entries.map((e) =>
      Object.assign(new PriceListItem(), {
        item: e.item,
        unitPrice: formatMinor(e.unitPriceMinor),
        unitPriceMinor: Number(e.unitPriceMinor),
        isDefault: e.isDefault,
        updatedAt: e.updatedAt,
      }),
    ),
  });

@Resolver()
export class BillingResolver {
  constructor(
    private readonly prices: PriceListService,
    private readonly usage: UsageReportService,
  ) {}

  @Authorized('partner_admin', 'analyst', 'platform_admin')
  @Query(() => PriceList, { description: "Your tenant's unit prices (platform admins: any tenant's), defaults included." })
  async priceList(@Ctx() ctx: SubgraphContext, @Arg('tenantId', () => ID, { nullable: true }) tenantId?: string | null): Promise<PriceList> {
    const tenant = singleTenantOf(ctx.auth, tenantId);
    if (!tenant.ok) throw tenant.error;
    return toPriceList(tenant.tenantId, await this.prices.get(tenant.tenantId));
  }

  @Authorized('partner_admin', 'platform_admin')
  @Mutation(() => SetPriceListPayload, { description: 'Sets unit prices of a tenant; they apply to every report from now on, whatever its dates.' })
  async setPriceList(@Arg('input') input: SetPriceListInput, @Ctx() ctx: SubgraphContext): Promise<SetPriceListPayload> {
    const tenant = singleTenantOf(ctx.auth, input.tenantId);
    if (!tenant.ok) throw tenant.error;
    const result = await this.prices.set(ctx.auth, tenant.tenantId, input.items);
    return result.ok ? { priceList: toPriceList(tenant.tenantId, result.value), errors: [] } : { priceList: null, errors: result.errors };
  }

  @Authorized('partner_admin', 'analyst', 'platform_admin')
  @Query(() => UsageReportPayload, {
    description:
      'Verifications and upstream calls between two Asia/Dhaka days (inclusive, YYYY-MM-DD), counted as the vendor bill counts them and priced by the price list. Platform admins: one tenant, or all when tenantId is omitted.',
  })
  async usageReport(
    @Ctx() ctx: SubgraphContext,
    @Arg('startDate') startDate: string,
    @Arg('endDate') endDate: string,
    @Arg('groupBy', () => UsageGrouping, { defaultValue: UsageGrouping.username }) groupBy: UsageGrouping,
    @Arg('tenantId', () => ID, { nullable: true }) tenantId?: string | null,
  ): Promise<UsageReportPayload> {
    const scoped = tenantScopeOf(ctx.auth, tenantId);
    if (!scoped.ok) throw scoped.error;
    const errors = checkDateRange({ startDate, endDate });
    if (errors.length > 0) return { report: null, errors };
    const report = await this.usage.report(scoped.scope, { startDate, endDate }, groupBy);
    const { lines, totalBillMinor, ...totals } = report;
    return {
      report: Object.assign(new UsageReport(), {
        ...totals,
        currency: CURRENCY,
        totalBill: formatMinor(totalBillMinor),
        lines: lines.map(({ unitPriceMinor, billMinor, ...line }) =>
          Object.assign(new UsageReportLine(), { ...line, unitPrice: formatMinor(unitPriceMinor), bill: formatMinor(billMinor) }),
        ),
      }),
      errors: [],
    };
  }
}
