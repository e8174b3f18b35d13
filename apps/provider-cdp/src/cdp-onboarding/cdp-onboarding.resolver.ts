import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { invalidArgument, isUuid, type SubgraphContext } from '@ekyc/subgraph-kit';
import { ApplicationRef } from '../application/application.type';
import { CdpOnboardingService } from './cdp-onboarding.service';
import { CdpOnboarding } from './cdp-onboarding.type';

const READERS = ['agent', 'partner_admin', 'analyst'] as const;

@Resolver(() => ApplicationRef)
export class CdpOnboardingResolver {
  constructor(private readonly service: CdpOnboardingService) {}

  @Authorized(...READERS)
  @FieldResolver(() => CdpOnboarding, { nullable: true, description: 'Customer Data Platform onboarding of this application.' })
  cdpOnboarding(@Root() application: ApplicationRef, @Ctx() ctx: SubgraphContext): Promise<CdpOnboarding | null> {
    return this.service.forApplication(ctx.auth.tenantId, application.id);
  }

  @Authorized(...READERS)
  @Query(() => CdpOnboarding, { name: 'cdpOnboarding', nullable: true })
  cdpOnboardingByApplication(@Arg('applicationId', () => ID) applicationId: string, @Ctx() ctx: SubgraphContext): Promise<CdpOnboarding | null> {
    if (!isUuid(applicationId)) throw invalidArgument('applicationId', 'applicationId must be a UUID');
    return this.service.forApplication(ctx.auth.tenantId, applicationId);
  }
}
