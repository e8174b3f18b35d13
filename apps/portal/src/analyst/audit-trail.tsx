import { useEffect, useState } from 'react';
import { useApi } from '../api';
import { AuditTrailDocument, type AuditTrailQuery } from '../graphql/generated';
import { Problems, problemsOf, type UserErrorView } from '../ui/problems';

/** One application's hash-chained audit trail, oldest first. */
export function AuditTrail({ applicationId, onClose }: { applicationId: string; onClose: () => void }) {
  const call = useApi();
  const [application, setApplication] = useState<AuditTrailQuery['application'] | undefined>(undefined);
  const [problems, setProblems] = useState<UserErrorView[]>([]);

  useEffect(() => {
    let cancelled = false;
    setApplication(undefined);
    call(AuditTrailDocument, { id: applicationId }).then(
      (r) => !cancelled && setApplication(r.application),
      (err: unknown) => !cancelled && setProblems(problemsOf(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [call, applicationId]);

  return (
    <section className="card" data-testid="audit-trail" data-application-id={applicationId}>
      <div className="row">
        <h2>Audit trail</h2>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      <p>
        Application <code>{applicationId}</code>
        {application && (
          <>
            {' '}
            — <span className={`badge ${application.status}`}>{application.status}</span> {application.decisionReason ?? ''}
          </>
        )}
      </p>
      <Problems problems={problems} />
      {application === null && <p className="warn">No application with this id in your tenant.</p>}
      {application && (
        <table className="stack">
          <thead>
            <tr>
              <th>#</th>
              <th>event</th>
              <th>occurred</th>
              <th>actor</th>
              <th>hash</th>
            </tr>
          </thead>
          <tbody>
            {application.auditTrail.map((e) => (
              <tr key={e.sequence} data-event-type={e.type}>
                <td data-label="#">{e.sequence}</td>
                <td data-label="event">{e.type}</td>
                <td data-label="occurred">{new Date(e.occurredAt).toLocaleString()}</td>
                <td data-label="actor">
                  {e.actorKind} {e.actorId.slice(0, 8)}
                </td>
                <td data-label="hash">
                  <code title={e.hash}>{e.hash.slice(0, 12)}…</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
