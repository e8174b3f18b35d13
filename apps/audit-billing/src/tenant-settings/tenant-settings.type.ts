import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { UserError } from '@ekyc/subgraph-kit';

@ObjectType({ description: "A tenant's audit-billing settings." })
export class AuditBillingSettings {
  @Field(() => ID)
  tenantId!: string;

  @Field({ description: 'Agents read every submission of the tenant in the verification log, not only their own (default false).' })
  agentsSeeAllSubmissions!: boolean;

  @Field(() => Date, { nullable: true, description: 'Null while the defaults apply.' })
  updatedAt!: Date | null;
}

@InputType()
export class UpdateAuditBillingSettingsInput {
  @Field(() => ID, { nullable: true, description: 'Platform admins name the tenant; everyone else changes their own.' })
  tenantId?: string | null;

  @Field()
  agentsSeeAllSubmissions!: boolean;
}

@ObjectType()
export class UpdateAuditBillingSettingsPayload {
  @Field(() => AuditBillingSettings, { nullable: true })
  settings!: AuditBillingSettings | null;

  @Field(() => [UserError])
  errors!: UserError[];
}
