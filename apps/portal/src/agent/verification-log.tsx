import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../api';
import { VerificationLogDocument, type VerificationLogQuery, type VerificationLogStatus } from '../graphql/generated';
import { Problems, problemsOf, type UserErrorView } from '../ui/problems';

const STATUSES: VerificationLogStatus[] = ['all', 'passed', 'failed', 'pending', 'invalid'];
const PER_PAGE = 10;

/** The verification log of the agent API: newest first, by page, filtered by status. */
export function VerificationLog({ onOpen }: { onOpen?: (applicationId: string) => void }) {
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
        <h2>Verification log</h2>
        <label className="inline">
          Status
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
                {s}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="secondary" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <Problems problems={problems} />
      {log && (
        <>
          <p data-testid="log-total">{log.totalCount} verifications</p>
          <table className="stack">
            <thead>
              <tr>
                <th>submitted</th>
                <th>applicant</th>
                <th>NID</th>
                <th>mobile</th>
                <th>status</th>
                <th>reason</th>
              </tr>
            </thead>
            <tbody>
              {log.edges.map(({ node }) => (
                <tr key={node.applicationId} data-application-id={node.applicationId} data-status={node.status}>
                  <td data-label="submitted">{new Date(node.submittedOn).toLocaleString()}</td>
                  <td data-label="applicant">{onOpen ? <a href={`#application=${node.applicationId}`} onClick={() => onOpen(node.applicationId)}>{node.applicantNameEn ?? node.applicationId}</a> : (node.applicantNameEn ?? node.applicationId)}</td>
                  <td data-label="NID">{node.nidNumber ?? '—'}</td>
                  <td data-label="mobile">{node.mobileNumber ?? '—'}</td>
                  <td data-label="status">
                    <span className={`badge ${node.status}`}>{node.status}</span>
                  </td>
                  <td data-label="reason">{node.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row">
            <button type="button" className="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Previous
            </button>
            <span>
              page {page} of {pages}
            </span>
            <button type="button" className="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              Next
            </button>
          </div>
        </>
      )}
    </section>
  );
}
