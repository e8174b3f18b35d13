import { useCallback, useEffect, useRef, useState } from 'react';
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
import { FacePairsTable } from '../ui/face-pairs';
import { Problems, problemsOf, type UserErrorView } from '../ui/problems';

/** The codes a rejection names (identity-document's REJECTION_CODES), with what the reviewer saw. */
export const REJECTION_REASONS: ReadonlyArray<readonly [code: string, label: string]> = [
  ['FACE_NOT_THE_HOLDER', 'The selfie is not the card holder'],
  ['DUPLICATE_IDENTITY', 'The same person under another NID'],
  ['PHOTO_UNUSABLE', 'A photo cannot be judged'],
  ['DOCUMENT_SUSPECTED', 'The document looks altered'],
  ['OTHER', 'Other'],
];

/** What a reviewer may ask the agent to send again. */
export const RESUBMISSION_ITEMS: ReadonlyArray<readonly [item: ResubmissionItem, label: string]> = [
  ['SELFIE', 'A new selfie'],
  ['DOCUMENT_FRONT', 'The card front'],
  ['DOCUMENT_BACK', 'The card back'],
];

const REASONS: Record<string, string> = {
  FACE_REVIEW: 'Faces the engine could not settle',
  DUPLICATE_FACE: 'Same face as a passed applicant',
  LIVENESS_INCONCLUSIVE: 'Liveness could not be judged',
  STEP_OVERDUE: 'A required check is overdue',
};

