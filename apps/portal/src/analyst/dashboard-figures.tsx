import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, Legend, Pie, PieChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardQuery } from '../graphql/generated';
import { codePhrase, localDigits } from '../i18n';
import { CodePhrase } from '../ui/code-phrase';
import { ColumnHeads } from '../ui/column-heads';
import { percent } from './date-range';

// Dark enough for their legend text to read on white (WCAG AA).
export const STATUS_COLOURS = { passed: '#2e7d32', failed: '#c62828', pending: '#9a5b00', invalid: '#6a1b9a' } as const;
const STATUSES = ['passed', 'failed', 'pending', 'invalid'] as const;
const CHART_HEIGHT = 260;

export type Stats = NonNullable<DashboardQuery['verificationStats']['stats']>;
type Report = NonNullable<DashboardQuery['usageReport']['report']>;
type Reconciliation = NonNullable<DashboardQuery['nidReconciliation']['reconciliation']>;

/** Numbers as the reader's language writes them (axis ticks, table cells). */
function useNumbers() {
  const { i18n } = useTranslation();
  return (value: number | string) => localDigits(String(value), i18n.language);
}

/** Verifications per day, stacked by status. */
export function PerDayFigure({ stats, width }: { stats: Stats; width: number }) {
  const { t } = useTranslation();
  const n = useNumbers();
  return (
    <figure className="card" data-chart="per-day">
      <figcaption>{t('dashboard.perDay')}</figcaption>
      <BarChart width={width} height={CHART_HEIGHT} data={stats.perDay}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="date" tickFormatter={(d: string) => n(d.slice(5))} />
        <YAxis allowDecimals={false} tickFormatter={n} />
        <Tooltip />
        <Legend />
        {STATUSES.map((s) => (
          <Bar key={s} dataKey={s} name={t(`status.${s}`)} stackId="status" fill={STATUS_COLOURS[s]} isAnimationActive={false} className={`bar-${s}`} />
        ))}
      </BarChart>
    </figure>
  );
}

/** The decided verifications by status, and the pass rate. */
export function DecisionsFigure({ stats, width }: { stats: Stats; width: number }) {
  const { t } = useTranslation();
  const n = useNumbers();
  const decided = STATUSES.filter((s) => s !== 'pending')
    .map((s) => ({ status: s, name: t(`status.${s}`), value: stats[s] }))
    .filter((d) => d.value > 0);
  return (
    <figure className="card" data-chart="pass-rate">
      <figcaption>{t('dashboard.decisions', { rate: n(percent(stats.passRate)) })}</figcaption>
      {decided.length === 0 ? (
        <p className="muted">{t('dashboard.nothingDecided')}</p>
      ) : (
        <PieChart width={Math.min(320, width)} height={CHART_HEIGHT}>
          <Pie
            data={decided}
            dataKey="value"
            nameKey="name"
            innerRadius={55}
            outerRadius={95}
            isAnimationActive={false}
            label={({ value }: { value?: number }) => n(value ?? 0)}
          >
            {decided.map((d) => (
              <Cell key={d.status} fill={STATUS_COLOURS[d.status]} className={`slice-${d.status}`} />
            ))}
          </Pie>
          <Legend />
          <Tooltip />
        </PieChart>
      )}
    </figure>
  );
}

