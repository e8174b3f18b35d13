import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api';
import {
  ApplicationSearchDocument,
  VerifyAuditChainDocument,
  type ApplicationSearchQuery,
  type VerificationLogStatus,
  type VerifyAuditChainQuery,
} from '../graphql/generated';
import { LogEntriesTable } from '../ui/log-entries';
import { Problems, problemsOf, type UserErrorView } from '../ui/problems';
import { ApplicationPhotos } from './application-photos';
import { searchVariables, type ApplicationFilters } from './application-search';
import { AuditTrail } from './audit-trail';

const STATUSES: VerificationLogStatus[] = ['all', 'passed', 'failed', 'pending', 'invalid'];

/**
 * The analyst's applications: search by mobile number, NID, days and status (exact numbers, as the log is kept masked
 * for analysts), newest first; an application opens its page (decision, photos for the roles that may see them, audit
 * trail), and the tenant's hash chain can be verified.
 */
export function Applications({ seesPhotos }: { seesPhotos: boolean }) {
  const { t } = useTranslation();
  const call = useApi();
  const [filters, setFilters] = useState<ApplicationFilters>({ status: 'all', mobileNumber: '', nidNumber: '', from: '', to: '' });
  const [applied, setApplied] = useState(filters);
  const [pages, setPages] = useState<Array<string | null>>([null]);
  // The answer with the filters it answers: a slower earlier answer must not pass for the newer search.
  const [shown, setShown] = useState<{ log: ApplicationSearchQuery['verificationLog']; filters: ApplicationFilters } | null>(null);
  const result = shown?.log ?? null;
  const [open, setOpen] = useState<string | null>(null);
  const [chain, setChain] = useState<VerifyAuditChainQuery['verifyAuditChain'] | null>(null);
  const [problems, setProblems] = useState<UserErrorView[]>([]);
  const after = pages[pages.length - 1] ?? null;
  const latest = useRef(applied);
  latest.current = applied;

  const load = useCallback(async () => {
    try {
      setProblems([]);
      const { verificationLog } = await call(ApplicationSearchDocument, { ...searchVariables(applied), after });
      setShown((current) => (latest.current === applied ? { log: verificationLog, filters: applied } : current));
    } catch (err) {
      setProblems(problemsOf(err));
    }
  }, [call, applied, after]);

  useEffect(() => {
    void load();
  }, [load]);

  const search = (e: FormEvent) => {
    e.preventDefault();
    setPages([null]);
    setApplied(filters);
  };
  const verifyChain = async () => {
    try {
      setChain((await call(VerifyAuditChainDocument, {})).verifyAuditChain);
    } catch (err) {
      setProblems(problemsOf(err));
    }
  };
  const set = (name: keyof ApplicationFilters, value: string) => setFilters((f) => ({ ...f, [name]: value }));

  return (
    <section className="grid" data-testid="applications">
      <form className="card" onSubmit={search} data-testid="application-search">
        <h2>{t('analyst.applications')}</h2>
        <div className="grid three">
          <label>
            {t('fields.mobileNumber')}
            <input
              name="searchMobile"
              inputMode="tel"
              value={filters.mobileNumber}
              onChange={(e) => set('mobileNumber', e.target.value)}
              placeholder="01XXXXXXXXX"
            />
          </label>
          <label>
            {t('fields.nidNumber')}
            <input name="searchNid" inputMode="numeric" value={filters.nidNumber} onChange={(e) => set('nidNumber', e.target.value)} />
          </label>
          <label>
            {t('analyst.status')}
            <select name="searchStatus" value={filters.status} onChange={(e) => set('status', e.target.value)}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s === 'all' ? t('analyst.anyStatus') : t(`status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('analyst.from')}
            <input name="searchFrom" type="date" value={filters.from} onChange={(e) => set('from', e.target.value)} />
          </label>
          <label>
            {t('analyst.to')}
            <input name="searchTo" type="date" value={filters.to} onChange={(e) => set('to', e.target.value)} />
          </label>
        </div>
        <div className="row">
          <button type="submit">{t('analyst.search')}</button>
          <button type="button" className="secondary" onClick={() => void verifyChain()} data-testid="verify-chain">
            {t('analyst.verifyChain')}
          </button>
        </div>
        {chain && (
          <p className={chain.ok ? 'chain ok' : 'chain broken'} data-testid="chain-result" data-ok={chain.ok ? 'true' : 'false'} role="status">
            {chain.ok
              ? t('analyst.chainOk', { count: chain.checkedEntries })
              : t('analyst.chainBroken', { sequence: chain.firstBrokenLink?.sequence ?? '?', problem: chain.firstBrokenLink?.problem ?? '' })}
          </p>
        )}
      </form>
      <Problems problems={problems} />
      {open && (
        <AuditTrail applicationId={open} onClose={() => setOpen(null)}>
          <ApplicationPhotos applicationId={open} allowed={seesPhotos} />
        </AuditTrail>
      )}
      {result && (
        <section
          className="card"
          data-testid="application-results"
          data-total={result.totalCount}
          data-filter-status={shown?.filters.status}
          data-filter-mobile={shown?.filters.mobileNumber}
        >
          <p>{t('analyst.found', { count: result.totalCount })}</p>
          <LogEntriesTable entries={result.edges.map((e) => e.node)} onOpen={setOpen} />
          <div className="row">
            <button type="button" className="secondary" disabled={pages.length <= 1} onClick={() => setPages((p) => p.slice(0, -1))}>
              {t('analyst.previous')}
            </button>
            <button
              type="button"
              className="secondary"
              disabled={!result.pageInfo.hasNextPage}
              onClick={() => setPages((p) => [...p, result.pageInfo.endCursor ?? null])}
            >
              {t('analyst.next')}
            </button>
          </div>
        </section>
      )}
    </section>
  );
}
