import { ROLES, type Role } from '@ekyc/internal-context';

/** Roles a bank's identity provider may hand out: never platform_admin, which belongs to the platform's operator. */
export const CLAIMABLE_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'platform_admin');

/** The identity provider's groups → platform roles (`OIDC_ROLE_MAP`); one group may give several roles. */
export type RoleMap = ReadonlyMap<string, readonly Role[]>;

/**
 * Parses `group=role,group=role` (a group named again adds a role). Every problem is listed: a pair without `=`, an
 * empty group, a role the platform does not know or that a provider may not give.
 */
export function parseRoleMap(text: string): { map: RoleMap; problems: string[] } {
  const map = new Map<string, Role[]>();
  const problems: string[] = [];
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = pair.lastIndexOf('=');
    const group = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim();
    if (at < 1 || group === '') {
      problems.push(`"${pair}" is not group=role`);
      continue;
    }
    if (!(CLAIMABLE_ROLES as readonly string[]).includes(role)) {
      problems.push(`"${pair}": ${role || '(empty)'} is not one of ${CLAIMABLE_ROLES.join(', ')}`);
      continue;
    }
    const roles = map.get(group) ?? [];
    if (!roles.includes(role as Role)) map.set(group, [...roles, role as Role]);
  }
  return { map, problems };
}

/**
 * The values of the roles claim as the provider sent it: an array of strings, or one string of space- or
 * comma-separated names (as some providers send `roles`); anything else counts as none.
 */
export function claimValues(claim: unknown): string[] {
  if (Array.isArray(claim))
    return claim
      .filter((v): v is string => typeof v === 'string')
      .map((v) => v.trim())
      .filter(Boolean);
  if (typeof claim === 'string') return claim.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** The platform roles the provider's groups give, in the platform's order (groups the map does not name give none). */
export function rolesFromGroups(groups: readonly string[], map: RoleMap): Role[] {
  const given = new Set(groups.flatMap((g) => map.get(g) ?? []));
  return ROLES.filter((r) => given.has(r));
}
