import type { GraphQLError } from 'graphql';
import type { InternalContext, Role } from '@ekyc/internal-context';
import { ErrorCode, graphqlError, invalidArgument, isUuid } from '@ekyc/subgraph-kit';

/** Whose rows a query reads: one tenant, or every tenant (platform admins only). */
export type TenantScope = { kind: 'tenant'; tenantId: string } | { kind: 'all' };

export const isPlatformAdmin = (auth: Pick<InternalContext, 'roles'>): boolean => auth.roles.includes('platform_admin');

/** Roles that read their whole tenant (reviewers: any application's trail); an agent alone reads only the verification log, filtered to themself. */
const TENANT_READERS: readonly Role[] = ['partner_admin', 'analyst', 'reviewer', 'platform_admin'];
export const readsWholeTenant = (auth: Pick<InternalContext, 'roles'>): boolean => auth.roles.some((r) => TENANT_READERS.includes(r));

export const crossTenantForbidden = (): GraphQLError =>
  graphqlError(ErrorCode.Forbidden, 'only platform admins read other tenants', { field: 'tenantId', requiredRoles: ['platform_admin'] });

/**
 * Platform admins name any tenant, or none for all of them; everyone else reads their own tenant and
 * gets FORBIDDEN for naming another.
 */
export function tenantScopeOf(
  auth: Pick<InternalContext, 'roles' | 'tenantId'>,
  requested: string | null | undefined,
): { ok: true; scope: TenantScope } | { ok: false; error: GraphQLError } {
  if (requested !== null && requested !== undefined && !isUuid(requested)) return { ok: false, error: invalidArgument('tenantId', 'tenantId must be a UUID') };
  if (isPlatformAdmin(auth)) return { ok: true, scope: requested ? { kind: 'tenant', tenantId: requested } : { kind: 'all' } };
  if (requested && requested !== auth.tenantId) return { ok: false, error: crossTenantForbidden() };
  return { ok: true, scope: { kind: 'tenant', tenantId: auth.tenantId } };
}

/** A scope that must be one tenant (e.g. a mutation): platform admins name it, others get their own. */
export function singleTenantOf(
  auth: Pick<InternalContext, 'roles' | 'tenantId'>,
  requested: string | null | undefined,
): { ok: true; tenantId: string } | { ok: false; error: GraphQLError } {
  const scoped = tenantScopeOf(auth, requested);
  if (!scoped.ok) return scoped;
  return { ok: true, tenantId: scoped.scope.kind === 'tenant' ? scoped.scope.tenantId : auth.tenantId };
}

/** SQL condition and parameter for a scope, on a column named `tenant_id` of `alias`. */
export function scopeCondition(scope: TenantScope, alias: string, params: unknown[]): string {
  if (scope.kind === 'all') return 'TRUE';
  params.push(scope.tenantId);
  return `${alias}.tenant_id = $${params.length}`;
}
