import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AccessAdmin } from './admin/access';
import { ApiContext, callAs } from './api';
import { NewVerification } from './agent/new-verification';
import { VerificationLog } from './agent/verification-log';
import { ApplicationPhotos } from './analyst/application-photos';
import { Applications } from './analyst/applications';
import { AuditTrail } from './analyst/audit-trail';
import { Dashboard } from './analyst/dashboard';
import { Reviews } from './reviewer/reviews';
import { request } from './graphql/client';
import { MyAccountDocument, ViewerDocument, type MyAccountQuery } from './graphql/generated';
import { LANGUAGES, saveLanguage, type Language } from './i18n';
import { clearSession, loadSession, saveSession, seesPhotos, workspacesOf, type Session, type Workspace } from './session';
import { Problems, problemsOf, type UserErrorView } from './ui/problems';

type View = 'verify' | 'log' | 'dashboard' | 'applications' | 'reviews' | 'access';

/** What the gateway offers (`GET /auth/methods`): API tokens always; the identity provider when configured; `session`: this browser's cookie is live. */
interface AuthMethods {
  apiToken: boolean;
  oidc: boolean;
  session: boolean;
}

/** The sign-in error the gateway sent the browser back with (`?signInError=CODE`). */
function signInErrorOf(href: string): string | null {
  const code = new URL(href).searchParams.get('signInError');
  if (code === null) return null;
  return /^[A-Z_]{2,40}$/.test(code) ? code : 'OIDC_PROVIDER_ERROR';
}

/** Takes the sign-in error off the address, so a reload does not show it again. */
function forgetSignInError(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('signInError')) return;
  url.searchParams.delete('signInError');
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
}

export function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession(sessionStorage));
  const [methods, setMethods] = useState<AuthMethods | null>(null);
  const [signInError] = useState(() => signInErrorOf(window.location.href));
  useEffect(forgetSignInError, []);
  useEffect(() => {
    if (session) return;
    let cancelled = false;
    void (async () => {
      let found: AuthMethods = { apiToken: true, oidc: false, session: false };
      try {
        const res = await fetch('/auth/methods', { credentials: 'same-origin' });
        if (res.ok) found = (await res.json()) as AuthMethods;
      } catch {
        // The gateway did not answer: the token form still works once it does.
      }
      // Back from the identity provider (or a session still alive): the cookie is the credential.
      if (found.session) {
        try {
          const { viewer } = await request(ViewerDocument, {}, { credential: null });
          const signedIn = { credential: null, viewer };
          saveSession(sessionStorage, signedIn);
          if (!cancelled) setSession(signedIn);
          return;
        } catch {
          found = { ...found, session: false };
        }
      }
      if (!cancelled) setMethods(found);
    })();
    return () => {
      cancelled = true;
    };
  }, [session]);
  const signOut = async () => {
    // A session through the identity provider ends at the gateway too (its cookie is HttpOnly), before the sign-in page
    // asks whether a session is live.
    if (session?.credential === null) await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
    clearSession(sessionStorage);
    setSession(null);
  };
  if (session) return <SignedIn session={session} onSignOut={() => void signOut()} />;
  return methods ? <SignIn onSignedIn={setSession} oidc={methods.oidc} initialError={signInError} /> : null;
}

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

/**
 * Sign-in: through the bank's identity provider when the gateway has one (people), or with an API token as printed by
 * `npm start` or issued in *Users and keys* (checked with the `viewer` query).
 */
function SignIn({ onSignedIn, oidc, initialError }: { onSignedIn: (s: Session) => void; oidc: boolean; initialError: string | null }) {
  const { t } = useTranslation();
  const [credential, setCredential] = useState('');
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<UserErrorView[]>(initialError ? [{ code: initialError, field: null, message: initialError }] : []);
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
        {oidc && (
          <>
            <a className="button" href="/auth/oidc/login" data-testid="oidc-sign-in">
              {t('app.signInWithProvider')}
            </a>
            <p className="muted">{t('app.orToken')}</p>
          </>
        )}
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
          {has('analyst') && tab('applications', t('nav.applications'))}
          {has('reviewer') && tab('reviews', t('nav.reviews'))}
          {has('admin') && tab('access', t('nav.access'))}
        </nav>
        <span className="who" data-testid="viewer" data-roles={session.viewer.roles.join(' ')}>
          {account
            ? `${account.user.displayName ?? account.user.email} · ${account.tenant.name}`
            : t('app.tenantFallback', { roles: session.viewer.roles.join(', '), id: session.viewer.tenantId.slice(0, 8) })}
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
        {view === 'applications' && has('analyst') && <Applications seesPhotos={seesPhotos(session.viewer)} />}
        {view === 'dashboard' && has('analyst') && (
          <>
            {audited && (
              <AuditTrail applicationId={audited} onClose={() => setAudited(null)}>
                <ApplicationPhotos applicationId={audited} allowed={seesPhotos(session.viewer)} />
              </AuditTrail>
            )}
            <Dashboard onOpenApplication={setAudited} />
          </>
        )}
      </main>
    </ApiContext.Provider>
  );
}
