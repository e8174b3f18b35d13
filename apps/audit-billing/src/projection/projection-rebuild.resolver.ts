import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { invalidArgument, isUuid, type SubgraphContext } from '@ekyc/subgraph-kit';
import type { ProjectionRebuildRecord } from './projection-rebuild.entity';
import { ProjectionRebuildService } from './projection-rebuild.service';
import { ProjectionRebuild, RebuildProjectionsPayload } from './projection-rebuild.type';

const toView = (r: ProjectionRebuildRecord): ProjectionRebuild =>
  Object.assign(new ProjectionRebuild(), {
    id: r.id,
    tenantId: r.tenantId,
    status: r.status,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    expectedEvents: r.expectedEvents,
    remainingEvents: r.remainingEvents,
    error: r.error,
  });

@Resolver()
export class ProjectionRebuildResolver {
  constructor(private readonly service: ProjectionRebuildService) {}

  @Authorized('platform_admin')
  @Mutation(() => RebuildProjectionsPayload, {
    description:
      'Empties the projections of one tenant (or all) and replays every topic from offset zero under a new consumer group; poll auditProjectionRebuild for progress.',
  })
  async rebuildAuditProjections(
    @Ctx() ctx: SubgraphContext,
    @Arg('tenantId', () => ID, { nullable: true }) tenantId?: string | null,
  ): Promise<RebuildProjectionsPayload> {
    if (tenantId && !isUuid(tenantId)) throw invalidArgument('tenantId', 'tenantId must be a UUID');
    const started = await this.service.start(ctx.auth.userId, tenantId ?? null);
    return started.ok ? { rebuild: toView(started.rebuild), errors: [] } : { rebuild: null, errors: started.errors };
  }

  @Authorized('platform_admin')
  @Query(() => ProjectionRebuild, { nullable: true, description: 'A projection rebuild by id, or the latest one.' })
  async auditProjectionRebuild(@Arg('id', () => ID, { nullable: true }) id?: string | null): Promise<ProjectionRebuild | null> {
    if (id && !isUuid(id)) throw invalidArgument('id', 'id must be a UUID');
    const record = id ? await this.service.get(id) : await this.service.latest();
    return record ? toView(record) : null;
  }
}
