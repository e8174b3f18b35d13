import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { AccessAdmin } from './admin/access';
import { ApiContext, callAs } from './api';
import { NewVerification } from './agent/new-verification';
import { VerificationLog } from './agent/verification-log';
import { AuditTrail } from './analyst/audit-trail';
import { Dashboard } from './analyst/dashboard';
import { Reviews } from './reviewer/reviews';
import { request } from './graphql/client';
import { MyAccountDocument, ViewerDocument, type MyAccountQuery } from './graphql/generated';
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
function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
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
        <h1>eKYC portal</h1>
        <p>Sign in with your API token (ekyc_…) or a bearer token.</p>
        <label>
          Token
          <input name="token" type="password" autoComplete="off" value={credential} onChange={(e) => setCredential(e.target.value)} required />
        </label>
        <button type="submit" disabled={busy || credential.trim() === ''}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        <Problems problems={problems} />
      </form>
    </main>
  );
}

function SignedIn({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
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
        <strong>eKYC portal</strong>
        <nav>
          {has('agent') && tab('verify', 'New verification')}
          {has('agent') && tab('log', 'Verification log')}
          {has('analyst') && tab('dashboard', 'Dashboard')}
          {has('reviewer') && tab('reviews', 'Reviews')}
          {has('admin') && tab('access', 'Users and keys')}
        </nav>
        <span className="who" data-testid="viewer" data-roles={session.viewer.roles.join(' ')}>
          {account ? `${account.user.displayName ?? account.user.email} · ${account.tenant.name}` : `${session.viewer.roles.join(', ')} · tenant ${session.viewer.tenantId.slice(0, 8)}`}
        </span>
        <button type="button" className="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main>
        {workspaces.length === 0 && <p className="warn">Your roles ({session.viewer.roles.join(', ')}) open no screen of this portal.</p>}
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
