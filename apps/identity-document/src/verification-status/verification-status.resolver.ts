import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { invalidArgument, type SubgraphContext } from '@ekyc/subgraph-kit';
import { VerificationStatusService } from './verification-status.service';
import { VerificationStatus } from './verification-status.type';

@Resolver()
export class VerificationStatusResolver {
  constructor(private readonly service: VerificationStatusService) {}

  @Authorized('agent', 'partner_admin')
  @Query(() => VerificationStatus, {
    nullable: true,
    description: 'The latest verification of this mobile number (agent contract, section C); null when it has none.',
  })
  async verificationStatus(@Arg('mobileNumber') mobileNumber: string, @Ctx() ctx: SubgraphContext): Promise<VerificationStatus | null> {
    const result = await this.service.byMobileNumber(ctx.auth.tenantId, mobileNumber);
    if (!result.ok) throw invalidArgument(result.error.field ?? 'mobileNumber', result.error.message);
    return result.value;
  }
}
