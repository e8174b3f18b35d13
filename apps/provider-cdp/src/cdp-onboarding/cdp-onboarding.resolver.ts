import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { invalidArgument, isUuid, type SubgraphContext } from '@ekyc/subgraph-kit';
import { ApplicationRef } from '../application/application.type';
import { toCdpOnboarding } from './cdp-onboarding.mapper';
import { CdpOnboardingService } from './cdp-onboarding.service';
import { CdpOnboarding, CdpOnboardingPayload } from './cdp-onboarding.type';

/** Reviewers read the applications they review, with the evidence the other subgraphs hold. */
const READERS = ['agent', 'partner_admin', 'analyst', 'reviewer'] as const;

@Resolver(() => ApplicationRef)
export class CdpOnboardingResolver {
  constructor(
    private readonly service: CdpOnboardingService,
    private readonly onQueued: () => void = () => undefined,
  ) {}

  @Authorized(...READERS)
  @FieldResolver(() => CdpOnboarding, { nullable: true, description: 'Customer Data Platform onboarding of this application.' })
  async cdpOnboarding(@Root() application: ApplicationRef, @Ctx() ctx: SubgraphContext): Promise<CdpOnboarding | null> {
    const record = await this.service.forApplication(ctx.auth.tenantId, application.id);
    return record && toCdpOnboarding(record);
  }

  @Authorized(...READERS)
  @Query(() => CdpOnboarding, { name: 'cdpOnboarding', nullable: true })
  async cdpOnboardingByApplication(@Arg('applicationId', () => ID) applicationId: string, @Ctx() ctx: SubgraphContext): Promise<CdpOnboarding | null> {
    if (!isUuid(applicationId)) throw invalidArgument('applicationId', 'applicationId must be a UUID');
    const record = await this.service.forApplication(ctx.auth.tenantId, applicationId);
    return record && toCdpOnboarding(record);
  }

  @Authorized('partner_admin')
  @Mutation(() => CdpOnboardingPayload, {
    description:
      'Onboards a passed application now: one automatic onboarding skipped, that failed, or whose customer was blocked or under investigation. The CDP is always asked for the customer first.',
  })
  async onboardCdpCustomer(@Arg('applicationId', () => ID) applicationId: string, @Ctx() ctx: SubgraphContext): Promise<CdpOnboardingPayload> {
    if (!isUuid(applicationId))
      return { onboarding: null, errors: [{ code: 'INVALID_APPLICATION_ID', message: 'applicationId must be a UUID', field: 'applicationId' }] };
    const result = await this.service.requestManual(ctx.auth, applicationId);
    if (!result.ok) return { onboarding: null, errors: result.errors };
    this.onQueued();
    return { onboarding: toCdpOnboarding(result.record), errors: [] };
  }
}
