import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum ViewerRole {
  agent = 'agent',
  partner_admin = 'partner_admin',
  analyst = 'analyst',
  reviewer = 'reviewer',
  platform_admin = 'platform_admin',
  pii_reader = 'pii_reader',
}
registerEnumType(ViewerRole, {
  name: 'ViewerRole',
  description:
    'What a caller may do: agent (submits applicants), partner_admin, analyst (reads reports), reviewer (resolves review cases), platform_admin, pii_reader (granted by the tenant: reads names, mobile numbers and NIDs unmasked).',
});

export enum ViewerAuthKind {
  api_token = 'api_token',
  jwt = 'jwt',
  session = 'session',
}
registerEnumType(ViewerAuthKind, {
  name: 'ViewerAuthKind',
  description:
    'How the caller authenticated: an API token (Token), a JWT (Bearer), or a session opened by signing in through the identity provider (a browser cookie).',
});

@ObjectType({ description: 'The caller as the gateway authenticated them: their tenant, user and roles.' })
export class Viewer {
  @Field(() => ID)
  tenantId!: string;

  @Field(() => ID)
  userId!: string;

  @Field(() => [ViewerRole])
  roles!: ViewerRole[];

  @Field(() => ViewerAuthKind)
  authKind!: ViewerAuthKind;
}
