import { useCallback, useEffect, useLayoutEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api';
import { DashboardDocument, type DashboardQuery } from '../graphql/generated';
import { localDigits, localDuration } from '../i18n';
import { Problems, problemsOf, type UserErrorView } from '../ui/problems';
import { useUserNames } from '../ui/user-names';
import { BillingFigure, DecisionsFigure, FailureReasonsFigure, PerDayFigure, ReconciliationFigure, type Stats } from './dashboard-figures';
import { lastDays, percent, rangeProblem, type DateRange } from './date-range';

const CHART_WIDTH = 560;
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

/** The dashboard's answer for the range asked last: an older range's answer arriving late is dropped. */
function useDashboard(range: DateRange) {
  const call = useApi();
  const [shown, setShown] = useState<{ data: DashboardQuery | null; range: DateRange } | null>(null);
  const [problems, setProblems] = useState<UserErrorView[]>([]);
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);

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

  useEffect(() => {
    void load();
  }, [load]);
  return { shown, problems, setProblems, loading };
}

/** The analyst dashboard: verifications per day by status, pass rate, time to decision, failure reasons, billing and reconciliation. */
export function Dashboard({ onOpenApplication }: { onOpenApplication?: (id: string) => void }) {
  const [draft, setDraft] = useState<DateRange>(() => lastDays(7));
  const [range, setRange] = useState<DateRange>(draft);
  const { shown, problems, setProblems, loading } = useDashboard(range);
  const root = useRef<HTMLElement>(null);
  // A chart's card: its padding and border on each side.
  const chartWidth = useChartWidth(root, CHART_WIDTH + FIGURE_CHROME) - FIGURE_CHROME;
  const data = shown?.data ?? null;
  const stats = data?.verificationStats.stats;
  const report = data?.usageReport.report;
  const reconciliation = data?.nidReconciliation.reconciliation;
  const names = useUserNames(report?.lines.map((l) => l.username) ?? []);

  const apply = (chosen: DateRange) => {
    const problem = rangeProblem(chosen);
    if (problem) setProblems([{ code: 'INVALID_DATE_RANGE', field: 'startDate', message: problem }]);
    else setRange({ ...chosen });
  };

  return (
    <section
      ref={root}
      data-testid="dashboard"
      data-loading={loading ? 'true' : 'false'}
      data-range={shown ? `${shown.range.startDate}..${shown.range.endDate}` : ''}
      data-requested-range={`${range.startDate}..${range.endDate}`}
    >
      <RangeForm draft={draft} onDraft={setDraft} onApply={apply} />
      <Problems problems={problems} />
      {stats && (
        <>
          <StatsCards stats={stats} />
          <div className="charts">
            <PerDayFigure stats={stats} width={chartWidth} />
            <DecisionsFigure stats={stats} width={chartWidth} />
            <FailureReasonsFigure stats={stats} width={chartWidth} />
            {report && <BillingFigure report={report} names={names} width={chartWidth} />}
            {reconciliation && <ReconciliationFigure reconciliation={reconciliation} />}
          </div>
        </>
      )}
      <AuditLookup onOpen={(id) => onOpenApplication?.(id)} />
    </section>
  );
}

/** The date range: two days, or the last 7, 30 or 90. */
function RangeForm({ draft, onDraft, onApply }: { draft: DateRange; onDraft: (r: DateRange) => void; onApply: (r: DateRange) => void }) {
  const { t, i18n } = useTranslation();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  return (
    <form className="card row" onSubmit={submit} data-testid="date-range">
      <label className="inline">
        {t('dashboard.from')}
        <input type="date" name="startDate" value={draft.startDate} onChange={(e) => onDraft({ ...draft, startDate: e.target.value })} />
      </label>
      <label className="inline">
        {t('dashboard.to')}
        <input type="date" name="endDate" value={draft.endDate} onChange={(e) => onDraft({ ...draft, endDate: e.target.value })} />
      </label>
      <button type="submit">{t('dashboard.show')}</button>
      {([7, 30, 90] as const).map((days) => (
        <button
          key={days}
          type="button"
          className="secondary"
          data-days={days}
          onClick={() => {
            const r = lastDays(days);
            onDraft(r);
            onApply(r);
          }}
        >
          {localDigits(t('dashboard.lastDays', { count: days }), i18n.language)}
        </button>
      ))}
      <span className="muted">{t('dashboard.dhakaDays')}</span>
    </form>
  );
}

/** The headline numbers: verifications and their decisions, and the review queue's. */
function StatsCards({ stats }: { stats: Stats }) {
  const { t, i18n } = useTranslation();
  const n = (value: number | string) => localDigits(String(value), i18n.language);
  const { reviews } = stats;
  return (
    <>
      <div className="kpis">
        <Kpi name="total" label={t('dashboard.verifications')} value={n(stats.total)} />
        <Kpi
          name="pass-rate"
          label={t('dashboard.passRate')}
          value={n(percent(stats.passRate))}
          hint={n(t('dashboard.passedOfDecided', { passed: stats.passed, decided: stats.decided }))}
        />
        <Kpi name="time-to-decision" label={t('dashboard.medianDecision')} value={localDuration(i18n, stats.medianSecondsToDecision)} />
        <Kpi name="pending" label={t('dashboard.pending')} value={n(stats.pending)} />
      </div>
      <div className="kpis" data-testid="review-kpis">
        <Kpi name="review-queue" label={t('dashboard.reviewQueue')} value={n(reviews.open)} />
        <Kpi
          name="reviews-opened"
          label={t('dashboard.casesOpened')}
          value={n(reviews.opened)}
          hint={n(t('dashboard.escalated', { count: reviews.escalated }))}
        />
        <Kpi
          name="reviews-outcomes"
          label={t('dashboard.approvedRejected')}
          value={n(`${reviews.approved} / ${reviews.rejected}`)}
          hint={n(t('dashboard.sentBack', { count: reviews.resubmissionsRequested }))}
        />
        <Kpi name="time-to-review" label={t('dashboard.medianReview')} value={localDuration(i18n, reviews.medianSecondsToReview)} />
      </div>
    </>
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

/** Opens an application's audit trail by its id. */
function AuditLookup({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const [lookup, setLookup] = useState('');
  return (
    <form
      className="card row"
      data-testid="audit-lookup"
      onSubmit={(e) => {
        e.preventDefault();
        if (lookup.trim()) onOpen(lookup.trim());
      }}
    >
      <label className="inline">
        {t('dashboard.applicationId')}
        <input name="applicationId" value={lookup} onChange={(e) => setLookup(e.target.value)} size={40} />
      </label>
      <button type="submit">{t('dashboard.openTrail')}</button>
    </form>
  );
}
