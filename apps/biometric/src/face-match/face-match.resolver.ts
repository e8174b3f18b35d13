import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { invalidArgument, isUuid, type SubgraphContext } from '@ekyc/subgraph-kit';
import { ApplicationRef } from '../application/application.type';
import { toFaceMatch } from './face-match.mapper';
import { FaceMatchService } from './face-match.service';
import { FaceMatch } from './face-match.type';

/** Reviewers read the applications they review, with the evidence the other subgraphs hold. */
const READERS = ['agent', 'partner_admin', 'analyst', 'reviewer'] as const;

@Resolver(() => ApplicationRef)
export class FaceMatchResolver {
  constructor(private readonly service: FaceMatchService) {}

  @Authorized(...READERS)
  @FieldResolver(() => FaceMatch, { nullable: true, description: "Face matching of this application's photos." })
  async faceMatch(@Root() application: ApplicationRef, @Ctx() ctx: SubgraphContext): Promise<FaceMatch | null> {
    const record = await this.service.forApplication(ctx.auth.tenantId, application.id);
    return record && toFaceMatch(record);
  }

  @Authorized(...READERS)
  @Query(() => FaceMatch, { name: 'faceMatch', nullable: true })
  async faceMatchByApplication(@Arg('applicationId', () => ID) applicationId: string, @Ctx() ctx: SubgraphContext): Promise<FaceMatch | null> {
    if (!isUuid(applicationId)) throw invalidArgument('applicationId', 'applicationId must be a UUID');
    const record = await this.service.forApplication(ctx.auth.tenantId, applicationId);
    return record && toFaceMatch(record);
  }
}
