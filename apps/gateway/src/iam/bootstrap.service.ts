import type { IamService } from './iam.service';

export interface BootstrapResult {
  platformTenantId: string;
  demoTenantId: string;
  tokens: { platformAdmin: string; partnerAdmin: string; agent: string; analyst: string; reviewer: string };
}

export const PLATFORM_TENANT = { slug: 'platform', name: 'Platform operators' };
export const DEMO_TENANT = { slug: 'demo-bank', name: 'Demo Bank' };

/**
 * Creates the first platform admin and a demo tenant with a partner admin, an agent, an analyst and a reviewer. Safe to run again:
 * records are reused and the bootstrap tokens are rotated, so the printed ones are the live ones.
 */
export async function bootstrapPlatform(iam: IamService, demoTenant: { slug: string; name: string } = DEMO_TENANT): Promise<BootstrapResult> {
  const platform = await iam.ensureTenant(PLATFORM_TENANT.slug, PLATFORM_TENANT.name);
  const admin = await iam.ensureUser(platform.id, 'admin@platform.local', ['platform_admin']);
  const demo = await iam.ensureTenant(demoTenant.slug, demoTenant.name);
  const agent = await iam.ensureUser(demo.id, `agent@${demoTenant.slug}.local`, ['agent']);
  const analyst = await iam.ensureUser(demo.id, `analyst@${demoTenant.slug}.local`, ['analyst']);
  const partnerAdmin = await iam.ensureUser(demo.id, `admin@${demoTenant.slug}.local`, ['partner_admin']);
  const reviewer = await iam.ensureUser(demo.id, `reviewer@${demoTenant.slug}.local`, ['reviewer']);
  const [adminToken, partnerAdminToken, agentToken, analystToken, reviewerToken] = await Promise.all([
    iam.issueApiToken(admin, 'bootstrap'),
    iam.issueApiToken(partnerAdmin, 'bootstrap'),
    iam.issueApiToken(agent, 'bootstrap'),
    iam.issueApiToken(analyst, 'bootstrap'),
    iam.issueApiToken(reviewer, 'bootstrap'),
  ]);
  return {
    platformTenantId: platform.id,
    demoTenantId: demo.id,
    tokens: {
      platformAdmin: adminToken.token,
      partnerAdmin: partnerAdminToken.token,
      agent: agentToken.token,
      analyst: analystToken.token,
      reviewer: reviewerToken.token,
    },
  };
}
