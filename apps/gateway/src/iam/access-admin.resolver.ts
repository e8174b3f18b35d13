import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { encodeCursor } from '@ekyc/db';
import { clampPageSize, invalidArgument, isUuid, type SubgraphContext } from '@ekyc/subgraph-kit';
import type { Role } from '@ekyc/internal-context';
import { keyStatusOf, type AccessAdminService, type AccessProblem, type Outcome, type Page } from './access-admin.service';
import {
  AccessChange,
  AccessChangeConnection,
  Account,
  ApiKey,
  ApiKeyConnection,
  ApiKeyPayload,
  ApiKeyStatus,
  CreateApiKeyInput,
  CreateApiKeyPayload,
  InviteUserInput,
  Tenant,
  UpdateApiKeyInput,
  UpdateUserInput,
  User,
  UserConnection,
  UserName,
  UserPayload,
  UserRole,
} from './access-admin.type';
import type { ApiTokenRecord, IamChangeRecord, UserRecord } from './iam.entity';

/** Partner admins manage their tenant's users and keys; platform admins those of the platform tenant. */
const MANAGERS = ['partner_admin', 'platform_admin'] as const;

export const toUser = (u: UserRecord): User =>
  Object.assign(new User(), {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    roles: u.roles as UserRole[],
    active: u.disabledAt === null,
    createdAt: u.createdAt,
    disabledAt: u.disabledAt,
  });

const nameOf = (u: Pick<User, 'displayName' | 'email'> | undefined): string | null => (u ? (u.displayName ?? u.email) : null);

/** Roles that meet user ids in what they read (billing lines, audit trails, review cases, access changes). */
const NAME_READERS = ['analyst', 'reviewer', 'partner_admin', 'platform_admin'] as const;
const MAX_NAME_IDS = 100;

const toKey = (k: ApiTokenRecord, users: Map<string, User>): ApiKey =>
  Object.assign(new ApiKey(), {
    id: k.id,
    label: k.name,
    prefix: k.tokenPrefix,
    userId: k.userId,
    user: users.get(k.userId) ?? null,
    userName: nameOf(users.get(k.userId)),
    status: keyStatusOf(k) as ApiKeyStatus,
    createdAt: k.createdAt,
    expiresAt: k.expiresAt,
    lastUsedAt: k.lastUsedAt,
    revokedAt: k.revokedAt,
  });

const toChange = (c: IamChangeRecord, users: Map<string, User>): AccessChange =>
  Object.assign(new AccessChange(), {
    id: String(c.id),
    action: c.action,
    targetKind: c.targetKind,
    targetId: c.targetId,
    actorUserId: c.actorUserId,
    actor: users.get(c.actorUserId) ?? null,
    actorName: nameOf(users.get(c.actorUserId)),
    detail: JSON.stringify(c.detail),
    at: c.at,
  });

/** Problems of a mutation as data; a list's problem (a bad cursor) as an error with its field. */
function unwrapPage<T>(outcome: Outcome<Page<T>>): Page<T> {
  if (!outcome.ok) throw invalidArgument(outcome.problems[0]?.field ?? 'after', outcome.problems[0]?.message ?? 'invalid argument');
  return outcome.value;
}

