import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '@ekyc/subgraph-kit';

export enum CdpSettingsStatus {
  active = 'active',
  invalid_credentials = 'invalid_credentials',
}
registerEnumType(CdpSettingsStatus, {
  name: 'CdpSettingsStatus',
  description: "Health of the tenant's CDP client. `invalid_credentials` (the CDP refused it) pauses onboardings until a partner admin configures it again.",
});

@ObjectType({ description: "The tenant's Customer Data Platform settings (never the client secret)." })
export class CdpSettings {
  @Field({ description: 'Whether passed applications are onboarded automatically. Manual onboarding works either way.' })
  enabled!: boolean;

  @Field()
  clientId!: string;

  @Field(() => CdpSettingsStatus)
  status!: CdpSettingsStatus;

  @Field(() => String, { nullable: true })
  statusReason!: string | null;

  @Field()
  statusChangedAt!: Date;

  @Field()
  updatedAt!: Date;
}

@InputType()
export class ConfigureCdpSettingsInput {
  @Field({ description: 'Onboard passed applications automatically. Turning it on checks the client with a token request.' })
  enabled!: boolean;

  @Field(() => String, { nullable: true, description: 'The OIDC client the CDP issued to the partner; omit it (and the secret) to keep the stored client.' })
  clientId?: string | null;

  @Field(() => String, { nullable: true, description: 'Checked by fetching a token before it is stored (encrypted).' })
  clientSecret?: string | null;
}

@ObjectType()
export class CdpSettingsPayload {
  @Field(() => CdpSettings, { nullable: true })
  settings!: CdpSettings | null;

  @Field(() => [UserError])
  errors!: UserError[];
}
