import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { invalidArgument, isUuid, type SubgraphContext } from '@ekyc/subgraph-kit';
import { ApplicationRef } from '../application/application.type';
import { toNidVerification } from './nid-verification.mapper';
import { NidVerificationService } from './nid-verification.service';
import { NidVerification } from './nid-verification.type';

/** Reviewers read the applications they review, with the evidence the other subgraphs hold. */
const READERS = ['agent', 'partner_admin', 'analyst', 'reviewer'] as const;

@Resolver(() => ApplicationRef)
export class NidVerificationResolver {
  constructor(private readonly service: NidVerificationService) {}

  @Authorized(...READERS)
  @FieldResolver(() => NidVerification, { nullable: true, description: 'The NID partner-service verification of this application.' })
  async nidVerification(@Root() application: ApplicationRef, @Ctx() ctx: SubgraphContext): Promise<NidVerification | null> {
    const record = await this.service.forApplication(ctx.auth.tenantId, application.id);
    return record && toNidVerification(record);
  }

  @Authorized(...READERS)
  @Query(() => NidVerification, { name: 'nidVerification', nullable: true })
  async nidVerificationByApplication(@Arg('applicationId', () => ID) applicationId: string, @Ctx() ctx: SubgraphContext): Promise<NidVerification | null> {
    if (!isUuid(applicationId)) throw invalidArgument('applicationId', 'applicationId must be a UUID');
    const record = await this.service.forApplication(ctx.auth.tenantId, applicationId);
    return record && toNidVerification(record);
  }
}
