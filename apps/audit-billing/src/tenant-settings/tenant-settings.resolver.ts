import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@ekyc/subgraph-kit';
import { singleTenantOf } from '../access/access-scope';
import { TenantSettingsService } from './tenant-settings.service';
import { AuditBillingSettings, UpdateAuditBillingSettingsInput, UpdateAuditBillingSettingsPayload } from './tenant-settings.type';

@Resolver()
export class TenantSettingsResolver {
  constructor(private readonly service: TenantSettingsService) {}

  @Authorized('partner_admin', 'analyst', 'platform_admin')
  @Query(() => AuditBillingSettings, { description: "Your tenant's audit-billing settings (platform admins: any tenant's)." })
  async auditBillingSettings(
    @Ctx() ctx: SubgraphContext,
    @Arg('tenantId', () => ID, { nullable: true }) tenantId?: string | null,
  ): Promise<AuditBillingSettings> {
    const tenant = singleTenantOf(ctx.auth, tenantId);
    if (!tenant.ok) throw tenant.error;
    return Object.assign(new AuditBillingSettings(), await this.service.get(tenant.tenantId));
  }

  @Authorized('partner_admin', 'platform_admin')
  @Mutation(() => UpdateAuditBillingSettingsPayload, { description: 'Changes who sees what in the verification log.' })
  async updateAuditBillingSettings(
    @Arg('input') input: UpdateAuditBillingSettingsInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<UpdateAuditBillingSettingsPayload> {
    const tenant = singleTenantOf(ctx.auth, input.tenantId);
    if (!tenant.ok) throw tenant.error;
    const settings = await this.service.update(ctx.auth, tenant.tenantId, { agentsSeeAllSubmissions: input.agentsSeeAllSubmissions });
    return { settings: Object.assign(new AuditBillingSettings(), settings), errors: [] };
  }
}
