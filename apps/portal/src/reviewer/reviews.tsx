import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api';
import {
  ApproveReviewCaseDocument,
  ClaimReviewCaseDocument,
  RejectReviewCaseDocument,
  ReleaseReviewCaseDocument,
  RequestReviewResubmissionDocument,
  type ResubmissionItem,
  ReviewCaseDetailDocument,
  ReviewEvidenceDocument,
  ReviewQueueDocument,
  type ReviewCaseDetailQuery,
  type ReviewEvidenceQuery,
  type ReviewQueueQuery,
} from '../graphql/generated';
import { localDateTime, localDigits } from '../i18n';
import { CodePhrase } from '../ui/code-phrase';
import { FacePairsTable } from '../ui/face-pairs';
import { Problems, problemsOf, type UserErrorView } from '../ui/problems';

/** The codes a rejection names (identity-document's REJECTION_CODES); their words are in the `reasons` catalogue. */
export const REJECTION_CODES = ['FACE_NOT_THE_HOLDER', 'DUPLICATE_IDENTITY', 'PHOTO_UNUSABLE', 'DOCUMENT_SUSPECTED', 'OTHER'] as const;

/** What a reviewer may ask the agent to send again. */
export const RESUBMISSION_ITEMS: readonly ResubmissionItem[] = ['SELFIE', 'DOCUMENT_FRONT', 'DOCUMENT_BACK'];

type QueueItem = ReviewQueueQuery['reviewCases']['edges'][number]['node'];

