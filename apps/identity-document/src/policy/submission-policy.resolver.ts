import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@ekyc/subgraph-kit';
import { SubmissionPolicyService } from './submission-policy.service';
import { SubmissionPolicyView, UpdateSubmissionPolicyInput, UpdateSubmissionPolicyPayload } from './submission-policy.type';

@Resolver()
export class SubmissionPolicyResolver {
  constructor(private readonly service: SubmissionPolicyService) {}

  @Authorized('partner_admin', 'analyst')
  @Query(() => SubmissionPolicyView)
  submissionPolicy(@Ctx() ctx: SubgraphContext): Promise<SubmissionPolicyView> {
    return this.service.get(ctx.auth.tenantId);
  }

  @Authorized('partner_admin')
  @Mutation(() => UpdateSubmissionPolicyPayload)
  async updateSubmissionPolicy(@Arg('input') input: UpdateSubmissionPolicyInput, @Ctx() ctx: SubgraphContext): Promise<UpdateSubmissionPolicyPayload> {
    // GraphQL gives absent fields as undefined; keep that distinct from an explicit null.
    const update = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const result = await this.service.update(ctx.auth, update);
    return result.ok ? { policy: result.value, errors: [] } : { policy: null, errors: result.errors };
  }
}
