import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@ekyc/subgraph-kit';
import { FaceMatchSettingsService, type FaceMatchSettings } from './face-match-settings.service';
import { FaceMatchSettingsView, UpdateFaceMatchSettingsInput, UpdateFaceMatchSettingsPayload } from './face-match-settings.type';

const toView = (settings: FaceMatchSettings): FaceMatchSettingsView => Object.assign(new FaceMatchSettingsView(), settings);

@Resolver()
export class FaceMatchSettingsResolver {
  constructor(private readonly service: FaceMatchSettingsService) {}

  @Authorized('partner_admin', 'analyst')
  @Query(() => FaceMatchSettingsView, { description: "Your tenant's face match thresholds." })
  async faceMatchSettings(@Ctx() ctx: SubgraphContext): Promise<FaceMatchSettingsView> {
    return toView(await this.service.get(ctx.auth.tenantId));
  }

  @Authorized('partner_admin')
  @Mutation(() => UpdateFaceMatchSettingsPayload, { description: 'Sets both thresholds; applies to matches run from now on.' })
  async updateFaceMatchSettings(@Arg('input') input: UpdateFaceMatchSettingsInput, @Ctx() ctx: SubgraphContext): Promise<UpdateFaceMatchSettingsPayload> {
    const result = await this.service.update(ctx.auth, { accept: input.accept, reject: input.reject });
    return result.ok ? { settings: toView(result.value), errors: [] } : { settings: null, errors: result.errors };
  }
}
