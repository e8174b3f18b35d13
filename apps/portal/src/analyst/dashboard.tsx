import { useCallback, useEffect, useLayoutEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Legend, Pie, PieChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useApi } from '../api';
import { DashboardDocument, type DashboardQuery } from '../graphql/generated';
import { Problems, problemsOf, type UserErrorView } from '../ui/problems';
import { duration, lastDays, percent, rangeProblem, type DateRange } from './date-range';

// Dark enough for their legend text to read on white (WCAG AA).
export const STATUS_COLOURS = { passed: '#2e7d32', failed: '#c62828', pending: '#9a5b00', invalid: '#6a1b9a' } as const;
const STATUSES = ['passed', 'failed', 'pending', 'invalid'] as const;
const CHART_WIDTH = 560;
const CHART_HEIGHT = 260;
const FIGURE_CHROME = 34;

/**
 * The width a chart may take in its container, up to `max`: measured before the first paint (so a chart is never
 * drawn at the wrong width) and again whenever the container is resized, e.g. a phone turned.
 */
function useChartWidth(ref: RefObject<HTMLElement | null>, max: number): number {
  const [width, setWidth] = useState(max);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(Math.max(240, Math.min(max, Math.floor(element.clientWidth))));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, max]);
  return width;
}

/** The analyst dashboard: verifications per day by status, pass rate, time to decision, failure reasons, billing and reconciliation. */
export function Dashboard({ onOpenApplication }: { onOpenApplication?: (id: string) => void }) {
  const call = useApi();
  const [draft, setDraft] = useState<DateRange>(() => lastDays(7));
  const [range, setRange] = useState<DateRange>(draft);
  const [shown, setShown] = useState<{ data: DashboardQuery | null; range: DateRange } | null>(null);
  const [problems, setProblems] = useState<UserErrorView[]>([]);
  const [loading, setLoading] = useState(false);
  const [lookup, setLookup] = useState('');
  // Only the answer to the latest request is shown: an older range's answer arriving late is dropped.
  const latest = useRef(0);
  const root = useRef<HTMLElement>(null);
  // A chart's card: its padding and border on each side.
  const chartWidth = useChartWidth(root, CHART_WIDTH + FIGURE_CHROME) - FIGURE_CHROME;

  const load = useCallback(async () => {
    const ticket = ++latest.current;
    setLoading(true);
    setProblems([]);
    try {
      const answer = await call(DashboardDocument, range);
      if (ticket !== latest.current) return;
      setShown({ data: answer, range });
      setProblems([...answer.verificationStats.errors, ...answer.usageReport.errors, ...answer.nidReconciliation.errors]);
    } catch (err) {
      if (ticket !== latest.current) return;
      setShown({ data: null, range });
      setProblems(problemsOf(err));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, [call, range]);
  const data = shown?.data ?? null;

  useEffect(() => {
    void load();
  }, [load]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const problem = rangeProblem(draft);
    if (problem) setProblems([{ code: 'INVALID_DATE_RANGE', field: 'startDate', message: problem }]);
    else setRange({ ...draft });
  };

  const stats = data?.verificationStats.stats;
  const report = data?.usageReport.report;
  const reconciliation = data?.nidReconciliation.reconciliation;
  const decided = stats ? STATUSES.filter((s) => s !== 'pending').map((s) => ({ name: s, value: stats[s] })).filter((d) => d.value > 0) : [];

  return (
    <section
      ref={root}
      data-testid="dashboard"
      data-loading={loading ? 'true' : 'false'}
      data-range={shown ? `${shown.range.startDate}..${shown.range.endDate}` : ''}
      data-requested-range={`${range.startDate}..${range.endDate}`}
    >
      <form className="card row" onSubmit={apply} data-testid="date-range">
        <label className="inline">
          From
          <input type="date" name="startDate" value={draft.startDate} onChange={(e) => setDraft({ ...draft, startDate: e.target.value })} />
        </label>
        <label className="inline">
          To
          <input type="date" name="endDate" value={draft.endDate} onChange={(e) => setDraft({ ...draft, endDate: e.target.value })} />
        </label>
        <button type="submit">Show</button>
        {([7, 30, 90] as const).map((days) => (
          <button
            key={days}
            type="button"
            className="secondary"
            onClick={() => {
              const r = lastDays(days);
              setDraft(r);
              setRange(r);
            }}
          >
            last {days} days
          </button>
        ))}
        <span className="muted">Asia/Dhaka days, inclusive</span>
      </form>
      <Problems problems={problems} />

      {stats && (
        <>
          <div className="kpis">
            <Kpi name="total" label="Verifications" value={String(stats.total)} />
            <Kpi name="pass-rate" label="Pass rate" value={percent(stats.passRate)} hint={`${stats.passed} of ${stats.decided} decided`} />
            <Kpi name="time-to-decision" label="Median time to decision" value={duration(stats.medianSecondsToDecision)} />
            <Kpi name="pending" label="Pending" value={String(stats.pending)} />
          </div>
          <div className="kpis" data-testid="review-kpis">
            <Kpi name="review-queue" label="Review queue now" value={String(stats.reviews.open)} />
            <Kpi name="reviews-opened" label="Cases opened" value={String(stats.reviews.opened)} hint={`${stats.reviews.escalated} escalated`} />
            <Kpi name="reviews-outcomes" label="Approved / rejected" value={`${stats.reviews.approved} / ${stats.reviews.rejected}`} hint={`${stats.reviews.resubmissionsRequested} sent back for resubmission`} />
            <Kpi name="time-to-review" label="Median time to review" value={duration(stats.reviews.medianSecondsToReview)} />
          </div>
          <div className="charts">
            <figure className="card" data-chart="per-day">
              <figcaption>Verifications per day by status</figcaption>
              <BarChart width={chartWidth} height={CHART_HEIGHT} data={stats.perDay}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="date" tickFormatter={(d: string) => d.slice(5)} />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                {STATUSES.map((s) => (
                  <Bar key={s} dataKey={s} name={s} stackId="status" fill={STATUS_COLOURS[s]} isAnimationActive={false} className={`bar-${s}`} />
                ))}
              </BarChart>
            </figure>
            <figure className="card" data-chart="pass-rate">
              <figcaption>Decisions ({percent(stats.passRate)} passed)</figcaption>
              {decided.length === 0 ? (
                <p className="muted">Nothing decided in this range.</p>
              ) : (
                <PieChart width={Math.min(320, chartWidth)} height={CHART_HEIGHT}>
                  <Pie data={decided} dataKey="value" nameKey="name" innerRadius={55} outerRadius={95} isAnimationActive={false} label>
                    {decided.map((d) => (
                      <Cell key={d.name} fill={STATUS_COLOURS[d.name]} className={`slice-${d.name}`} />
                    ))}
                  </Pie>
                  <Legend />
                  <Tooltip />
                </PieChart>
              )}
            </figure>
            <figure className="card" data-chart="failure-reasons">
              <figcaption>Failure reasons</figcaption>
              {stats.topFailureReasons.length === 0 ? (
                <p className="muted">No failed or invalid verifications in this range.</p>
              ) : (
                <BarChart width={chartWidth} height={CHART_HEIGHT} data={stats.topFailureReasons} layout="vertical" margin={{ left: chartWidth < 400 ? 0 : 40 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis type="number" allowDecimals={false} />
                  <YAxis type="category" dataKey="code" width={Math.min(170, Math.round(chartWidth * 0.45))} />
                  <Tooltip />
                  <Bar dataKey="count" name="verifications" fill={STATUS_COLOURS.failed} isAnimationActive={false} />
                </BarChart>
              )}
              <ul className="legend-list">
                {stats.topFailureReasons.map((r) => (
                  <li key={r.code} data-reason={r.code} data-count={r.count}>
                    <code>{r.code}</code>: {r.count}
                  </li>
                ))}
              </ul>
            </figure>
            {report && (
              <figure className="card" data-chart="billing">
                <figcaption>
                  Billing: {report.totalCallCount} billable calls, {report.totalBill} {report.currency}
                </figcaption>
                <BarChart width={chartWidth} height={CHART_HEIGHT} data={report.lines.map((l) => ({ ...l, label: `${l.provider}${l.username ? ` · ${l.username.slice(0, 12)}` : ''}` }))}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="label" interval={0} tick={{ fontSize: 11 }} />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey="successCount" name="success" stackId="calls" fill={STATUS_COLOURS.passed} isAnimationActive={false} />
                  <Bar dataKey="failedCount" name="failed" stackId="calls" fill={STATUS_COLOURS.failed} isAnimationActive={false} />
                  <Bar dataKey="processingCount" name="processing" stackId="calls" fill={STATUS_COLOURS.pending} isAnimationActive={false} />
                </BarChart>
                <table className="stack" data-testid="billing-lines">
                  <thead>
                    <tr>
                      <th>provider</th>
                      <th>username</th>
                      <th>calls</th>
                      <th>unbilled</th>
                      <th>unit price</th>
                      <th>bill</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.lines.map((l) => (
                      <tr key={`${l.provider}-${l.username ?? ''}`} data-provider={l.provider} data-calls={l.callCount}>
                        <td data-label="provider">{l.provider}</td>
                        <td data-label="username">{l.username ?? '—'}</td>
                        <td data-label="calls">{l.callCount}</td>
                        <td data-label="unbilled">{l.unbilledCount}</td>
                        <td data-label="unit price">{l.unitPrice}</td>
                        <td data-label="bill">{l.bill}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </figure>
            )}
            {reconciliation && (
              <figure className="card" data-chart="reconciliation" data-matched={reconciliation.matched ? 'true' : 'false'}>
                <figcaption>NID reconciliation with the vendor's bill: {reconciliation.matched ? 'matched' : 'not matched'}</figcaption>
                {reconciliation.rows.length > 0 && (
                  <table className="stack">
                    <thead>
                      <tr>
                        <th>username</th>
                        <th>period</th>
                        <th>our calls</th>
                        <th>vendor calls</th>
                        <th>expected bill</th>
                        <th>vendor bill</th>
                        <th>problems</th>
                      </tr>
                    </thead>
                    <tbody>
                      {reconciliation.rows.map((r) => (
                        <tr key={`${r.username}-${r.startDate}`}>
                          <td data-label="username">{r.username}</td>
                          <td data-label="period">
                            {r.startDate}..{r.endDate}
                          </td>
                          <td data-label="our calls">{r.ourCallCount}</td>
                          <td data-label="vendor calls">{r.vendorCallCount}</td>
                          <td data-label="expected bill">{r.expectedVendorBill}</td>
                          <td data-label="vendor bill">{r.vendorBill}</td>
                          <td data-label="problems">{r.problems.join(', ') || 'none'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
                {reconciliation.uncoveredDays.length > 0 && (
                  <p className="muted" data-testid="uncovered-days">
                    No vendor bill fetched yet for: {reconciliation.uncoveredDays.map((d) => `${d.date} (${d.ourCallCount} calls of ours)`).join(', ')}
                  </p>
                )}
              </figure>
            )}
          </div>
        </>
      )}
      <form
        className="card row"
        data-testid="audit-lookup"
        onSubmit={(e) => {
          e.preventDefault();
          if (lookup.trim()) onOpenApplication?.(lookup.trim());
        }}
      >
        <label className="inline">
          Application id
          <input name="applicationId" value={lookup} onChange={(e) => setLookup(e.target.value)} size={40} />
        </label>
        <button type="submit">Open its audit trail</button>
      </form>
    </section>
  );
}

function Kpi({ name, label, value, hint }: { name: string; label: string; value: string; hint?: string }) {
  return (
    <div className="card kpi" data-kpi={name}>
      <span className="label">{label}</span>
      <span className="value">{value}</span>
      {hint && <span className="muted">{hint}</span>}
    </div>
  );
}
