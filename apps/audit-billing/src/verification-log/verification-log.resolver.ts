import { Arg, Authorized, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { seesPii } from '@ekyc/internal-context';
import { clampPageSize, ErrorCode, graphqlError, invalidArgument, type SubgraphContext } from '@ekyc/subgraph-kit';
import { readsWholeTenant, tenantScopeOf } from '../access/access-scope';
import { TenantSettingsService } from '../tenant-settings/tenant-settings.service';
import { VerificationLogService, type LogPaging } from './verification-log.service';
import { VerificationLogConnection, VerificationLogEntry, VerificationLogStatus } from './verification-log.type';

@Resolver()
export class VerificationLogResolver {
  constructor(
    private readonly service: VerificationLogService,
    private readonly settings: TenantSettingsService,
  ) {}

  @Authorized('agent', 'partner_admin', 'analyst', 'platform_admin')
  @Query(() => VerificationLogConnection, {
    description:
      'The verification log, newest first. Pages as the agent API does (page, perPage) or by cursor (first, after). Agents see their own submissions unless the tenant allows more.',
  })
  async verificationLog(
    @Ctx() ctx: SubgraphContext,
    @Arg('status', () => VerificationLogStatus, { defaultValue: VerificationLogStatus.all }) status: VerificationLogStatus,
    @Arg('page', () => Int, { nullable: true, description: '1-based page number (with perPage).' }) page?: number | null,
    @Arg('perPage', () => Int, { nullable: true, description: 'Entries per page, 1-100 (default 20).' }) perPage?: number | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size with cursors, 1-100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('submittedFrom', () => Date, { nullable: true, description: 'Submitted at or after this instant.' }) submittedFrom?: Date | null,
    @Arg('submittedTo', () => Date, { nullable: true, description: 'Submitted before this instant.' }) submittedTo?: Date | null,
    @Arg('agentId', () => String, { nullable: true, description: 'Only submissions of this user.' }) agentId?: string | null,
    @Arg('mobileNumber', () => String, { nullable: true, description: 'Exact, normalised as 01XXXXXXXXX.' }) mobileNumber?: string | null,
    @Arg('nidNumber', () => String, { nullable: true, description: 'Exact 10 or 17 digits.' }) nidNumber?: string | null,
    @Arg('tenantId', () => ID, { nullable: true, description: 'Platform admins: one tenant (default: all). Others: their own.' }) tenantId?: string | null,
  ): Promise<VerificationLogConnection> {
    const { auth } = ctx;
    const scoped = tenantScopeOf(auth, tenantId);
    if (!scoped.ok) throw scoped.error;
    let onlyAgent = agentId ?? null;
    if (!readsWholeTenant(auth) && !(await this.settings.get(auth.tenantId)).agentsSeeAllSubmissions) {
      if (onlyAgent && onlyAgent !== auth.userId) {
        throw graphqlError(ErrorCode.Forbidden, 'agents read only their own submissions in this tenant', {
          field: 'agentId',
          requiredRoles: ['partner_admin', 'analyst', 'platform_admin'],
        });
      }
      onlyAgent = auth.userId;
    }
    const pageMode = (page ?? perPage) !== null && (page ?? perPage) !== undefined;
    if (pageMode && (first != null || after != null)) throw invalidArgument('page', 'use page/perPage or first/after, not both');
    if (page != null && page < 1) throw invalidArgument('page', 'pages start at 1');
    const paging: LogPaging = pageMode
      ? { mode: 'page', page: page ?? 1, perPage: clampPageSize(perPage) }
      : { mode: 'cursor', first: clampPageSize(first), after: after ?? null };

    const result = await this.service.page({
      scope: scoped.scope,
      status,
      agentId: onlyAgent,
      submittedFrom,
      submittedTo,
      mobileNumber,
      nidNumber,
      paging,
      fullPii: seesPii(auth.roles),
    });
    if (!result.ok) throw invalidArgument(result.error.field ?? 'input', result.error.message);
    return {
      edges: result.entries.map(({ cursor, node }) => ({ cursor, node: Object.assign(new VerificationLogEntry(), node) })),
      pageInfo: { hasNextPage: result.hasNextPage, endCursor: result.entries.at(-1)?.cursor ?? null },
      totalCount: result.totalCount,
      page: paging.mode === 'page' ? paging.page : null,
      perPage: paging.mode === 'page' ? paging.perPage : paging.first,
    };
  }
}
