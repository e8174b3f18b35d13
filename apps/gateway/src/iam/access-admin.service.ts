import { randomToken, sha256Hex } from '@ekyc/crypto';
import { encodeCursor, keysetPage, type DataSource } from '@ekyc/db';
import type { Principal } from './iam.service';
import { API_TOKEN_PREFIX } from './iam.service';
import { ApiTokenRecord, IamChangeRecord, TenantRecord, UserRecord } from './iam.entity';
import type { Role } from '@ekyc/internal-context';
import type { EntityManager } from 'typeorm';

/** A problem with one input field; the resolver hands it out as a `UserError`. */
export interface AccessProblem {
  code: AccessProblemCode;
  message: string;
  field: string | null;
}

export type AccessProblemCode =
  | 'INVALID_EMAIL'
  | 'EMAIL_TAKEN'
  | 'INVALID_ROLES'
  | 'ROLE_NOT_GRANTABLE'
  | 'INVALID_DISPLAY_NAME'
  | 'USER_NOT_FOUND'
  | 'USER_DISABLED'
  | 'CANNOT_CHANGE_OWN_ACCESS'
  | 'INVALID_LABEL'
  | 'INVALID_EXPIRY'
  | 'API_KEY_NOT_FOUND'
  | 'API_KEY_REVOKED'
  | 'INVALID_CURSOR';

export type Outcome<T> = { ok: true; value: T } | { ok: false; problems: AccessProblem[] };

export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Roles a partner admin hands out in their own tenant; `platform_admin` only a platform admin does. */
const TENANT_ROLES: readonly Role[] = ['agent', 'partner_admin', 'analyst', 'reviewer', 'pii_reader'];
const MANAGER_ROLES: readonly Role[] = ['partner_admin', 'platform_admin'];
/** `pii_reader` lifts masking for a role that reads; alone it opens nothing. */
const ROLES_THAT_READ: readonly Role[] = ['agent', 'partner_admin', 'analyst', 'reviewer', 'platform_admin'];
const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const MAX_LABEL = 80;
const MAX_DISPLAY_NAME = 120;
/** The longest an API key may be issued for; a key without an expiry lives until revoked. */
export const MAX_KEY_LIFETIME_DAYS = 730;

const problem = (code: AccessProblemCode, field: string | null, message: string): AccessProblem => ({ code, field, message });
const fail = <T>(...problems: AccessProblem[]): Outcome<T> => ({ ok: false, problems });

export type KeyStatus = 'active' | 'expired' | 'revoked';
export const keyStatusOf = (key: Pick<ApiTokenRecord, 'revokedAt' | 'expiresAt'>, now = new Date()): KeyStatus =>
  key.revokedAt ? 'revoked' : key.expiresAt && key.expiresAt <= now ? 'expired' : 'active';

/**
 * Users and API keys of a tenant, managed by its partner admins (and by platform admins in the platform tenant): invite,
 * change roles, disable and enable users; issue (shown once, stored as a SHA-256), label, expire and revoke keys.
 * Every change is written to `iam_changes` in the same transaction, and takes effect on the next request: the
 * tables' triggers bump the revision every gateway instance watches.
 */
export class AccessAdminService {
  /** `changed` runs after every committed change: the gateway clears its own cache of who may call. */
  constructor(
    private readonly ds: DataSource,
    private readonly changed: () => void = () => undefined,
  ) {}

