import type { SubgraphContext } from '@ekyc/subgraph-kit';
import { ViewerResolver } from './viewer.resolver';

describe('viewer', () => {
  it('is the caller the gateway vouched for: tenant, user, roles and how they authenticated', () => {
    const auth = {
      tenantId: 't-1',
      userId: 'u-1',
      roles: ['agent', 'analyst'],
      authKind: 'api_token',
      credentialId: 'c',
      requestId: 'r',
      iat: 0,
      exp: 60,
    } as SubgraphContext['auth'];
    expect(new ViewerResolver().viewer({ auth } as SubgraphContext)).toEqual({
      tenantId: 't-1',
      userId: 'u-1',
      roles: ['agent', 'analyst'],
      authKind: 'api_token',
    });
  });
});
