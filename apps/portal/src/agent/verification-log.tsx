import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api';
import { VerificationLogDocument, type VerificationLogQuery, type VerificationLogStatus } from '../graphql/generated';
import { localDigits } from '../i18n';
import { LogEntriesTable } from '../ui/log-entries';
import { Problems, problemsOf, type UserErrorView } from '../ui/problems';

const STATUSES: VerificationLogStatus[] = ['all', 'passed', 'failed', 'pending', 'invalid'];
const PER_PAGE = 10;

/** The verification log of the agent API: newest first, by page, filtered by status. */
export function VerificationLog() {
  const { t, i18n } = useTranslation();
  const call = useApi();
  const [status, setStatus] = useState<VerificationLogStatus>('all');
  const [page, setPage] = useState(1);
  const [log, setLog] = useState<VerificationLogQuery['verificationLog'] | null>(null);
  const [problems, setProblems] = useState<UserErrorView[]>([]);

  const load = useCallback(async () => {
    try {
      setProblems([]);
      setLog((await call(VerificationLogDocument, { page, perPage: PER_PAGE, status })).verificationLog);
    } catch (err) {
      setProblems(problemsOf(err));
    }
  }, [call, page, status]);

  useEffect(() => {
    void load();
  }, [load]);

  const pages = log ? Math.max(1, Math.ceil(log.totalCount / PER_PAGE)) : 1;
  return (
    <section className="card" data-testid="verification-log">
      <div className="row">
        <h2>{t('nav.log')}</h2>
        <label className="inline">
          {t('analyst.status')}
          <select
            name="status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as VerificationLogStatus);
              setPage(1);
            }}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s === 'all' ? t('analyst.anyStatus') : t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="secondary" onClick={() => void load()}>
          {t('log.refresh')}
        </button>
      </div>
      <Problems problems={problems} />
      {log && (
        <>
          <p data-testid="log-total" data-count={log.totalCount}>
            {localDigits(t('log.total', { count: log.totalCount }), i18n.language)}
          </p>
          <LogEntriesTable entries={log.edges.map((e) => e.node)} />
          <div className="row">
            <button type="button" className="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              {t('analyst.previous')}
            </button>
            <span>{localDigits(t('log.page', { page, pages }), i18n.language)}</span>
            <button type="button" className="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              {t('analyst.next')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
