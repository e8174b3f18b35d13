import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AccessAdmin } from './admin/access';
import { ApiContext, callAs } from './api';
import { NewVerification } from './agent/new-verification';
import { VerificationLog } from './agent/verification-log';
import { AuditTrail } from './analyst/audit-trail';
import { Dashboard } from './analyst/dashboard';
import { Reviews } from './reviewer/reviews';
import { request } from './graphql/client';
import { MyAccountDocument, ViewerDocument, type MyAccountQuery } from './graphql/generated';
import { LANGUAGES, saveLanguage, type Language } from './i18n';
import { clearSession, loadSession, saveSession, workspacesOf, type Session, type Workspace } from './session';
import { Problems, problemsOf, type UserErrorView } from './ui/problems';

type View = 'verify' | 'log' | 'dashboard' | 'reviews' | 'access';

export function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession(sessionStorage));
  const signOut = () => {
    clearSession(sessionStorage);
    setSession(null);
  };
  return session ? <SignedIn session={session} onSignOut={signOut} /> : <SignIn onSignedIn={setSession} />;
}

/** Sign-in with an API token (as printed by `npm start` or issued to the user): checked with the `viewer` query. */
/** বাংলা / English, remembered in this browser. */
function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const choose = (language: Language) => {
    void i18n.changeLanguage(language);
    document.documentElement.lang = language;
    saveLanguage(localStorage, language);
  };
  return (
    <label className="inline language">
      <span className="visually-hidden">{t('app.language')}</span>
      <select name="language" value={i18n.language} onChange={(e) => choose(e.target.value as Language)} aria-label={t('app.language')}>
        {LANGUAGES.map((l) => (
          <option key={l.id} value={l.id} lang={l.id}>
            {l.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const { t } = useTranslation();
  const [credential, setCredential] = useState('');
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<UserErrorView[]>([]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblems([]);
    try {
      const { viewer } = await request(ViewerDocument, {}, { credential });
      const session = { credential: credential.trim(), viewer };
      saveSession(sessionStorage, session);
      onSignedIn(session);
    } catch (err) {
      setProblems(problemsOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="sign-in">
      <form className="card" onSubmit={(e) => void submit(e)} data-testid="sign-in">
        <div className="row between">
          <h1>{t('app.title')}</h1>
          <LanguageSwitch />
        </div>
        <p>{t('app.signInIntro')}</p>
        <label>
          {t('app.token')}
          <input name="token" type="password" autoComplete="off" value={credential} onChange={(e) => setCredential(e.target.value)} required />
        </label>
        <button type="submit" disabled={busy || credential.trim() === ''}>
          {busy ? t('app.checking') : t('app.signIn')}
        </button>
        <Problems problems={problems} />
      </form>
    </main>
  );
}

function SignedIn({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { t } = useTranslation();
  const call = useMemo(() => callAs(session.credential), [session.credential]);
  const workspaces = workspacesOf(session.viewer);
  const [view, setView] = useState<View>(({ agent: 'verify', analyst: 'dashboard', reviewer: 'reviews', admin: 'access' } as const)[workspaces[0] ?? 'agent']);
  const [account, setAccount] = useState<MyAccountQuery['myAccount'] | null>(null);
  useEffect(() => {
    // Names for the header; the ids stay the fallback if the lookup fails.
    call(MyAccountDocument, {}).then(
      (r) => setAccount(r.myAccount),
      () => setAccount(null),
    );
  }, [call]);
  const [flow, setFlow] = useState(0);
  const [audited, setAudited] = useState<string | null>(null);
  const has = (w: Workspace) => workspaces.includes(w);
  const tab = (id: View, label: string) => (
    <button type="button" className={view === id ? 'tab current' : 'tab'} onClick={() => setView(id)} data-view={id}>
      {label}
    </button>
  );
  return (
    <ApiContext.Provider value={call}>
      <header className="top">
        <strong>{t('app.title')}</strong>
        <nav>
          {has('agent') && tab('verify', t('nav.verify'))}
          {has('agent') && tab('log', t('nav.log'))}
          {has('analyst') && tab('dashboard', t('nav.dashboard'))}
          {has('reviewer') && tab('reviews', t('nav.reviews'))}
          {has('admin') && tab('access', t('nav.access'))}
        </nav>
        <span className="who" data-testid="viewer" data-roles={session.viewer.roles.join(' ')}>
          {account ? `${account.user.displayName ?? account.user.email} · ${account.tenant.name}` : `${session.viewer.roles.join(', ')} · tenant ${session.viewer.tenantId.slice(0, 8)}`}
        </span>
        <LanguageSwitch />
        <button type="button" className="secondary" onClick={onSignOut}>
          {t('app.signOut')}
        </button>
      </header>
      <main>
        {workspaces.length === 0 && <p className="warn">{t('app.noScreens', { roles: session.viewer.roles.join(', ') })}</p>}
        {view === 'verify' && has('agent') && <NewVerification key={flow} onDone={() => setFlow(flow + 1)} />}
        {view === 'log' && has('agent') && <VerificationLog />}
        {view === 'reviews' && has('reviewer') && <Reviews />}
        {view === 'access' && has('admin') && <AccessAdmin selfId={session.viewer.userId} />}
        {view === 'dashboard' && has('analyst') && (
          <>
            {audited && <AuditTrail applicationId={audited} onClose={() => setAudited(null)} />}
            <Dashboard onOpenApplication={setAudited} />
          </>
        )}
      </main>
    </ApiContext.Provider>
  );
}
