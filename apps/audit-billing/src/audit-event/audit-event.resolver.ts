import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { clampPageSize, invalidArgument, type SubgraphContext } from '@ekyc/subgraph-kit';
import { readsWholeTenant, tenantScopeOf } from '../access/access-scope';
import { ApplicationRef } from '../application/application.type';
import { TenantSettingsService } from '../tenant-settings/tenant-settings.service';
import type { ChainBreak } from './audit-chain';
import { AuditEventService } from './audit-event.service';
import { AuditChainBreak, AuditChainReport, AuditChainVerification, AuditEvent, AuditEventConnection } from './audit-event.type';

const toBreak = (tenantId: string, b: ChainBreak | null): AuditChainBreak | null => (b ? Object.assign(new AuditChainBreak(), { tenantId, ...b }) : null);

@Resolver(() => ApplicationRef)
export class AuditEventResolver {
  constructor(
    private readonly service: AuditEventService,
    private readonly settings: TenantSettingsService,
  ) {}

  @Authorized('agent', 'partner_admin', 'analyst', 'reviewer', 'platform_admin')
  @FieldResolver(() => [AuditEvent], {
    description:
      'Events recorded for this application, oldest first (at most 500). Agents see the trail of applications they opened or submitted, unless the tenant lets them see every submission.',
  })
  async auditTrail(@Root() application: ApplicationRef, @Ctx() ctx: SubgraphContext): Promise<AuditEvent[]> {
    const { auth } = ctx;
    if (!readsWholeTenant(auth) && !(await this.settings.get(auth.tenantId)).agentsSeeAllSubmissions) {
      if (!(await this.service.actedOn(auth.tenantId, application.id, auth.userId))) return [];
    }
    return this.service.trail(auth.tenantId, application.id);
  }

  @Authorized('analyst', 'partner_admin', 'platform_admin')
  @Query(() => AuditEventConnection, { description: "Your tenant's audit events, most recently recorded first (platform admins: one tenant, or all)." })
  async auditEvents(
    @Ctx() ctx: SubgraphContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1-100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('applicationId', () => ID, { nullable: true }) applicationId?: string | null,
    @Arg('type', () => String, { nullable: true, description: 'Only events of this type, e.g. application.created.' }) type?: string | null,
    @Arg('actorId', () => String, { nullable: true, description: 'Only events caused by this user, token owner or system component.' }) actorId?: string | null,
    @Arg('occurredFrom', () => Date, { nullable: true, description: 'Occurred at or after this instant.' }) occurredFrom?: Date | null,
    @Arg('occurredTo', () => Date, { nullable: true, description: 'Occurred before this instant.' }) occurredTo?: Date | null,
    @Arg('tenantId', () => ID, { nullable: true }) tenantId?: string | null,
  ): Promise<AuditEventConnection> {
    const scoped = tenantScopeOf(ctx.auth, tenantId);
    if (!scoped.ok) throw scoped.error;
    const page = await this.service.page(scoped.scope, { first: clampPageSize(first), after, applicationId, type, actorId, occurredFrom, occurredTo });
    if ('invalidCursor' in page) throw invalidArgument('after', 'cursor is not one this API returned');
    return { edges: page.events, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.events.at(-1)?.cursor ?? null } };
  }

  @Authorized('analyst', 'partner_admin', 'platform_admin')
  @Query(() => AuditChainReport, {
    description: "Recomputes the audit hash chain and reports the first broken link: your tenant's, or for platform admins one tenant or every tenant.",
  })
  async verifyAuditChain(@Ctx() ctx: SubgraphContext, @Arg('tenantId', () => ID, { nullable: true }) tenantId?: string | null): Promise<AuditChainReport> {
    const scoped = tenantScopeOf(ctx.auth, tenantId);
    if (!scoped.ok) throw scoped.error;
    const verdicts = await this.service.verify(scoped.scope);
    const tenants = verdicts.map((v) =>
      Object.assign(new AuditChainVerification(), {
        tenantId: v.tenantId,
        ok: v.ok,
        checkedEntries: v.checkedEntries,
        lastSequence: v.lastSequence,
        lastHash: v.lastHash,
        firstBrokenLink: toBreak(v.tenantId, v.firstBrokenLink),
      }),
    );
    return Object.assign(new AuditChainReport(), {
      ok: tenants.every((t) => t.ok),
      checkedEntries: tenants.reduce((sum, t) => sum + t.checkedEntries, 0),
      firstBrokenLink: tenants.find((t) => t.firstBrokenLink)?.firstBrokenLink ?? null,
      tenants,
    });
  }
}