/** Edges with each row's own cursor, and the page's state. */
function connectionOf<R extends { id: string }, N>(page: Page<R>, timeOf: (row: R) => Date, toNode: (row: R) => N) {
  return {
    edges: page.rows.map((row) => ({ node: toNode(row), cursor: encodeCursor({ createdAt: timeOf(row).toISOString(), id: String(row.id) }) })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
  };
}

/** An id that is not a UUID names nothing: the not-found code of what it should name. */
const badId = (field: string, code: 'USER_NOT_FOUND' | 'API_KEY_NOT_FOUND' = 'USER_NOT_FOUND'): AccessProblem => ({
  code,
  field,
  message: `${field} must be a UUID`,
});

@Resolver()
export class AccessAdminResolver {
  constructor(private readonly service: AccessAdminService) {}

  private async usersById(tenantId: string, ids: Iterable<string>): Promise<Map<string, User>> {
    const users = await this.service.usersByIds(tenantId, [...new Set(ids)]);
    return new Map(users.map((u) => [u.id, toUser(u)]));
  }

  @Query(() => Account, { description: 'The caller by name: their tenant and their user. Any authenticated caller may ask.' })
  async myAccount(@Ctx() ctx: SubgraphContext): Promise<Account> {
    const [tenant, user] = await Promise.all([this.service.tenant(ctx.auth.tenantId), this.service.user(ctx.auth.tenantId, ctx.auth.userId)]);
    if (!tenant || !user) throw invalidArgument('Authorization', 'the caller is no longer known');
    return Object.assign(new Account(), { tenant: Object.assign(new Tenant(), { id: tenant.id, slug: tenant.slug, name: tenant.name }), user: toUser(user) });
  }

  @Authorized(...NAME_READERS)
  @Query(() => [UserName], {
    description: `Names of your tenant's users by id (at most ${MAX_NAME_IDS}), disabled ones too; ids of no user of your tenant are left out.`,
  })
  async userNames(@Ctx() ctx: SubgraphContext, @Arg('ids', () => [ID]) ids: string[]): Promise<UserName[]> {
    if (ids.length > MAX_NAME_IDS) throw invalidArgument('ids', `at most ${MAX_NAME_IDS} ids`);
    const bad = ids.findIndex((id) => !isUuid(id));
    if (bad >= 0) throw invalidArgument(`ids.${bad}`, 'ids must be UUIDs');
    const users = await this.service.usersByIds(ctx.auth.tenantId, [...new Set(ids)]);
    return users.map((u) => Object.assign(new UserName(), { id: u.id, name: nameOf(u) ?? u.email }));
  }

  @Authorized(...MANAGERS)
  @Query(() => UserConnection, { description: "Your tenant's users, newest first; disabled ones only when asked." })
  async users(
    @Ctx() ctx: SubgraphContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1-100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('includeDisabled', { defaultValue: false }) includeDisabled?: boolean,
    @Arg('search', () => String, { nullable: true, description: 'Part of an email or a name.' }) search?: string | null,
  ): Promise<UserConnection> {
    const page = unwrapPage(
      await this.service.listUsers(ctx.auth.tenantId, { first: clampPageSize(first), after, includeDisabled: includeDisabled ?? false, search }),
    );
    return Object.assign(
      new UserConnection(),
      connectionOf(page, (u) => u.createdAt, toUser),
    );
  }

  @Authorized(...MANAGERS)
  @Query(() => ApiKeyConnection, { description: "Your tenant's API keys, newest first; revoked and expired ones only when asked." })
  async apiKeys(
    @Ctx() ctx: SubgraphContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1-100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('userId', () => ID, { nullable: true }) userId?: string | null,
    @Arg('includeInactive', { defaultValue: false }) includeInactive?: boolean,
  ): Promise<ApiKeyConnection> {
    if (userId && !isUuid(userId)) throw invalidArgument('userId', 'userId must be a UUID');
    const page = unwrapPage(
      await this.service.listApiKeys(ctx.auth.tenantId, { first: clampPageSize(first), after, userId, includeInactive: includeInactive ?? false }),
    );
    const users = await this.usersById(
      ctx.auth.tenantId,
      page.rows.map((k) => k.userId),
    );
    return Object.assign(
      new ApiKeyConnection(),
      connectionOf(
        page,
        (k) => k.createdAt,
        (k) => toKey(k, users),
      ),
    );
  }

  @Authorized(...MANAGERS)
  @Query(() => AccessChangeConnection, { description: "Every change to your tenant's users and keys, newest first: who, what, when." })
  async accessChanges(
    @Ctx() ctx: SubgraphContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1-100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<AccessChangeConnection> {
    const page = unwrapPage(await this.service.listChanges(ctx.auth.tenantId, { first: clampPageSize(first), after }));
    const users = await this.usersById(
      ctx.auth.tenantId,
      page.rows.map((c) => c.actorUserId),
    );
    return Object.assign(
      new AccessChangeConnection(),
      connectionOf(
        page,
        (c) => c.at,
        (c) => toChange(c, users),
      ),
    );
  }

  @Authorized(...MANAGERS)
  @Mutation(() => UserPayload, {
    description: 'Adds a user to your tenant with roles; they sign in through your identity provider by their email, or with a key you issue them.',
  })
  async inviteUser(@Ctx() ctx: SubgraphContext, @Arg('input', () => InviteUserInput) input: InviteUserInput): Promise<UserPayload> {
    return userPayload(await this.service.inviteUser(ctx.auth, { email: input.email, displayName: input.displayName, roles: input.roles as Role[] }));
  }

  @Authorized(...MANAGERS)
  @Mutation(() => UserPayload, { description: "Changes a user's roles or name; effective on their next request." })
  async updateUser(@Ctx() ctx: SubgraphContext, @Arg('input', () => UpdateUserInput) input: UpdateUserInput): Promise<UserPayload> {
    if (!isUuid(input.id)) return userPayload({ ok: false, problems: [badId('input.id')] });
    return userPayload(
      await this.service.updateUser(ctx.auth, { id: input.id, roles: input.roles as Role[] | null | undefined, displayName: input.displayName }),
    );
  }

  @Authorized(...MANAGERS)
  @Mutation(() => UserPayload, { description: 'Disables a user: their keys and JWTs are refused from their next request on.' })
  async disableUser(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID) id: string): Promise<UserPayload> {
    if (!isUuid(id)) return userPayload({ ok: false, problems: [badId('id')] });
    return userPayload(await this.service.setUserDisabled(ctx.auth, id, true));
  }

  @Authorized(...MANAGERS)
  @Mutation(() => UserPayload, { description: 'Enables a disabled user again; keys that were not revoked work again.' })
  async enableUser(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID) id: string): Promise<UserPayload> {
    if (!isUuid(id)) return userPayload({ ok: false, problems: [badId('id')] });
    return userPayload(await this.service.setUserDisabled(ctx.auth, id, false));
  }

  @Authorized(...MANAGERS)
  @Mutation(() => CreateApiKeyPayload, { description: 'Issues an API key for a user of your tenant. The key is in this answer only; it is stored as a hash.' })
  async createApiKey(@Ctx() ctx: SubgraphContext, @Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput): Promise<CreateApiKeyPayload> {
    if (input.userId && !isUuid(input.userId)) return Object.assign(new CreateApiKeyPayload(), { apiKey: null, token: null, errors: [badId('input.userId')] });
    const created = await this.service.createApiKey(ctx.auth, { userId: input.userId, label: input.label, expiresAt: input.expiresAt });
    if (!created.ok) return Object.assign(new CreateApiKeyPayload(), { apiKey: null, token: null, errors: created.problems });
    const users = await this.usersById(ctx.auth.tenantId, [created.value.key.userId]);
    return Object.assign(new CreateApiKeyPayload(), { apiKey: toKey(created.value.key, users), token: created.value.token, errors: [] });
  }

  @Authorized(...MANAGERS)
  @Mutation(() => ApiKeyPayload, { description: 'Relabels a key or sets its expiry.' })
  async updateApiKey(@Ctx() ctx: SubgraphContext, @Arg('input', () => UpdateApiKeyInput) input: UpdateApiKeyInput): Promise<ApiKeyPayload> {
    if (!isUuid(input.id)) return Object.assign(new ApiKeyPayload(), { apiKey: null, errors: [badId('input.id', 'API_KEY_NOT_FOUND')] });
    return this.keyPayload(ctx, await this.service.updateApiKey(ctx.auth, { id: input.id, label: input.label ?? undefined, expiresAt: input.expiresAt }));
  }

  @Authorized(...MANAGERS)
  @Mutation(() => ApiKeyPayload, { description: 'Revokes a key: it and every JWT exchanged for it are refused from the next request on.' })
  async revokeApiKey(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID) id: string): Promise<ApiKeyPayload> {
    if (!isUuid(id)) return Object.assign(new ApiKeyPayload(), { apiKey: null, errors: [badId('id', 'API_KEY_NOT_FOUND')] });
    return this.keyPayload(ctx, await this.service.revokeApiKey(ctx.auth, id));
  }

  private async keyPayload(ctx: SubgraphContext, outcome: Outcome<ApiTokenRecord>): Promise<ApiKeyPayload> {
    if (!outcome.ok) return Object.assign(new ApiKeyPayload(), { apiKey: null, errors: outcome.problems });
    const users = await this.usersById(ctx.auth.tenantId, [outcome.value.userId]);
    return Object.assign(new ApiKeyPayload(), { apiKey: toKey(outcome.value, users), errors: [] });
  }
}

const userPayload = (outcome: Outcome<UserRecord>): UserPayload =>
  Object.assign(new UserPayload(), outcome.ok ? { user: toUser(outcome.value), errors: [] } : { user: null, errors: outcome.problems });
