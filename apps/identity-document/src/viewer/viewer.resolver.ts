import { Ctx, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@ekyc/subgraph-kit';
import { Viewer, type ViewerAuthKind, type ViewerRole } from './viewer.type';

/** Who is calling: a sign-in (the agent portal's) checks a token with it and learns which screens to show. */
@Resolver()
export class ViewerResolver {
  @Query(() => Viewer, { description: 'The caller: tenant, user and roles of the credentials sent. Any authenticated caller may ask.' })
  viewer(@Ctx() ctx: SubgraphContext): Viewer {
    const { tenantId, userId, roles, authKind } = ctx.auth;
    return { tenantId, userId, roles: roles as ViewerRole[], authKind: authKind as ViewerAuthKind };
  }
}
