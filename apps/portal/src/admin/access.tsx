import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api';
import {
  AccessChangesDocument,
  ApiKeysDocument,
  CreateApiKeyDocument,
  DisableUserDocument,
  EnableUserDocument,
  InviteUserDocument,
  RevokeApiKeyDocument,
  UpdateUserDocument,
  UsersDocument,
  type AccessChangesQuery,
  type ApiKeysQuery,
  type UserRole,
  type UsersQuery,
} from '../graphql/generated';
import { localDateTime } from '../i18n';
import { ColumnHeads } from '../ui/column-heads';
import { Problems, problemsOf, type UserErrorView } from '../ui/problems';

/** The roles a partner admin hands out (what each opens: `access.roleLabels`). */
const ROLES: readonly UserRole[] = ['agent', 'reviewer', 'analyst', 'partner_admin', 'pii_reader'];

type UserRow = UsersQuery['users']['edges'][number]['node'];
type KeyRow = ApiKeysQuery['apiKeys']['edges'][number]['node'];
type ChangeRow = AccessChangesQuery['accessChanges']['edges'][number]['node'];

const nameOf = (u: { email: string; displayName?: string | null } | null | undefined) =>
  u ? (u.displayName ? `${u.displayName} (${u.email})` : u.email) : '—';
/** A day as the reader's language writes it (Asia/Dhaka). */
const day = (iso: string | null | undefined, language: string) =>
  iso ? new Date(iso).toLocaleDateString(language === 'bn' ? 'bn-BD' : 'en-GB', { timeZone: 'Asia/Dhaka', dateStyle: 'medium' }) : '—';

/** Runs a mutation that answers problems as data, or throws; either way as one list of problems. */
async function attempt(run: () => Promise<readonly UserErrorView[]>): Promise<UserErrorView[]> {
  try {
    return [...(await run())];
  } catch (err) {
    return problemsOf(err);
  }
}

