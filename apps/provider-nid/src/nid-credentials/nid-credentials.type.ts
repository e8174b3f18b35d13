import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '@ekyc/subgraph-kit';

export enum NidCredentialStatus {
  active = 'active',
  password_expired = 'password_expired',
  invalid_credentials = 'invalid_credentials',
  sla_not_assigned = 'sla_not_assigned',
}
registerEnumType(NidCredentialStatus, {
  name: 'NidCredentialStatus',
  description: "Health of the tenant's NID service account. Anything but `active` pauses verifications until a partner admin acts.",
});

@ObjectType({ description: "The tenant's NID partner-service account (never the password)." })
export class NidCredentials {
  @Field()
  username!: string;

  @Field(() => NidCredentialStatus)
  status!: NidCredentialStatus;

  @Field(() => String, { nullable: true })
  statusReason!: string | null;

  @Field()
  statusChangedAt!: Date;

  @Field()
  updatedAt!: Date;
}

@InputType()
export class ConfigureNidCredentialsInput {
  @Field({ description: 'Username the EC issued to the partner.' })
  username!: string;

  @Field({ description: 'Checked with a login before it is stored (encrypted).' })
  password!: string;
}

@InputType()
export class ChangeNidPasswordInput {
  @Field({ description: 'At most 50 characters and different from the current password, as the NID service requires.' })
  newPassword!: string;
}

@ObjectType()
export class NidCredentialsPayload {
  @Field(() => NidCredentials, { nullable: true })
  credentials!: NidCredentials | null;

  @Field(() => [UserError])
  errors!: UserError[];
}
