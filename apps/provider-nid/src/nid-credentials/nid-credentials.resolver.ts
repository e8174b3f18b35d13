import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@ekyc/subgraph-kit';
import type { NidCredentialRecord } from './nid-credentials.entity';
import { NidCredentialsService } from './nid-credentials.service';
import { ChangeNidPasswordInput, ConfigureNidCredentialsInput, NidCredentials, NidCredentialsPayload, NidCredentialStatus } from './nid-credentials.type';

const toNidCredentials = (record: NidCredentialRecord): NidCredentials =>
  Object.assign(new NidCredentials(), {
    username: record.username,
    status: NidCredentialStatus[record.status],
    statusReason: record.statusReason,
    statusChangedAt: record.statusChangedAt,
    updatedAt: record.updatedAt,
  });

@Resolver(() => NidCredentials)
export class NidCredentialsResolver {
  constructor(private readonly service: NidCredentialsService) {}

  @Authorized('partner_admin')
  @Query(() => NidCredentials, { nullable: true, description: "Your tenant's NID service account and its health; null when none is configured." })
  async nidCredentials(@Ctx() ctx: SubgraphContext): Promise<NidCredentials | null> {
    const record = await this.service.find(ctx.auth.tenantId);
    return record && toNidCredentials(record);
  }

  @Authorized('partner_admin')
  @Mutation(() => NidCredentialsPayload, { description: 'Stores the NID service account after a successful login; waiting verifications resume.' })
  async configureNidCredentials(@Arg('input') input: ConfigureNidCredentialsInput, @Ctx() ctx: SubgraphContext): Promise<NidCredentialsPayload> {
    const result = await this.service.configure(ctx.auth, input);
    return result.ok ? { credentials: toNidCredentials(result.record), errors: [] } : { credentials: null, errors: result.errors };
  }

  @Authorized('partner_admin')
  @Mutation(() => NidCredentialsPayload, {
    description: 'Changes the password at the NID service (the recovery from password expiry); waiting verifications resume.',
  })
  async changeNidPassword(@Arg('input') input: ChangeNidPasswordInput, @Ctx() ctx: SubgraphContext): Promise<NidCredentialsPayload> {
    const result = await this.service.changePassword(ctx.auth, input);
    return result.ok ? { credentials: toNidCredentials(result.record), errors: [] } : { credentials: null, errors: result.errors };
  }
}
