import { claimValues, parseRoleMap, rolesFromGroups } from './claim-roles';

describe('roles from the identity provider', () => {
  it('reads group=role pairs, a group giving several roles, and lists every bad pair at once', () => {
    const { map, problems } = parseRoleMap(' ekyc-agents=agent, ekyc-supervisors=reviewer,ekyc-supervisors=analyst ,ekyc-admins=partner_admin');
    expect(problems).toEqual([]);
    expect(Object.fromEntries(map)).toEqual({ 'ekyc-agents': ['agent'], 'ekyc-supervisors': ['reviewer', 'analyst'], 'ekyc-admins': ['partner_admin'] });
    expect(parseRoleMap('agents, =agent, ops=platform_admin, x=wizard, ok=agent').problems).toEqual([
      '"agents" is not group=role',
      '"=agent" is not group=role',
      '"ops=platform_admin": platform_admin is not one of agent, partner_admin, analyst, reviewer, pii_reader',
      '"x=wizard": wizard is not one of agent, partner_admin, analyst, reviewer, pii_reader',
    ]);
  });

  it('maps the groups a person is in to roles, ignoring groups it does not know (a group name may hold "=")', () => {
    const { map, problems } = parseRoleMap('CN=eKYC Agents=agent,supervisors=reviewer,supervisors=analyst');
    expect(problems).toEqual([]);
    expect(rolesFromGroups(['CN=eKYC Agents'], map)).toEqual(['agent']);
    expect(rolesFromGroups(['supervisors', 'canteen'], map)).toEqual(['analyst', 'reviewer']);
    expect(rolesFromGroups([], map)).toEqual([]);
  });

  it('reads the claim as an array, or a space or comma separated string; anything else is no group', () => {
    expect(claimValues(['a', ' b ', 3, ''])).toEqual(['a', 'b']);
    expect(claimValues('a b,c')).toEqual(['a', 'b', 'c']);
    expect(claimValues(undefined)).toEqual([]);
    expect(claimValues({ a: 1 })).toEqual([]);
  });
});
