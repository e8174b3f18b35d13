import { Arg, Authorized, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@ekyc/subgraph-kit';
import { tenantScopeOf } from '../access/access-scope';
import { checkDateRange } from '../billing/dhaka-days';
import { VerificationStatsService } from './verification-stats.service';
import {
  FailureReasonCount,
  ReviewStatsView,
  TenantVerificationTotals,
  VerificationDayCounts,
  VerificationStats,
  VerificationStatsPayload,
} from './verification-stats.type';

const MAX_REASONS = 50;

@Resolver()
export class VerificationStatsResolver {
  constructor(private readonly service: VerificationStatsService) {}

  @Authorized('partner_admin', 'analyst', 'platform_admin')
  @Query(() => VerificationStatsPayload, {
    description:
      'Verifications per day by status, pass rate, median time to decision and top failure reasons, for Asia/Dhaka days (inclusive, YYYY-MM-DD). Platform admins: one tenant, or all when tenantId is omitted.',
  })
  async verificationStats(
    @Ctx() ctx: SubgraphContext,
    @Arg('startDate') startDate: string,
    @Arg('endDate') endDate: string,
    @Arg('tenantId', () => ID, { nullable: true }) tenantId?: string | null,
    @Arg('topReasons', () => Int, { defaultValue: 5, description: 'How many failure reasons, 1-50.' }) topReasons = 5,
  ): Promise<VerificationStatsPayload> {
    const scoped = tenantScopeOf(ctx.auth, tenantId);
    if (!scoped.ok) throw scoped.error;
    const errors = checkDateRange({ startDate, endDate });
    if (errors.length > 0) return { stats: null, errors };
    const stats = await this.service.stats(scoped.scope, { startDate, endDate }, Math.max(1, Math.min(MAX_REASONS, Math.trunc(topReasons))));
    return {
      stats: Object.assign(new VerificationStats(), {
        ...stats,
        perDay: stats.perDay.map((d) => Object.assign(new VerificationDayCounts(), d)),
        topFailureReasons: stats.topFailureReasons.map((r) => Object.assign(new FailureReasonCount(), r)),
        tenants: stats.tenants.map((t) => Object.assign(new TenantVerificationTotals(), t)),
        reviews: Object.assign(new ReviewStatsView(), stats.reviews),
      }),
      errors: [],
    };
  }
}
