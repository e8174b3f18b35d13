import { readsWholeTenant, scopeCondition, singleTenantOf, tenantScopeOf } from './access-scope';

const A = '3f0b6b1e-2f7a-4c53-9d1e-6a2b8c4d5e6f';
const B = '9b2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7b';
const as = (...roles: Array<'agent' | 'partner_admin' | 'analyst' | 'platform_admin'>) => ({ tenantId: A, roles });

describe('tenant scope', () => {
  it('keeps everyone but platform admins in their own tenant', () => {
    for (const role of ['agent', 'partner_admin', 'analyst'] as const) {
      expect(tenantScopeOf(as(role), null)).toEqual({ ok: true, scope: { kind: 'tenant', tenantId: A } });
      expect(tenantScopeOf(as(role), A)).toEqual({ ok: true, scope: { kind: 'tenant', tenantId: A } });
      const other = tenantScopeOf(as(role), B);
      expect(other.ok).toBe(false);
      if (!other.ok) expect(other.error.extensions['code']).toBe('FORBIDDEN');
    }
  });

  it('lets platform admins name any tenant, or read them all', () => {
    expect(tenantScopeOf(as('platform_admin'), B)).toEqual({ ok: true, scope: { kind: 'tenant', tenantId: B } });
    expect(tenantScopeOf(as('platform_admin'), undefined)).toEqual({ ok: true, scope: { kind: 'all' } });
    expect(singleTenantOf(as('platform_admin'), null)).toEqual({ ok: true, tenantId: A });
  });

  it('refuses a tenant id that is not a UUID', () => {
    const bad = tenantScopeOf(as('platform_admin'), 'demo-bank');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'tenantId' });
  });

  it('knows who reads the whole tenant', () => {
    expect(readsWholeTenant(as('agent'))).toBe(false);
    expect(readsWholeTenant(as('agent', 'analyst'))).toBe(true);
  });

  it('turns a scope into SQL with a bound parameter', () => {
    const params: unknown[] = ['x'];
    expect(scopeCondition({ kind: 'tenant', tenantId: A }, 'l', params)).toBe('l.tenant_id = $2');
    expect(params).toEqual(['x', A]);
    expect(scopeCondition({ kind: 'all' }, 'l', params)).toBe('TRUE');
  });
});