/** Users and API keys of the tenant, for its partner admins: invite, change roles, disable; issue and revoke keys. */
export function AccessAdmin({ selfId }: { selfId: string }) {
  const { t, i18n } = useTranslation();
  const call = useApi();
  const [users, setUsers] = useState<UserRow[] | null>(null);
  const [keys, setKeys] = useState<KeyRow[] | null>(null);
  const [changes, setChanges] = useState<ChangeRow[]>([]);
  const [search, setSearch] = useState('');
  const [problems, setProblems] = useState<UserErrorView[]>([]);

  const load = useCallback(async () => {
    try {
      const [u, k, c] = await Promise.all([call(UsersDocument, { search: search.trim() || null }), call(ApiKeysDocument, {}), call(AccessChangesDocument, {})]);
      setUsers(u.users.edges.map((e) => e.node));
      setKeys(k.apiKeys.edges.map((e) => e.node));
      setChanges(c.accessChanges.edges.map((e) => e.node));
    } catch (err) {
      setProblems(problemsOf(err));
    }
  }, [call, search]);

  useEffect(() => {
    void load();
  }, [load]);

  /** A change, then the lists again; its problems shown above the lists. */
  const change = async (run: () => Promise<readonly UserErrorView[]>): Promise<boolean> => {
    const found = await attempt(run);
    setProblems(found);
    await load();
    return found.length === 0;
  };

  return (
    <section className="grid" data-testid="access-admin">
      <Problems problems={problems} title={t('access.notChanged')} />
      <InviteForm onInvite={(input) => change(async () => (await call(InviteUserDocument, { input })).inviteUser.errors)} />
      <section className="card" data-testid="users">
        <div className="row">
          <h2>{t('access.users')}</h2>
          <label className="inline">
            {t('access.search')}
            <input name="userSearch" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('access.searchPlaceholder')} />
          </label>
        </div>
        {users && users.length === 0 && <p className="muted">{t('access.noUser')}</p>}
        <ul className="people">
          {users?.map((u) => (
            <UserItem
              key={u.id}
              user={u}
              self={u.id === selfId}
              onRoles={(roles) => change(async () => (await call(UpdateUserDocument, { input: { id: u.id, roles } })).updateUser.errors)}
              onActive={(active) =>
                change(async () =>
                  active
                    ? (await call(EnableUserDocument, { id: u.id })).enableUser.errors
                    : (await call(DisableUserDocument, { id: u.id })).disableUser.errors,
                )
              }
            />
          ))}
        </ul>
      </section>
      <KeysSection
        users={users ?? []}
        keys={keys ?? []}
        onCreate={async (input) => {
          let token: string | null = null;
          const ok = await change(async () => {
            const created = (await call(CreateApiKeyDocument, { input })).createApiKey;
            token = created.token ?? null;
            return created.errors;
          });
          return ok ? token : null;
        }}
        onRevoke={(id) => change(async () => (await call(RevokeApiKeyDocument, { id })).revokeApiKey.errors)}
      />
      <section className="card" data-testid="access-changes">
        <h2>{t('access.recentChanges')}</h2>
        <ul className="changes">
          {changes.map((c) => (
            <li key={c.id} data-action={c.action}>
              <span className="muted">{localDateTime(c.at, i18n.language)}</span>{' '}
              <strong title={c.action}>{t(`access.actions.${c.action}`, { defaultValue: c.action })}</strong>{' '}
              {t('access.changeBy', { name: c.actorName ?? t('access.someone') })} <small className="muted">{c.detail}</small>
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}

function RoleChecks({ name, roles, onChange }: { name: string; roles: readonly UserRole[]; onChange: (roles: UserRole[]) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="roles">
      <legend>{t('access.roles')}</legend>
      {ROLES.map((role) => (
        <label key={role} className="inline">
          <input
            type="checkbox"
            name={name}
            value={role}
            checked={roles.includes(role)}
            onChange={(e) => onChange(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role))}
          />
          {t(`access.roleLabels.${role}`)}
        </label>
      ))}
    </fieldset>
  );
}

function InviteForm({ onInvite }: { onInvite: (input: { email: string; displayName: string | null; roles: UserRole[] }) => Promise<boolean> }) {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const { t } = useTranslation();
  const [roles, setRoles] = useState<UserRole[]>(['agent']);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const ok = await onInvite({ email: email.trim(), displayName: displayName.trim() || null, roles });
    setBusy(false);
    if (ok) {
      setEmail('');
      setDisplayName('');
      setRoles(['agent']);
    }
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} data-testid="invite-user">
      <h2>{t('access.invite')}</h2>
      <div className="grid two">
        <label>
          {t('access.workEmail')} <span className="required">({t('app.required')})</span>
          <input name="inviteEmail" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
        </label>
        <label>
          {t('access.name')}
          <input name="inviteName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="off" />
        </label>
      </div>
      <RoleChecks name="inviteRole" roles={roles} onChange={setRoles} />
      <button type="submit" disabled={busy || email.trim() === '' || roles.length === 0}>
        {busy ? t('access.inviting') : t('access.inviteButton')}
      </button>
    </form>
  );
}

