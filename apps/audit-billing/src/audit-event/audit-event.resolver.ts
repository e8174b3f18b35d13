import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { clampPageSize, invalidArgument, type SubgraphContext } from '@ekyc/subgraph-kit';
import { ApplicationRef } from '../application/application.type';
import { AuditEventService } from './audit-event.service';
import { AuditEvent, AuditEventConnection } from './audit-event.type';

@Resolver(() => ApplicationRef)
export class AuditEventResolver {
  constructor(private readonly service: AuditEventService) {}

  @Authorized('agent', 'partner_admin', 'analyst', 'platform_admin')
  @FieldResolver(() => [AuditEvent], { description: 'Events recorded for this application, oldest first (at most 500).' })
  auditTrail(@Root() application: ApplicationRef, @Ctx() ctx: SubgraphContext): Promise<AuditEvent[]> {
    return this.service.trail(ctx.auth.tenantId, application.id);
  }

  @Authorized('analyst', 'partner_admin', 'platform_admin')
  @Query(() => AuditEventConnection, { description: "Your tenant's audit events, most recently recorded first." })
  async auditEvents(
    @Ctx() ctx: SubgraphContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1-100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('applicationId', () => ID, { nullable: true }) applicationId?: string | null,
    @Arg('type', () => String, { nullable: true, description: 'Only events of this type, e.g. application.created.' }) type?: string | null,
  ): Promise<AuditEventConnection> {
    const page = await this.service.page(ctx.auth.tenantId, { first: clampPageSize(first), after, applicationId, type });
    if ('invalidCursor' in page) throw invalidArgument('after', 'cursor is not one this API returned');
    return { edges: page.events, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.events.at(-1)?.cursor ?? null } };
  }
}
