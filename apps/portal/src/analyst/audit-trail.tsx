import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api';
import { AuditTrailDocument, type AuditTrailQuery } from '../graphql/generated';
import { localDateTime, localDigits } from '../i18n';
import { CodePhrase } from '../ui/code-phrase';
import { ColumnHeads } from '../ui/column-heads';
import { Problems, problemsOf, type UserErrorView } from '../ui/problems';
import { useUserNames } from '../ui/user-names';

/** One application's hash-chained audit trail, oldest first; `children` (e.g. its photos) below the decision. */
export function AuditTrail({ applicationId, onClose, children }: { applicationId: string; onClose: () => void; children?: ReactNode }) {
  const { t, i18n } = useTranslation();
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

  const names = useUserNames(application?.auditTrail.filter((e) => e.actorKind === 'user').map((e) => e.actorId) ?? []);
  const columns = { sequence: t('audit.sequence'), event: t('audit.event'), occurred: t('audit.occurred'), actor: t('audit.actor'), hash: t('audit.hash') };
  return (
    <section className="card" data-testid="audit-trail" data-application-id={applicationId}>
      <div className="row">
        <h2>{t('audit.title')}</h2>
        <button type="button" className="secondary" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      <p>
        {t('audit.application')} <code>{applicationId}</code>
        {application && (
          <>
            {' '}
            — <span className={`badge ${application.status}`}>{t(`status.${application.status}`, { defaultValue: application.status })}</span>{' '}
            {application.decisionReason && <CodePhrase code={application.decisionReason} />}
          </>
        )}
      </p>
      <Problems problems={problems} />
      {application === null && <p className="warn">{t('audit.notFound')}</p>}
      {application && children}
      {application && (
        <table className="stack">
          <ColumnHeads columns={columns} />
          <tbody>
            {application.auditTrail.map((e) => (
              <tr key={e.sequence} data-event-type={e.type}>
                <td data-label={columns.sequence}>{localDigits(String(e.sequence), i18n.language)}</td>
                <td data-label={columns.event}>{e.type}</td>
                <td data-label={columns.occurred}>{localDateTime(e.occurredAt, i18n.language)}</td>
                <td data-label={columns.actor}>
                  {t(`audit.actorKinds.${e.actorKind}`, { defaultValue: e.actorKind })}{' '}
                  <span title={e.actorId}>{names.get(e.actorId) ?? e.actorId.slice(0, 8)}</span>
                </td>
                <td data-label={columns.hash}>
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
