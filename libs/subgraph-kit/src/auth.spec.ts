import { GraphQLError } from 'graphql';
import type { Role } from '@ekyc/internal-context';
import { authChecker } from './auth';

type ResolverData = Parameters<typeof authChecker>[0];

const resolverData = (roles: Role[]): ResolverData => ({ context: { auth: { roles } } }) as unknown as ResolverData;

function forbiddenError(run: () => unknown): GraphQLError {
  try {
    run();
  } catch (err) {
    if (err instanceof GraphQLError) return err;
    throw err;
  }
  throw new Error('expected a GraphQLError, but access was granted');
}

describe('authChecker', () => {
  it('allows a caller holding one of the required roles', () => {
    expect(authChecker(resolverData(['agent', 'analyst']), ['analyst'])).toBe(true);
  });

  it('allows any authenticated caller when no role is required', () => {
    expect(authChecker(resolverData(['agent']), [])).toBe(true);
  });

  it('throws FORBIDDEN, listing the required roles, when the caller holds none of them', () => {
    const err = forbiddenError(() => authChecker(resolverData(['agent']), ['partner_admin', 'platform_admin']));
    expect(err.extensions['code']).toBe('FORBIDDEN');
    expect(err.extensions['requiredRoles']).toEqual(['partner_admin', 'platform_admin']);
    expect(err.message).toContain('partner_admin, platform_admin');
  });

  it('keeps HTTP 200 for FORBIDDEN so the gateway passes the error through', () => {
    const err = forbiddenError(() => authChecker(resolverData(['analyst']), ['platform_admin']));
    expect(err.extensions['http']).toBeUndefined();
  });
});
