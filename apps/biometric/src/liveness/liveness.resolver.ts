import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { isUuid, type SubgraphContext } from '@ekyc/subgraph-kit';
import { ApplicationRef } from '../application/application.type';
import { toLiveness, toLivenessSession } from './liveness.mapper';
import { LivenessService } from './liveness.service';
import { Liveness, StartLivenessSessionPayload, SubmitLivenessFramesInput, SubmitLivenessFramesPayload } from './liveness.type';

const OPERATORS = ['agent', 'partner_admin'] as const;
/** Reviewers read the applications they review, with the evidence the other subgraphs hold. */
const READERS = ['agent', 'partner_admin', 'analyst', 'reviewer'] as const;
const invalidId = (field: string) => ({ code: 'INVALID_ID', message: `${field.split('.').pop()} must be a UUID`, field });

@Resolver(() => ApplicationRef)
export class LivenessResolver {
  constructor(private readonly service: LivenessService) {}

  @Authorized(...OPERATORS)
  @Mutation(() => StartLivenessSessionPayload, {
    description: 'Starts an active liveness check for an application: three random challenges and a nonce, valid for a few minutes.',
  })
  async startLivenessSession(@Arg('applicationId', () => ID) applicationId: string, @Ctx() ctx: SubgraphContext): Promise<StartLivenessSessionPayload> {
    if (!isUuid(applicationId)) return { session: null, errors: [invalidId('applicationId')] };
    const result = await this.service.start(ctx.auth, applicationId);
    return result.ok ? { session: toLivenessSession(result.value.record, result.value.nonce), errors: [] } : { session: null, errors: result.errors };
  }

  @Authorized(...OPERATORS)
  @Mutation(() => SubmitLivenessFramesPayload, {
    description: 'Answers a liveness session with the recorded frames; judged once, a session cannot be answered again.',
  })
  async submitLivenessFrames(@Arg('input') input: SubmitLivenessFramesInput, @Ctx() ctx: SubgraphContext): Promise<SubmitLivenessFramesPayload> {
    if (!isUuid(input.sessionId)) return { liveness: null, errors: [invalidId('input.sessionId')] };
    const result = await this.service.submit(ctx.auth, input);
    return result.ok ? { liveness: toLiveness(result.value), errors: [] } : { liveness: null, errors: result.errors };
  }

  @Authorized(...READERS)
  @FieldResolver(() => Liveness, { nullable: true, description: 'Active liveness check of the applicant; null when none was started.' })
  async liveness(@Root() application: ApplicationRef, @Ctx() ctx: SubgraphContext): Promise<Liveness | null> {
    const record = await this.service.forApplication(ctx.auth.tenantId, application.id);
    return record && toLiveness(record);
  }
}