/** The review queue, oldest first; opening a case shows its evidence and actions. */
export function Reviews() {
  const { t, i18n } = useTranslation();
  const when = (iso: string) => localDateTime(iso, i18n.language);
  const call = useApi();
  const [items, setItems] = useState<QueueItem[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [problems, setProblems] = useState<UserErrorView[]>([]);

  const load = useCallback(async () => {
    try {
      setProblems([]);
      setItems((await call(ReviewQueueDocument, {})).reviewCases.edges.map((e) => e.node));
    } catch (err) {
      setProblems(problemsOf(err));
    }
  }, [call]);

  useEffect(() => {
    if (!open) void load();
  }, [load, open]);

  if (open) return <ReviewCasePage id={open} onClose={() => setOpen(null)} />;
  return (
    <section className="card" data-testid="review-queue">
      <div className="row">
        <h2>{t('reviews.queue')}</h2>
        <button type="button" className="secondary" onClick={() => void load()}>
          {t('reviews.refresh')}
        </button>
      </div>
      <Problems problems={problems} />
      {items && items.length === 0 && <p data-testid="queue-empty">{t('reviews.empty')}</p>}
      {items && items.length > 0 && (
        <ul className="queue">
          {items.map((c) => (
            <li key={c.id} data-case-id={c.id} data-application-id={c.applicationId} data-reason={c.reason} className={c.overdue ? 'overdue' : ''}>
              <button type="button" className="link" onClick={() => setOpen(c.id)}>
                <strong>
                  <CodePhrase code={c.reason} />
                </strong>
                <span className="muted"> · {t('reviews.application', { id: c.applicationId.slice(0, 8) })}</span>
              </button>
              <span className="muted">
                {c.overdue ? t('reviews.overdueSince', { when: when(c.dueAt) }) : t('reviews.due', { when: when(c.dueAt) })}
                {c.claimedBy && !c.claimedByMe && ` · ${t('reviews.takenByAnother')}`}
                {c.claimedByMe && ` · ${t('reviews.yours')}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type Detail = NonNullable<ReviewCaseDetailQuery['reviewCase']>;
type Evidence = NonNullable<ReviewEvidenceQuery['application']>;

/** One case: the photos side by side, the comparisons and the EC's answer; claim, then approve, reject or send back (keys C, A, R, S). */
function ReviewCasePage({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const when = (iso: string) => localDateTime(iso, i18n.language);
  const call = useApi();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [evidence, setEvidence] = useState<Evidence | null>(null);
  const [codes, setCodes] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [items, setItems] = useState<ResubmissionItem[]>([]);
  const [message, setMessage] = useState('');
  const [problems, setProblems] = useState<UserErrorView[]>([]);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const { reviewCase } = await call(ReviewCaseDetailDocument, { id });
    setDetail(reviewCase);
    if (reviewCase) setEvidence((await call(ReviewEvidenceDocument, { id: reviewCase.applicationId })).application);
  }, [call, id]);

  useEffect(() => {
    load().catch((err: unknown) => setProblems(problemsOf(err)));
  }, [load]);

  const act = useCallback(
    async (action: () => Promise<UserErrorView[]>) => {
      setBusy(true);
      setProblems([]);
      try {
        const errors = await action();
        setProblems(errors);
        await load();
      } catch (err) {
        setProblems(problemsOf(err));
      } finally {
        setBusy(false);
      }
    },
    [load],
  );
  const claim = useCallback(() => act(async () => (await call(ClaimReviewCaseDocument, { id })).claimReviewCase.errors), [act, call, id]);
  const release = () => act(async () => (await call(ReleaseReviewCaseDocument, { id })).releaseReviewCase.errors);
  const approve = useCallback(
    () => act(async () => (await call(ApproveReviewCaseDocument, { input: { id, note: note.trim() || null } })).approveReviewCase.errors),
    [act, call, id, note],
  );
  const reject = useCallback(
    () => act(async () => (await call(RejectReviewCaseDocument, { input: { id, codes, note: note.trim() || null } })).rejectReviewCase.errors),
    [act, call, id, codes, note],
  );
  const sendBack = useCallback(
    () =>
      act(
        async () =>
          (await call(RequestReviewResubmissionDocument, { input: { id, items, message: message.trim() || null, note: note.trim() || null } }))
            .requestReviewResubmission.errors,
      ),
    [act, call, id, items, message, note],
  );

  const isOpen = detail?.status === 'open';
  const mine = Boolean(detail?.claimedByMe);
  // Keyboard: C claims, A approves, R rejects (with the codes ticked), S sends back (with the items ticked), Escape goes
  // back to the queue; not while typing (or choosing). The listener is registered once and reads this render's state
  // through a ref: a key pressed right after a box is ticked acts on the ticked box, not on the render before it.
  const onKey = useRef<(e: KeyboardEvent) => void>(() => undefined);
  onKey.current = (e: KeyboardEvent) => {
    if (busy || (e.target instanceof HTMLElement && ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName))) return;
    const key = e.key.toLowerCase();
    if (key === 'escape') onClose();
    else if (key === 'c' && isOpen && !mine) void claim();
    else if (key === 'a' && isOpen && mine) void approve();
    else if (key === 'r' && isOpen && mine && codes.length > 0) void reject();
    else if (key === 's' && isOpen && mine && items.length > 0) void sendBack();
  };
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey.current(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const photo = (label: string, data: string | null | undefined, testId: string) => (
    <figure className="evidence-photo" data-testid={testId}>
      {data ? <img src={`data:image/jpeg;base64,${data}`} alt={label} /> : <div className="missing">{t('images.none')}</div>}
      <figcaption>{label}</figcaption>
    </figure>
  );

  return (
    <section className="card" data-testid="review-case" data-case-status={detail?.status ?? 'loading'}>
      <div className="row">
        <button type="button" className="secondary" onClick={onClose}>
          {t('reviews.back')}
        </button>
        <h2>{detail ? <CodePhrase code={detail.reason} /> : t('reviews.caseTitle')}</h2>
      </div>
      <Problems problems={problems} />
      {detail && (
        <>
          <p className="muted" data-testid="case-reason">
            <CodePhrase code={detail.reasonDetail} /> · {t('reviews.applicationCode')} <code>{detail.applicationId}</code> ·{' '}
            {detail.overdue ? t('reviews.overdueSince', { when: when(detail.dueAt) }) : t('reviews.due', { when: when(detail.dueAt) })}
          </p>
          <div className="evidence">
            {photo(t('images.selfie'), detail.images.selfie, 'evidence-selfie')}
            {photo(t('images.cardPhoto'), detail.images.cardPhoto, 'evidence-card-photo')}
            {detail.duplicateImages && photo(t('reviews.duplicateSelfie'), detail.duplicateImages.selfie, 'evidence-duplicate-selfie')}
            {photo(t('images.front'), detail.images.front, 'evidence-front')}
          </div>
          {detail.duplicateOf && (
            <p data-testid="duplicate-of">
              {t('reviews.duplicateOf')} <code>{detail.duplicateOf.id}</code> (
              {t(`status.${detail.duplicateOf.status}`, { defaultValue: detail.duplicateOf.status })}
              {detail.duplicateOf.decidedAt && `, ${when(detail.duplicateOf.decidedAt)}`}).
            </p>
          )}
          {evidence?.faceMatch && <FacePairsTable testId="evidence-faces" caption={t('reviews.faceComparisons')} pairs={evidence.faceMatch.pairs} />}
          {evidence?.nidVerification && (
            <p data-testid="evidence-nid">
              {localDigits(
                t('reviews.ecFields', {
                  status: t(`status.${evidence.nidVerification.status}`, { defaultValue: evidence.nidVerification.status }),
                  matched: evidence.nidVerification.fields.filter((f) => f.matched).length,
                  total: evidence.nidVerification.fields.length,
                }),
                i18n.language,
              )}
              {evidence.nidVerification.fields.some((f) => !f.matched) &&
                t('reviews.ecNot', {
                  fields: evidence.nidVerification.fields
                    .filter((f) => !f.matched)
                    .map((f) => f.field)
                    .join(', '),
                })}
              {evidence.liveness &&
                t('reviews.livenessStatus', { status: t(`status.${evidence.liveness.status}`, { defaultValue: evidence.liveness.status }) })}
            </p>
          )}
          {!isOpen && (
            <p
              className={`outcome ${detail.status}`}
              data-testid="case-outcome"
              data-codes={detail.rejectionCodes.join(' ')}
              data-items={detail.resubmissionItems.join(' ')}
            >
              {t(`reviews.outcomes.${detail.status}`, { defaultValue: detail.status })}
              {detail.rejectionCodes.length > 0 && ': '}
              {detail.rejectionCodes.map((code, i) => (
                <span key={code}>
                  {i > 0 && ', '}
                  <CodePhrase code={code} />
                </span>
              ))}
              {detail.resubmissionItems.length > 0 && `: ${detail.resubmissionItems.map((item) => t(`reviews.items.${item}`)).join(', ')}`}
            </p>
          )}
          {isOpen && detail.approvals > 0 && (
            <p className="muted" data-testid="four-eyes">
              {detail.approvedByMe ? t('reviews.approvedByMe') : t('reviews.approvedByOther')}
            </p>
          )}
          {isOpen && !mine && (
            <div className="row">
              <button type="button" onClick={() => void claim()} disabled={busy} data-testid="claim">
                {t('reviews.claim')}
              </button>
              {detail.claimedBy && <span className="muted">{t('reviews.heldUntil', { when: detail.leaseUntil ? when(detail.leaseUntil) : '' })}</span>}
            </div>
          )}
          {isOpen && mine && (
            <div className="decide">
              <label>
                {t('reviews.note')}
                <textarea name="note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} rows={2} />
              </label>
              <fieldset>
                <legend>{t('reviews.rejectReasons')}</legend>
                {REJECTION_CODES.map((code) => (
                  <label key={code} className="inline">
                    <input
                      type="checkbox"
                      name="code"
                      value={code}
                      checked={codes.includes(code)}
                      onChange={(e) => setCodes((c) => (e.target.checked ? [...c, code] : c.filter((x) => x !== code)))}
                    />
                    {t(`reasons.${code}`)}
                  </label>
                ))}
              </fieldset>
              <div className="row">
                <button type="button" onClick={() => void approve()} disabled={busy} data-testid="approve">
                  {t('reviews.approve')}
                </button>
                <button type="button" className="danger" onClick={() => void reject()} disabled={busy || codes.length === 0} data-testid="reject">
                  {t('reviews.reject')}
                </button>
                <button type="button" className="secondary" onClick={() => void release()} disabled={busy}>
                  {t('reviews.release')}
                </button>
              </div>
              <fieldset data-testid="send-back">
                <legend>{t('reviews.sendBackLegend')}</legend>
                {RESUBMISSION_ITEMS.map((item) => (
                  <label key={item} className="inline">
                    <input
                      type="checkbox"
                      name="item"
                      value={item}
                      checked={items.includes(item)}
                      onChange={(e) => setItems((i) => (e.target.checked ? [...i, item] : i.filter((x) => x !== item)))}
                    />
                    {t(`reviews.items.${item}`)}
                  </label>
                ))}
                <label>
                  {t('reviews.message')}
                  <textarea name="message" value={message} onChange={(e) => setMessage(e.target.value)} maxLength={500} rows={2} />
                </label>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => void sendBack()}
                  disabled={busy || items.length === 0}
                  data-testid="send-back-button"
                >
                  {t('reviews.sendBack')}
                </button>
              </fieldset>
            </div>
          )}
        </>
      )}
    </section>
  );
}
