import { useTranslation } from 'react-i18next';
import type { VerificationLogEntryStatus } from '../graphql/generated';
import { localDateTime } from '../i18n';
import { CodePhrase } from './code-phrase';

/** One verification-log entry as the agent's log and the analyst's search both read it. */
export interface LogEntryView {
  applicationId: string;
  submittedOn: string;
  applicantNameEn?: string | null;
  nidNumber?: string | null;
  mobileNumber?: string | null;
  status: VerificationLogEntryStatus;
  reason?: string | null;
}

/** Verification-log entries, newest first; one card per entry on a phone. With `onOpen`, the applicant opens the application. */
export function LogEntriesTable({ entries, onOpen }: { entries: readonly LogEntryView[]; onOpen?: (applicationId: string) => void }) {
  const { t, i18n } = useTranslation();
  const columns = [
    t('analyst.submitted'),
    t('analyst.applicant'),
    t('fields.nidNumber'),
    t('fields.mobileNumber'),
    t('analyst.status'),
    t('analyst.reason'),
  ] as const;
  return (
    <table className="stack">
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c}>{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => {
          const applicant = e.applicantNameEn ?? e.applicationId.slice(0, 8);
          return (
            <tr key={e.applicationId} data-application-id={e.applicationId} data-status={e.status}>
              <td data-label={columns[0]}>{localDateTime(e.submittedOn, i18n.language)}</td>
              <td data-label={columns[1]}>
                {onOpen ? (
                  <button type="button" className="link" onClick={() => onOpen(e.applicationId)}>
                    {applicant}
                  </button>
                ) : (
                  applicant
                )}
              </td>
              <td data-label={columns[2]}>{e.nidNumber ?? '—'}</td>
              <td data-label={columns[3]}>{e.mobileNumber ?? '—'}</td>
              <td data-label={columns[4]}>
                <span className={`badge ${e.status}`}>{t(`status.${e.status}`, { defaultValue: e.status })}</span>
              </td>
              <td data-label={columns[5]}>{e.reason ? <CodePhrase code={e.reason} /> : ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
