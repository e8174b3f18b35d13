import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@ekyc/subgraph-kit';
import type { CdpSettingsRecord } from './cdp-settings.entity';
import { CdpSettingsService } from './cdp-settings.service';
import { CdpSettings, CdpSettingsPayload, CdpSettingsStatus, ConfigureCdpSettingsInput } from './cdp-settings.type';

const toCdpSettings = (record: CdpSettingsRecord): CdpSettings =>
  Object.assign(new CdpSettings(), {
    enabled: record.enabled,
    clientId: record.clientId,
    status: CdpSettingsStatus[record.status],
    statusReason: record.statusReason,
    statusChangedAt: record.statusChangedAt,
    updatedAt: record.updatedAt,
  });

@Resolver(() => CdpSettings)
export class CdpSettingsResolver {
  constructor(private readonly service: CdpSettingsService) {}

  @Authorized('partner_admin')
  @Query(() => CdpSettings, { nullable: true, description: "Your tenant's CDP settings and the client's health; null when none are configured." })
  async cdpSettings(@Ctx() ctx: SubgraphContext): Promise<CdpSettings | null> {
    const record = await this.service.find(ctx.auth.tenantId);
    return record && toCdpSettings(record);
  }

  @Authorized('partner_admin')
  @Mutation(() => CdpSettingsPayload, {
    description: 'Stores the CDP client after the CDP issued a token for it, and turns automatic onboarding on or off; waiting onboardings resume.',
  })
  async configureCdpSettings(@Arg('input') input: ConfigureCdpSettingsInput, @Ctx() ctx: SubgraphContext): Promise<CdpSettingsPayload> {
    const result = await this.service.configure(ctx.auth, input);
    return result.ok ? { settings: toCdpSettings(result.record), errors: [] } : { settings: null, errors: result.errors };
  }
}