/** Why verifications failed or were invalid, most frequent first, in words (the code beside them). */
export function FailureReasonsFigure({ stats, width }: { stats: Stats; width: number }) {
  const { t, i18n } = useTranslation();
  const n = useNumbers();
  const reasons = stats.topFailureReasons.map((r) => ({ ...r, phrase: codePhrase(i18n, 'reasons', r.code) }));
  return (
    <figure className="card" data-chart="failure-reasons">
      <figcaption>{t('dashboard.failureReasons')}</figcaption>
      {reasons.length === 0 ? (
        <p className="muted">{t('dashboard.noFailures')}</p>
      ) : (
        <BarChart width={width} height={CHART_HEIGHT} data={reasons} layout="vertical" margin={{ left: width < 400 ? 0 : 40 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} tickFormatter={n} />
          <YAxis type="category" dataKey="phrase" width={Math.min(170, Math.round(width * 0.45))} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Bar dataKey="count" name={t('dashboard.verificationsSeries')} fill={STATUS_COLOURS.failed} isAnimationActive={false} />
        </BarChart>
      )}
      <ul className="legend-list">
        {reasons.map((r) => (
          <li key={r.code} data-reason={r.code} data-count={r.count}>
            <CodePhrase code={r.code} />: {n(r.count)}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** The line's user by name (billing by the submitting user), an account name as the provider knows it, or a short id. */
function accountOf(username: string | null | undefined, names: ReadonlyMap<string, string>): string {
  if (!username) return '—';
  return names.get(username) ?? (/^[0-9a-f]{8}-/i.test(username) ? `${username.slice(0, 8)}…` : username);
}

/** Billable calls per service and user, and the bill. */
export function BillingFigure({ report, names, width }: { report: Report; names: ReadonlyMap<string, string>; width: number }) {
  const { t } = useTranslation();
  const n = useNumbers();
  const provider = (p: string) => t(`providers.${p}`, { defaultValue: p });
  const lines = report.lines.map((l) => ({ ...l, account: accountOf(l.username, names) }));
  // Under ~200 px a bar: labels by user or account alone, slanted, so neighbours do not run into each other.
  const crowded = width / Math.max(1, lines.length) < 200;
  return (
    <figure className="card" data-chart="billing">
      <figcaption>{n(t('dashboard.billing', { calls: report.totalCallCount, bill: report.totalBill, currency: report.currency }))}</figcaption>
      <BarChart
        width={width}
        height={CHART_HEIGHT}
        margin={crowded ? { top: 5, right: 5, bottom: 5, left: 20 } : undefined}
        // The table below says which service each line is.
        data={lines.map((l) => ({
          ...l,
          label: crowded ? l.account.slice(0, 14) : `${provider(l.provider)}${l.username ? ` · ${l.account.slice(0, 16)}` : ''}`,
        }))}
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" interval={0} tick={{ fontSize: 11 }} {...(crowded ? { angle: -30, textAnchor: 'end', height: 64 } : {})} />
        <YAxis allowDecimals={false} tickFormatter={n} />
        <Tooltip />
        <Legend />
        <Bar dataKey="successCount" name={t('dashboard.success')} stackId="calls" fill={STATUS_COLOURS.passed} isAnimationActive={false} />
        <Bar dataKey="failedCount" name={t('dashboard.failed')} stackId="calls" fill={STATUS_COLOURS.failed} isAnimationActive={false} />
        <Bar dataKey="processingCount" name={t('dashboard.processing')} stackId="calls" fill={STATUS_COLOURS.pending} isAnimationActive={false} />
      </BarChart>
      <table className="stack" data-testid="billing-lines">
        <thead>
          <tr>
            <th>{t('dashboard.provider')}</th>
            <th>{t('dashboard.account')}</th>
            <th>{t('dashboard.calls')}</th>
            <th>{t('dashboard.unbilled')}</th>
            <th>{t('dashboard.unitPrice')}</th>
            <th>{t('dashboard.bill')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr
              key={`${l.provider}-${l.username ?? ''}`}
              data-provider={l.provider}
              data-calls={l.callCount}
              data-username={l.username ?? ''}
              data-account={l.account}
            >
              <td data-label={t('dashboard.provider')}>{provider(l.provider)}</td>
              <td data-label={t('dashboard.account')} title={l.username ?? undefined}>
                {l.account}
              </td>
              <td data-label={t('dashboard.calls')}>{n(l.callCount)}</td>
              <td data-label={t('dashboard.unbilled')}>{n(l.unbilledCount)}</td>
              <td data-label={t('dashboard.unitPrice')}>{n(l.unitPrice)}</td>
              <td data-label={t('dashboard.bill')}>{n(l.bill)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** Our NID calls against the vendor's bill, per NID account and period; each difference in words. */
export function ReconciliationFigure({ reconciliation }: { reconciliation: Reconciliation }) {
  const { t } = useTranslation();
  const n = useNumbers();
  const columns = {
    account: t('dashboard.nidAccount'),
    period: t('dashboard.period'),
    ours: t('dashboard.ourCalls'),
    theirs: t('dashboard.vendorCalls'),
    expected: t('dashboard.expectedBill'),
    billed: t('dashboard.vendorBill'),
    problems: t('dashboard.problems'),
  };
  return (
    <figure className="card" data-chart="reconciliation" data-matched={reconciliation.matched ? 'true' : 'false'}>
      <figcaption>{t('dashboard.reconciliation', { state: reconciliation.matched ? t('dashboard.matched') : t('dashboard.notMatched') })}</figcaption>
      {reconciliation.rows.length > 0 && (
        <table className="stack">
          <ColumnHeads columns={columns} />
          <tbody>
            {reconciliation.rows.map((r) => (
              <tr key={`${r.username}-${r.startDate}`} data-problems={r.problems.join(' ')}>
                <td data-label={columns.account}>{r.username}</td>
                <td data-label={columns.period}>{n(`${r.startDate}..${r.endDate}`)}</td>
                <td data-label={columns.ours}>{n(r.ourCallCount)}</td>
                <td data-label={columns.theirs}>{n(r.vendorCallCount)}</td>
                <td data-label={columns.expected}>{n(r.expectedVendorBill)}</td>
                <td data-label={columns.billed}>{n(r.vendorBill)}</td>
                <td data-label={columns.problems}>
                  {r.problems.length === 0
                    ? t('common.none')
                    : r.problems.map((p, i) => (
                        <span key={p}>
                          {i > 0 && ', '}
                          <CodePhrase code={p} catalogue="reconciliation" />
                        </span>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {reconciliation.uncoveredDays.length > 0 && (
        <p className="muted" data-testid="uncovered-days">
          {n(
            t('dashboard.uncovered', {
              days: reconciliation.uncoveredDays.map((d) => t('dashboard.uncoveredDay', { date: d.date, count: d.ourCallCount })).join(', '),
            }),
          )}
        </p>
      )}
    </figure>
  );
}
