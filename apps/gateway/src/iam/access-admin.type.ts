import { Field, GraphQLISODateTime, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo, UserError } from '@ekyc/subgraph-kit';

export enum UserRole {
  agent = 'agent',
  partner_admin = 'partner_admin',
  analyst = 'analyst',
  reviewer = 'reviewer',
  platform_admin = 'platform_admin',
  pii_reader = 'pii_reader',
}
registerEnumType(UserRole, {
  name: 'UserRole',
  description:
    'What a user may do: agent (verify applicants), reviewer (work the review queue), analyst (dashboard, logs), partner_admin (all of a tenant, users and keys), platform_admin, pii_reader (with a reading role: personal data unmasked).',
});

export enum ApiKeyStatus {
  active = 'active',
  expired = 'expired',
  revoked = 'revoked',
}
registerEnumType(ApiKeyStatus, { name: 'ApiKeyStatus', description: 'active: accepted; expired: past its expiresAt; revoked: refused for good.' });

@ObjectType({ description: 'The tenant (bank or partner) a user belongs to.' })
export class Tenant {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Short stable name, e.g. demo-bank.' })
  slug!: string;

  @Field()
  name!: string;
}

@ObjectType({ description: 'A person (or a machine client) of a tenant who signs in or holds API keys.' })
export class User {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field(() => String, { nullable: true })
  displayName!: string | null;

  @Field(() => [UserRole])
  roles!: UserRole[];

  @Field({ description: 'False once disabled: none of their keys or JWTs is accepted.' })
  active!: boolean;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  disabledAt!: Date | null;
}

@ObjectType({ description: 'A user of your tenant by name only, for showing people instead of ids.' })
export class UserName {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Their display name, else their email.' })
  name!: string;
}

@ObjectType({ description: 'Who is calling: the signed-in user and their tenant, by name.' })
export class Account {
  @Field(() => Tenant)
  tenant!: Tenant;

  @Field(() => User)
  user!: User;
}

@ObjectType({ description: 'An API key. The key itself is shown once, when created; only its first characters are kept in the clear.' })
export class ApiKey {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'What the key is for, e.g. "branch 12 tablet".' })
  label!: string;

  @Field({ description: 'The first characters of the key, to recognise it (ekyc_ and six more).' })
  prefix!: string;

  @Field(() => ID)
  userId!: string;

  @Field(() => User, { nullable: true, description: 'The user the key acts as.' })
  user!: User | null;

  @Field(() => String, { nullable: true, description: "The user's display name, else their email (null if unknown): the user at one level less deep." })
  userName!: string | null;

  @Field(() => ApiKeyStatus)
  status!: ApiKeyStatus;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Null: the key lives until revoked.' })
  expiresAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType()
export class UserEdge {
  @Field(() => User)
  node!: User;

  @Field()
  cursor!: string;
}

@ObjectType({ description: 'Users, newest first.' })
export class UserConnection {
  @Field(() => [UserEdge])
  edges!: UserEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType()
export class ApiKeyEdge {
  @Field(() => ApiKey)
  node!: ApiKey;

  @Field()
  cursor!: string;
}

@ObjectType({ description: 'API keys, newest first.' })
export class ApiKeyConnection {
  @Field(() => [ApiKeyEdge])
  edges!: ApiKeyEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType({ description: 'One change to a user or an API key, as recorded (append-only).' })
export class AccessChange {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'user.invited, user.updated, user.disabled, user.enabled, api_key.created, api_key.updated, api_key.revoked.' })
  action!: string;

  @Field({ description: 'user or api_key.' })
  targetKind!: string;

  @Field(() => ID)
  targetId!: string;

  @Field(() => ID)
  actorUserId!: string;

  @Field(() => User, { nullable: true, description: 'The admin who made the change.' })
  actor!: User | null;

  @Field(() => String, { nullable: true, description: "The admin's display name, else their email." })
  actorName!: string | null;

  @Field({ description: 'What changed, as JSON (roles before and after, label, expiry); never a key.' })
  detail!: string;

  @Field(() => GraphQLISODateTime)
  at!: Date;
}

@ObjectType()
export class AccessChangeEdge {
  @Field(() => AccessChange)
  node!: AccessChange;

  @Field()
  cursor!: string;
}

@ObjectType({ description: 'Changes to users and keys, newest first.' })
export class AccessChangeConnection {
  @Field(() => [AccessChangeEdge])
  edges!: AccessChangeEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@InputType()
export class InviteUserInput {
  @Field({ description: 'Their work email: the identity provider signs them in by it.' })
  email!: string;

  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => [UserRole])
  roles!: UserRole[];
}

@InputType()
export class UpdateUserInput {
  @Field(() => ID)
  id!: string;

  @Field(() => [UserRole], { nullable: true, description: 'The whole new set of roles; omitted: unchanged.' })
  roles?: UserRole[] | null;

  @Field(() => String, { nullable: true })
  displayName?: string | null;
}

@InputType()
export class CreateApiKeyInput {
  @Field(() => ID, { nullable: true, description: 'The user the key acts as; omitted: yourself.' })
  userId?: string | null;

  @Field()
  label!: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the key stops working (at most two years ahead); omitted: until revoked.' })
  expiresAt?: Date | null;
}

@InputType()
export class UpdateApiKeyInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  label?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'A new expiry, in the future.' })
  expiresAt?: Date | null;
}

@ObjectType()
export class UserPayload {
  @Field(() => User, { nullable: true })
  user!: User | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType()
export class ApiKeyPayload {
  @Field(() => ApiKey, { nullable: true })
  apiKey!: ApiKey | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType()
export class CreateApiKeyPayload {
  @Field(() => ApiKey, { nullable: true })
  apiKey!: ApiKey | null;

  @Field(() => String, { nullable: true, description: 'The key itself, shown this once: store it now. Send it as "Authorization: Token <key>" or x-api-key.' })
  token!: string | null;

  @Field(() => [UserError])
  errors!: UserError[];
}