  /** A change in one transaction; once it committed, the gateway forgets what it cached about who may call. */
  private async commit<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    const out = await this.ds.transaction(work);
    this.changed();
    return out;
  }

  tenant(tenantId: string): Promise<TenantRecord | null> {
    return this.ds.getRepository(TenantRecord).findOneBy({ id: tenantId });
  }

  user(tenantId: string, id: string): Promise<UserRecord | null> {
    return this.ds.getRepository(UserRecord).findOneBy({ tenantId, id });
  }

  usersByIds(tenantId: string, ids: readonly string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(UserRecord).createQueryBuilder('u').where('u.tenant_id = :tenantId AND u.id IN (:...ids)', { tenantId, ids }).getMany();
  }

  async listUsers(
    tenantId: string,
    args: { first: number; after?: string | null; includeDisabled: boolean; search?: string | null },
  ): Promise<Outcome<Page<UserRecord>>> {
    const qb = this.ds.getRepository(UserRecord).createQueryBuilder('u').where('u.tenant_id = :tenantId', { tenantId });
    if (!args.includeDisabled) qb.andWhere('u.disabled_at IS NULL');
    const search = args.search?.trim().toLowerCase();
    if (search)
      qb.andWhere(`(lower(u.email) LIKE :like ESCAPE '\\' OR lower(coalesce(u.display_name, '')) LIKE :like ESCAPE '\\')`, {
        like: `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      });
    return this.page(await keysetPage(qb, { alias: 'u', timeColumn: 'created_at', first: args.first, after: args.after }), (u) => u.createdAt, 'after');
  }

  async listApiKeys(
    tenantId: string,
    args: { first: number; after?: string | null; userId?: string | null; includeInactive: boolean },
  ): Promise<Outcome<Page<ApiTokenRecord>>> {
    const qb = this.ds.getRepository(ApiTokenRecord).createQueryBuilder('k').where('k.tenant_id = :tenantId', { tenantId });
    if (args.userId) qb.andWhere('k.user_id = :userId', { userId: args.userId });
    if (!args.includeInactive) qb.andWhere('k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())');
    return this.page(await keysetPage(qb, { alias: 'k', timeColumn: 'created_at', first: args.first, after: args.after }), (k) => k.createdAt, 'after');
  }

  async listChanges(tenantId: string, args: { first: number; after?: string | null }): Promise<Outcome<Page<IamChangeRecord>>> {
    const qb = this.ds.getRepository(IamChangeRecord).createQueryBuilder('c').where('c.tenant_id = :tenantId', { tenantId });
    return this.page(await keysetPage(qb, { alias: 'c', timeColumn: 'at', first: args.first, after: args.after }), (c) => c.at, 'after');
  }

  private page<T extends { id: string }>(page: Awaited<ReturnType<typeof keysetPage<T>>>, timeOf: (row: T) => Date, field: string): Outcome<Page<T>> {
    if (!page.ok) return fail(problem('INVALID_CURSOR', field, 'after is not a cursor of this list'));
    const last = page.rows[page.rows.length - 1];
    return {
      ok: true,
      value: {
        rows: page.rows,
        hasNextPage: page.hasNextPage,
        endCursor: last ? encodeCursor({ createdAt: timeOf(last).toISOString(), id: String(last.id) }) : null,
      },
    };
  }

  async inviteUser(actor: Principal, input: { email: string; displayName?: string | null; roles: Role[] }): Promise<Outcome<UserRecord>> {
    const email = input.email.trim().toLowerCase();
    const problems = [...this.checkRoles(actor, input.roles, 'input.roles'), ...checkDisplayName(input.displayName, 'input.displayName')];
    if (email.length > 254 || !EMAIL.test(email)) problems.unshift(problem('INVALID_EMAIL', 'input.email', 'email must be an address like name@bank.com.bd'));
    if (problems.length > 0) return fail(...problems);
    return this.commit(async (m) => {
      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(UserRecord)
        .values({ tenantId: actor.tenantId, email, roles: input.roles, displayName: input.displayName?.trim() || null, invitedBy: actor.userId })
        .orIgnore()
        .returning('id')
        .execute();
      const id = (inserted.raw as Array<{ id: string }>)[0]?.id;
      if (!id) return fail<UserRecord>(problem('EMAIL_TAKEN', 'input.email', 'a user with this email already exists in your tenant'));
      const user = await m.findOneByOrFail(UserRecord, { id });
      await record(m, actor, 'user.invited', 'user', id, { roles: input.roles });
      return { ok: true, value: user };
    });
  }

  async updateUser(actor: Principal, input: { id: string; roles?: Role[] | null; displayName?: string | null }): Promise<Outcome<UserRecord>> {
    const problems = [...(input.roles ? this.checkRoles(actor, input.roles, 'input.roles') : []), ...checkDisplayName(input.displayName, 'input.displayName')];
    if (input.roles && input.id === actor.userId && !input.roles.some((r) => MANAGER_ROLES.includes(r))) {
      problems.push(problem('CANNOT_CHANGE_OWN_ACCESS', 'input.roles', 'you cannot take your own admin role away; ask another admin'));
    }
    if (problems.length > 0) return fail(...problems);
    return this.commit(async (m) => {
      const user = await m.findOne(UserRecord, { where: { tenantId: actor.tenantId, id: input.id }, lock: { mode: 'pessimistic_write' } });
      if (!user) return fail<UserRecord>(notFoundUser('input.id'));
      if (user.roles.includes('platform_admin') && !actor.roles.includes('platform_admin')) {
        return fail<UserRecord>(problem('ROLE_NOT_GRANTABLE', 'input.id', 'only a platform admin changes a platform admin'));
      }
      const changes: Record<string, unknown> = {};
      if (input.roles && input.roles.join() !== user.roles.join()) {
        changes['roles'] = { from: user.roles, to: input.roles };
        user.roles = input.roles;
      }
      if (input.displayName !== undefined && input.displayName !== null && input.displayName.trim() !== (user.displayName ?? '')) {
        changes['displayName'] = true;
        user.displayName = input.displayName.trim() || null;
      }
      if (Object.keys(changes).length === 0) return { ok: true, value: user };
      await m.update(UserRecord, { id: user.id }, { roles: user.roles, displayName: user.displayName });
      await record(m, actor, 'user.updated', 'user', user.id, changes);
      return { ok: true, value: user };
    });
  }

  /** Disables (or enables again) a user: every key and JWT of theirs is refused from the next request on. */
  async setUserDisabled(actor: Principal, id: string, disabled: boolean): Promise<Outcome<UserRecord>> {
    if (id === actor.userId) return fail(problem('CANNOT_CHANGE_OWN_ACCESS', 'id', 'you cannot disable yourself; ask another admin'));
    return this.commit(async (m) => {
      const user = await m.findOne(UserRecord, { where: { tenantId: actor.tenantId, id }, lock: { mode: 'pessimistic_write' } });
      if (!user) return fail<UserRecord>(notFoundUser('id'));
      if (user.roles.includes('platform_admin') && !actor.roles.includes('platform_admin')) {
        return fail<UserRecord>(problem('ROLE_NOT_GRANTABLE', 'id', 'only a platform admin disables a platform admin'));
      }
      if ((user.disabledAt !== null) === disabled) return { ok: true, value: user };
      user.disabledAt = disabled ? new Date() : null;
      await m.update(UserRecord, { id }, { disabledAt: user.disabledAt });
      await record(m, actor, disabled ? 'user.disabled' : 'user.enabled', 'user', id, {});
      return { ok: true, value: user };
    });
  }

  /** Issues a key for a user of the tenant: the key itself is returned here once and never again. */
  async createApiKey(
    actor: Principal,
    input: { userId?: string | null; label: string; expiresAt?: Date | null },
    now = new Date(),
  ): Promise<Outcome<{ key: ApiTokenRecord; token: string }>> {
    const label = input.label.trim();
    const problems = [...checkLabel(label, 'input.label'), ...checkExpiry(input.expiresAt, now, 'input.expiresAt')];
    if (problems.length > 0) return fail(...problems);
    const userId = input.userId ?? actor.userId;
    return this.commit(async (m) => {
      const user = await m.findOneBy(UserRecord, { tenantId: actor.tenantId, id: userId });
      if (!user) return fail<{ key: ApiTokenRecord; token: string }>(notFoundUser('input.userId'));
      if (user.disabledAt)
        return fail<{ key: ApiTokenRecord; token: string }>(problem('USER_DISABLED', 'input.userId', 'the user is disabled; enable them first'));
      if (user.roles.includes('platform_admin') && !actor.roles.includes('platform_admin')) {
        return fail<{ key: ApiTokenRecord; token: string }>(
          problem('ROLE_NOT_GRANTABLE', 'input.userId', 'only a platform admin issues keys for a platform admin'),
        );
      }
      const token = `${API_TOKEN_PREFIX}${randomToken(32)}`;
      const key = await m.save(
        m.create(ApiTokenRecord, {
          tenantId: actor.tenantId,
          userId: user.id,
          name: label,
          tokenHash: sha256Hex(token),
          tokenPrefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
          expiresAt: input.expiresAt ?? null,
          createdBy: actor.userId,
        }),
      );
      await record(m, actor, 'api_key.created', 'api_key', key.id, { userId: user.id, label, expiresAt: key.expiresAt?.toISOString() ?? null });
      return { ok: true, value: { key, token } };
    });
  }

  /** Relabels a key, or sets (or brings forward) its expiry; a revoked key stays revoked. */
  async updateApiKey(
    actor: Principal,
    input: { id: string; label?: string | null; expiresAt?: Date | null },
    now = new Date(),
  ): Promise<Outcome<ApiTokenRecord>> {
    const label = input.label?.trim();
    const problems = [...(label !== undefined ? checkLabel(label, 'input.label') : []), ...checkExpiry(input.expiresAt, now, 'input.expiresAt')];
    if (problems.length > 0) return fail(...problems);
    return this.commit(async (m) => {
      const key = await m.findOne(ApiTokenRecord, { where: { tenantId: actor.tenantId, id: input.id }, lock: { mode: 'pessimistic_write' } });
      if (!key) return fail<ApiTokenRecord>(notFoundKey('input.id'));
      if (key.revokedAt) return fail<ApiTokenRecord>(problem('API_KEY_REVOKED', 'input.id', 'the key is revoked; issue a new one'));
      const changes: Record<string, unknown> = {};
      if (label !== undefined && label !== key.name) {
        changes['label'] = { from: key.name, to: label };
        key.name = label;
      }
      if (input.expiresAt && input.expiresAt.getTime() !== key.expiresAt?.getTime()) {
        changes['expiresAt'] = { from: key.expiresAt?.toISOString() ?? null, to: input.expiresAt.toISOString() };
        key.expiresAt = input.expiresAt;
      }
      if (Object.keys(changes).length === 0) return { ok: true, value: key };
      await m.update(ApiTokenRecord, { id: key.id }, { name: key.name, expiresAt: key.expiresAt });
      await record(m, actor, 'api_key.updated', 'api_key', key.id, changes);
      return { ok: true, value: key };
    });
  }

  /** Revokes a key: refused from the next request on, with every JWT exchanged for it. Revoking again changes nothing. */
  async revokeApiKey(actor: Principal, id: string): Promise<Outcome<ApiTokenRecord>> {
    return this.commit(async (m) => {
      const key = await m.findOne(ApiTokenRecord, { where: { tenantId: actor.tenantId, id }, lock: { mode: 'pessimistic_write' } });
      if (!key) return fail<ApiTokenRecord>(notFoundKey('id'));
      if (key.revokedAt) return { ok: true, value: key };
      key.revokedAt = new Date();
      await m.update(ApiTokenRecord, { id }, { revokedAt: key.revokedAt });
      await record(m, actor, 'api_key.revoked', 'api_key', id, { userId: key.userId, label: key.name });
      return { ok: true, value: key };
    });
  }

  private checkRoles(actor: Principal, roles: readonly Role[], field: string): AccessProblem[] {
    if (roles.length === 0) return [problem('INVALID_ROLES', field, 'give the user at least one role')];
    if (new Set(roles).size !== roles.length) return [problem('INVALID_ROLES', field, 'a role is listed twice')];
    if (!roles.some((r) => ROLES_THAT_READ.includes(r)))
      return [problem('INVALID_ROLES', field, 'pii_reader goes with a role that reads applications (analyst, agent, reviewer, admin)')];
    const grantable = actor.roles.includes('platform_admin') ? [...TENANT_ROLES, 'platform_admin'] : TENANT_ROLES;
    const refused = roles.filter((r) => !grantable.includes(r));
    return refused.length > 0 ? [problem('ROLE_NOT_GRANTABLE', field, `you cannot grant ${refused.join(', ')}`)] : [];
  }
}

function checkDisplayName(name: string | null | undefined, field: string): AccessProblem[] {
  return name && name.trim().length > MAX_DISPLAY_NAME ? [problem('INVALID_DISPLAY_NAME', field, `displayName is at most ${MAX_DISPLAY_NAME} characters`)] : [];
}

function checkLabel(label: string, field: string): AccessProblem[] {
  return label.length === 0 || label.length > MAX_LABEL
    ? [problem('INVALID_LABEL', field, `label must be 1-${MAX_LABEL} characters, e.g. "branch 12 tablet"`)]
    : [];
}

function checkExpiry(expiresAt: Date | null | undefined, now: Date, field: string): AccessProblem[] {
  if (!expiresAt) return [];
  if (expiresAt.getTime() <= now.getTime()) return [problem('INVALID_EXPIRY', field, 'expiresAt must be in the future')];
  if (expiresAt.getTime() > now.getTime() + MAX_KEY_LIFETIME_DAYS * 86_400_000)
    return [problem('INVALID_EXPIRY', field, `a key lives at most ${MAX_KEY_LIFETIME_DAYS} days`)];
  return [];
}

const notFoundUser = (field: string) => problem('USER_NOT_FOUND', field, 'no user with this id in your tenant');
const notFoundKey = (field: string) => problem('API_KEY_NOT_FOUND', field, 'no API key with this id in your tenant');

async function record(
  m: EntityManager,
  actor: Principal,
  action: string,
  targetKind: 'user' | 'api_key',
  targetId: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await m
    .createQueryBuilder()
    .insert()
    .into(IamChangeRecord)
    .values({ tenantId: actor.tenantId, actorUserId: actor.userId, action, targetKind, targetId, detail: detail as never })
    .execute();
}