type QueueItem = ReviewQueueQuery['reviewCases']['edges'][number]['node'];
const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** The review queue, oldest first; opening a case shows its evidence and actions. */
export function Reviews() {
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
        <h2>Review queue</h2>
        <button type="button" className="secondary" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <Problems problems={problems} />
      {items && items.length === 0 && <p data-testid="queue-empty">No case waits for a person.</p>}
      {items && items.length > 0 && (
        <ul className="queue">
          {items.map((c) => (
            <li key={c.id} data-case-id={c.id} data-application-id={c.applicationId} data-reason={c.reason} className={c.overdue ? 'overdue' : ''}>
              <button type="button" className="link" onClick={() => setOpen(c.id)}>
                <strong>{REASONS[c.reason] ?? c.reason}</strong>
                <span className="muted"> · application {c.applicationId.slice(0, 8)}</span>
              </button>
              <span className="muted">
                {c.overdue ? 'overdue since ' : 'due '}
                {when(c.dueAt)}
                {c.claimedBy && !c.claimedByMe && ' · taken by another reviewer'}
                {c.claimedByMe && ' · yours'}
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
  const approve = useCallback(() => act(async () => (await call(ApproveReviewCaseDocument, { input: { id, note: note.trim() || null } })).approveReviewCase.errors), [act, call, id, note]);
  const reject = useCallback(
    () => act(async () => (await call(RejectReviewCaseDocument, { input: { id, codes, note: note.trim() || null } })).rejectReviewCase.errors),
    [act, call, id, codes, note],
  );
  const sendBack = useCallback(
    () =>
      act(async () => (await call(RequestReviewResubmissionDocument, { input: { id, items, message: message.trim() || null, note: note.trim() || null } })).requestReviewResubmission.errors),
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
      {data ? <img src={`data:image/jpeg;base64,${data}`} alt={label} /> : <div className="missing">none</div>}
      <figcaption>{label}</figcaption>
    </figure>
  );

  return (
    <section className="card" data-testid="review-case" data-case-status={detail?.status ?? 'loading'}>
      <div className="row">
        <button type="button" className="secondary" onClick={onClose}>
          ← Queue
        </button>
        <h2>{detail ? (REASONS[detail.reason] ?? detail.reason) : 'Review case'}</h2>
      </div>
      <Problems problems={problems} />
      {detail && (
        <>
          <p className="muted" data-testid="case-reason">
            {detail.reasonDetail} · application <code>{detail.applicationId}</code> · {detail.overdue ? 'overdue since' : 'due'} {when(detail.dueAt)}
          </p>
          <div className="evidence">
            {photo('Selfie', detail.images.selfie, 'evidence-selfie')}
            {photo('Card portrait', detail.images.cardPhoto, 'evidence-card-photo')}
            {detail.duplicateImages && photo('Selfie of the passed applicant with the same face', detail.duplicateImages.selfie, 'evidence-duplicate-selfie')}
            {photo('Card front', detail.images.front, 'evidence-front')}
          </div>
          {detail.duplicateOf && (
            <p data-testid="duplicate-of">
              Same face as application <code>{detail.duplicateOf.id}</code> ({detail.duplicateOf.status}
              {detail.duplicateOf.decidedAt && `, ${when(detail.duplicateOf.decidedAt)}`}).
            </p>
          )}
          {evidence?.faceMatch && (
            <FacePairsTable testId="evidence-faces" caption="Face comparisons" pairs={evidence.faceMatch.pairs} />
          )}
          {evidence?.nidVerification && (
            <p data-testid="evidence-nid">
              EC: {evidence.nidVerification.status}; {evidence.nidVerification.fields.filter((f) => f.matched).length} of {evidence.nidVerification.fields.length} fields matched
              {evidence.nidVerification.fields.some((f) => !f.matched) && ` (not: ${evidence.nidVerification.fields.filter((f) => !f.matched).map((f) => f.field).join(', ')})`}
              {evidence.liveness && ` · liveness ${evidence.liveness.status}`}
            </p>
          )}
          {!isOpen && (
            <p className={`outcome ${detail.status}`} data-testid="case-outcome">
              {detail.status}
              {detail.rejectionCodes.length > 0 && `: ${detail.rejectionCodes.join(', ')}`}
              {detail.resubmissionItems.length > 0 && `: ${detail.resubmissionItems.join(', ')}`}
            </p>
          )}
          {isOpen && detail.approvals > 0 && (
            <p className="muted" data-testid="four-eyes">
              {detail.approvedByMe ? 'You approved this duplicate; a second reviewer must approve it too.' : 'One reviewer approved this duplicate; a second approval decides it.'}
            </p>
          )}
          {isOpen && !mine && (
            <div className="row">
              <button type="button" onClick={() => void claim()} disabled={busy} data-testid="claim">
                Take this case (C)
              </button>
              {detail.claimedBy && <span className="muted">another reviewer holds it until {detail.leaseUntil && when(detail.leaseUntil)}</span>}
            </div>
          )}
          {isOpen && mine && (
            <div className="decide">
              <label>
                Note (optional, stored encrypted)
                <textarea name="note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} rows={2} />
              </label>
              <fieldset>
                <legend>Reasons to reject</legend>
                {REJECTION_REASONS.map(([code, label]) => (
                  <label key={code} className="inline">
                    <input
                      type="checkbox"
                      name="code"
                      value={code}
                      checked={codes.includes(code)}
                      onChange={(e) => setCodes((c) => (e.target.checked ? [...c, code] : c.filter((x) => x !== code)))}
                    />
                    {label}
                  </label>
                ))}
              </fieldset>
              <div className="row">
                <button type="button" onClick={() => void approve()} disabled={busy} data-testid="approve">
                  Approve (A)
                </button>
                <button type="button" className="danger" onClick={() => void reject()} disabled={busy || codes.length === 0} data-testid="reject">
                  Reject (R)
                </button>
                <button type="button" className="secondary" onClick={() => void release()} disabled={busy}>
                  Give back
                </button>
              </div>
              <fieldset data-testid="send-back">
                <legend>Or ask the agent to send again</legend>
                {RESUBMISSION_ITEMS.map(([item, label]) => (
                  <label key={item} className="inline">
                    <input
                      type="checkbox"
                      name="item"
                      value={item}
                      checked={items.includes(item)}
                      onChange={(e) => setItems((i) => (e.target.checked ? [...i, item] : i.filter((x) => x !== item)))}
                    />
                    {label}
                  </label>
                ))}
                <label>
                  Message to the agent (shown to them)
                  <textarea name="message" value={message} onChange={(e) => setMessage(e.target.value)} maxLength={500} rows={2} />
                </label>
                <button type="button" className="secondary" onClick={() => void sendBack()} disabled={busy || items.length === 0} data-testid="send-back-button">
                  Send back (S)
                </button>
              </fieldset>
            </div>
          )}
        </>
      )}
    </section>
  );
}