function UserItem({
  user,
  self,
  onRoles,
  onActive,
}: {
  user: UserRow;
  self: boolean;
  onRoles: (roles: UserRole[]) => Promise<boolean>;
  onActive: (active: boolean) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [roles, setRoles] = useState<UserRole[]>(user.roles);
  return (
    <li data-user-email={user.email} data-active={user.active ? 'true' : 'false'} className={user.active ? '' : 'disabled'}>
      <div className="who-line">
        <strong>{nameOf(user)}</strong>
        <span className="muted">{user.roles.map((r) => t(`access.roleNames.${r}`, { defaultValue: r })).join(', ')}</span>
        {!user.active && <span className="badge failed">{t('access.disabled')}</span>}
        {self && <span className="muted">{t('access.self')}</span>}
      </div>
      {self ? null : editing ? (
        <div>
          <RoleChecks name={`roles-${user.id}`} roles={roles} onChange={setRoles} />
          <div className="row">
            <button type="button" onClick={() => void onRoles(roles).then((ok) => ok && setEditing(false))} disabled={roles.length === 0}>
              {t('access.saveRoles')}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setRoles(user.roles);
                setEditing(false);
              }}
            >
              {t('access.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div className="row">
          <button type="button" className="secondary" onClick={() => setEditing(true)}>
            {t('access.changeRoles')}
          </button>
          {user.active ? (
            <button type="button" className="secondary" data-action="disable" onClick={() => void onActive(false)}>
              {t('access.disable')}
            </button>
          ) : (
            <button type="button" className="secondary" data-action="enable" onClick={() => void onActive(true)}>
              {t('access.enable')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

function KeysSection({
  users,
  keys,
  onCreate,
  onRevoke,
}: {
  users: readonly UserRow[];
  keys: readonly KeyRow[];
  onCreate: (input: { userId: string | null; label: string; expiresAt: string | null }) => Promise<string | null>;
  onRevoke: (id: string) => Promise<boolean>;
}) {
  const { t, i18n } = useTranslation();
  const [userId, setUserId] = useState('');
  const [label, setLabel] = useState('');
  const [expires, setExpires] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const columns = {
    label: t('access.label'),
    key: t('access.key'),
    user: t('access.user'),
    status: t('access.status'),
    expires: t('access.expiresColumn'),
    lastUsed: t('access.lastUsed'),
    action: t('access.action'),
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // The expiry is the end of the chosen day in Asia/Dhaka (UTC+6).
    const expiresAt = expires ? new Date(`${expires}T23:59:59+06:00`).toISOString() : null;
    const token = await onCreate({ userId: userId || null, label: label.trim(), expiresAt });
    if (token) {
      setShown(token);
      setLabel('');
      setExpires('');
    }
  };
  return (
    <section className="card" data-testid="api-keys">
      <h2>{t('access.apiKeys')}</h2>
      <form onSubmit={(e) => void submit(e)} data-testid="create-key">
        <div className="grid three">
          <label>
            {t('access.keyFor')}
            <select name="keyUser" value={userId} onChange={(e) => setUserId(e.target.value)}>
              <option value="">{t('access.yourself')}</option>
              {users
                .filter((u) => u.active)
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {nameOf(u)}
                  </option>
                ))}
            </select>
          </label>
          <label>
            {t('access.label')} <span className="required">({t('app.required')})</span>
            <input
              name="keyLabel"
              required
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              placeholder={t('access.labelPlaceholder')}
              autoComplete="off"
            />
          </label>
          <label>
            {t('access.expires')}
            <input name="keyExpires" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
          </label>
        </div>
        <button type="submit" disabled={label.trim() === ''}>
          {t('access.createKey')}
        </button>
      </form>
      {shown && (
        <div className="new-key" role="status" data-testid="new-key">
          <p>
            <strong>{t('access.copyNow')}</strong>
          </p>
          <code data-testid="new-key-value">{shown}</code>
          <button type="button" className="secondary" onClick={() => setShown(null)}>
            {t('access.stored')}
          </button>
        </div>
      )}
      <table className="stack">
        <ColumnHeads columns={columns} />
        <tbody>
          {keys.map((k) => (
            <tr key={k.id} data-key-id={k.id} data-key-label={k.label} data-status={k.status}>
              <td data-label={columns.label}>{k.label}</td>
              <td data-label={columns.key}>
                <code>{k.prefix}…</code>
              </td>
              <td data-label={columns.user}>{k.userName ?? k.userId.slice(0, 8)}</td>
              <td data-label={columns.status}>
                <span className={`badge ${k.status === 'active' ? 'passed' : 'failed'}`}>{t(`access.keyStatus.${k.status}`)}</span>
              </td>
              <td data-label={columns.expires}>{day(k.expiresAt, i18n.language)}</td>
              <td data-label={columns.lastUsed}>{day(k.lastUsedAt, i18n.language)}</td>
              <td data-label={columns.action}>
                {k.status === 'active' ? (
                  <button type="button" className="secondary" data-action="revoke" onClick={() => void onRevoke(k.id)}>
                    {t('access.revoke')}
                  </button>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
