import type { DataSource, EntityManager } from 'typeorm';
import type { PiiCipher } from '@ekyc/crypto';
import { tableIn } from '@ekyc/db';
import { enqueueEvents, type OutboxRelay } from '@ekyc/event-bus';
import { applicantFieldsSchema, createEvent, type Actor, type KycEvent } from '@ekyc/event-schemas';
import type { CompareFaces, FaceEngine, MatchDecision, MatchThresholds } from '@ekyc/face-engine';
import { createLeasedTable, retryOrGiveUp, type LeasedTable, type RetryPolicy } from '@ekyc/leased-queue';
import type { Logger } from '@ekyc/logger';
import type { BlobFetchResult } from '@ekyc/subgraph-kit';
import { sealDescriptor } from '../known-face/descriptor-seal';
import type { KnownFaceService } from '../known-face/known-face.service';
import { compareImages, type ImageAnalysis } from './face-comparison';
import {
  FaceMatchRecord,
  type FaceImageValue,
  type FaceMatchStatusValue,
  type StoredKnownFace,
  type StoredPair,
  type StoredProblem,
} from './face-match.entity';

const SYSTEM: Actor = { kind: 'system', id: 'biometric' };

/**
 * Retries after a failed attempt (images unreachable, engine error): backoff with jitter, given up `giveUpAfterMs` after
 * queueing (the match fails visibly and a result without pairs is published); `leaseMs` is how long a worker owns a claim.
 */
export type FaceMatchRetryPolicy = RetryPolicy & { giveUpAfterMs: number; leaseMs: number };

/** An image that could not be fetched for now: the whole attempt is retried later. */
class ImagesUnavailable extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Finish =
  | {
      kind: 'completed';
      pairs: StoredPair[];
      problems: StoredProblem[];
      knownFace: StoredKnownFace | null;
      thresholds: MatchThresholds;
      selfieDescriptorEnc: Buffer | null;
    }
  | { kind: 'failed'; errorCode: string; reason: string }
  | { kind: 'retry'; errorCode: string; reason: string; delayMs: number };

export interface FaceMatchDeps {
  ds: DataSource;
  cipher: PiiCipher;
  engine: Pick<FaceEngine, 'analyse'>;
  compare: CompareFaces;
  decide: (similarity: number, thresholds: MatchThresholds) => MatchDecision;
  thresholds: (tenantId: string) => Promise<MatchThresholds>;
  gallery: KnownFaceService;
  /** Fetches a referenced image from the service that owns it. */
  images: (tenantId: string, ref: string) => Promise<BlobFetchResult>;
  relay: Pick<OutboxRelay, 'nudge'>;
  log: Logger;
  retry: FaceMatchRetryPolicy;
}

/**
 * Compares an application's faces once both halves are known, whichever event comes first: the submission
 * (selfie and card photo references, the sealed applicant) and the NID result (the EC photo reference).
 * The consumer only records facts and queues; the worker fetches, analyses and publishes outside any
 * consumer transaction, under a lease, so a slow analysis neither holds a transaction nor blocks the partition.
 */
export class FaceMatchService {
  /** A claimed match keeps its `queued` status: the live lease alone marks the claim. */
  private readonly queue: LeasedTable<FaceMatchRecord>;

  constructor(private readonly deps: FaceMatchDeps) {
    this.queue = createLeasedTable({
      ds: deps.ds,
      entity: FaceMatchRecord,
      table: tableIn(deps.ds, 'face_matches'),
      ready: ['queued'],
      leaseMs: deps.retry.leaseMs,
    });
  }

  private get table(): string {
    return tableIn(this.deps.ds, 'face_matches');
  }

  /** Every new application gets a record, so its state is visible before submission. */
  async track(manager: EntityManager, event: KycEvent<'application.created'>): Promise<void> {
    const now = new Date(event.occurredAt);
    await manager
      .createQueryBuilder()
      .insert()
      .into(FaceMatchRecord)
      .values({
        tenantId: event.tenantId,
        applicationId: event.data.applicationId,
        status: 'waiting_for_images',
        attempts: 0,
        verificationPassed: false,
        createdAt: now,
        updatedAt: now,
      })
      .orIgnore()
      .execute();
  }

  /** Records the submission's images; queues the match if the NID result is already in. Returns whether it queued. */
  async onSubmitted(manager: EntityManager, event: KycEvent<'application.submitted'>): Promise<boolean> {
    const { applicationId, selfieRef, cardPhotoRef, applicantSealed } = event.data;
    const rows = (await manager.query(
      `INSERT INTO ${this.table} AS f (tenant_id, application_id, status, submitted_at, selfie_ref, card_photo_ref, nid_idx, attempts, verification_passed, created_at, updated_at)
       VALUES ($1, $2, 'waiting_for_images', $3, $4, $5, $6, 0, false, now(), now())
       ON CONFLICT (tenant_id, application_id) DO UPDATE
         SET submitted_at = EXCLUDED.submitted_at, selfie_ref = EXCLUDED.selfie_ref, card_photo_ref = EXCLUDED.card_photo_ref, nid_idx = EXCLUDED.nid_idx,
             status = CASE WHEN f.nid_outcome IS NULL THEN f.status ELSE 'queued' END,
             queued_at = CASE WHEN f.nid_outcome IS NULL THEN NULL ELSE now() END,
             next_attempt_at = CASE WHEN f.nid_outcome IS NULL THEN NULL ELSE now() END,
             updated_at = now()
       WHERE f.status = 'waiting_for_images' AND f.submitted_at IS NULL
       RETURNING status`,
      [event.tenantId, applicationId, new Date(event.occurredAt), selfieRef ?? null, cardPhotoRef ?? null, this.nidIndex(event.tenantId, applicantSealed)],
    )) as Array<{ status: FaceMatchStatusValue }>;
    return rows[0]?.status === 'queued';
  }

  /** Records the NID outcome and EC photo; queues the match if the submission is already in. Returns whether it queued. */
  async onNidResult(manager: EntityManager, event: KycEvent<'nid.verification.completed'>): Promise<boolean> {
    const { applicationId, outcome, ecPhotoRef } = event.data;
    const rows = (await manager.query(
      `INSERT INTO ${this.table} AS f (tenant_id, application_id, status, nid_outcome, ec_photo_ref, attempts, verification_passed, created_at, updated_at)
       VALUES ($1, $2, 'waiting_for_images', $3, $4, 0, false, now(), now())
       ON CONFLICT (tenant_id, application_id) DO UPDATE
         SET nid_outcome = EXCLUDED.nid_outcome, ec_photo_ref = EXCLUDED.ec_photo_ref,
             status = CASE WHEN f.submitted_at IS NULL THEN f.status ELSE 'queued' END,
             queued_at = CASE WHEN f.submitted_at IS NULL THEN NULL ELSE now() END,
             next_attempt_at = CASE WHEN f.submitted_at IS NULL THEN NULL ELSE now() END,
             updated_at = now()
       WHERE f.status = 'waiting_for_images' AND f.nid_outcome IS NULL
       RETURNING status`,
      [event.tenantId, applicationId, outcome, ecPhotoRef],
    )) as Array<{ status: FaceMatchStatusValue }>;
    return rows[0]?.status === 'queued';
  }

  /**
   * A reviewer asked for a new selfie and the agent sent it: the match runs again from the start with it (at once when
   * the NID result is in), and the old selfie's result and lease are dropped. A redelivery (same selfie) changes nothing.
   */
  async onResubmitted(manager: EntityManager, event: KycEvent<'application.resubmitted'>): Promise<boolean> {
    const { applicationId, selfieRef } = event.data;
    if (!selfieRef) return false;
    const [rows] = (await manager.query(
      `UPDATE ${this.table} f
          SET selfie_ref = $3, attempts = 0, lease_until = NULL, lease_token = NULL, last_error_code = NULL,
              pairs = NULL, problems = NULL, known_face = NULL, selfie_descriptor_enc = NULL, completed_at = NULL,
              status = CASE WHEN f.nid_outcome IS NULL OR f.submitted_at IS NULL THEN 'waiting_for_images' ELSE 'queued' END,
              queued_at = CASE WHEN f.nid_outcome IS NULL OR f.submitted_at IS NULL THEN NULL ELSE now() END,
              next_attempt_at = CASE WHEN f.nid_outcome IS NULL OR f.submitted_at IS NULL THEN NULL ELSE now() END,
              updated_at = now()
        WHERE f.tenant_id = $1 AND f.application_id = $2 AND f.selfie_ref IS DISTINCT FROM $3 AND NOT f.verification_passed
        RETURNING status`,
      [event.tenantId, applicationId, selfieRef],
    )) as [Array<{ status: FaceMatchStatusValue }>, number];
    return rows[0]?.status === 'queued';
  }

  /** A passed application's selfie joins the tenant's known faces; if matching is still running, the worker adds it when done. */
  async onVerificationCompleted(manager: EntityManager, event: KycEvent<'verification.completed'>): Promise<void> {
    if (event.data.status !== 'passed') return;
    const [rows] = (await manager.query(
      `UPDATE ${this.table} SET verification_passed = true, updated_at = now()
        WHERE tenant_id = $1 AND application_id = $2
        RETURNING nid_idx, selfie_descriptor_enc`,
      [event.tenantId, event.data.applicationId],
    )) as [Array<{ nid_idx: string | null; selfie_descriptor_enc: Buffer | null }>, number];
    const row = rows[0];
    if (row?.selfie_descriptor_enc) {
      await this.deps.gallery.add(manager, {
        tenantId: event.tenantId,
        applicationId: event.data.applicationId,
        nidIdx: row.nid_idx,
        descriptorEnc: row.selfie_descriptor_enc,
      });
    }
  }

  forApplication(tenantId: string, applicationId: string): Promise<FaceMatchRecord | null> {
    return this.deps.ds.manager.findOneBy(FaceMatchRecord, { tenantId, applicationId });
  }

  /** Claims due matches, including those whose lease lapsed after a crash, skipping rows other workers hold. */
  claimDue(limit: number): Promise<FaceMatchRecord[]> {
    return this.queue.claimDue(limit);
  }

  /** One attempt at one claimed match: fetch and analyse the images, compare, look for a known face, publish. */
  async process(record: FaceMatchRecord): Promise<FaceMatchStatusValue> {
    let finish: Finish;
    try {
      finish = await this.match(record);
    } catch (err) {
      const code = err instanceof ImagesUnavailable ? err.code : 'FACE_ANALYSIS_FAILED';
      const reason = (err as Error).message;
      const next = retryOrGiveUp(this.deps.retry, { attempt: record.attempts + 1, since: record.queuedAt ?? record.createdAt });
      finish = next.kind === 'give_up' ? { kind: 'failed', errorCode: code, reason } : { kind: 'retry', errorCode: code, reason, delayMs: next.delayMs };
      this.deps.log.warn({ applicationId: record.applicationId, code, reason, next: finish.kind }, 'face match attempt failed');
    }
    return this.save(record, finish);
  }

  private async match(record: FaceMatchRecord): Promise<Finish> {
    const { tenantId } = record;
    const thresholds = await this.deps.thresholds(tenantId);
    // The EC photo is the reference only when the EC confirmed the person; otherwise selfie against card is all there is.
    const refs: Record<FaceImageValue, string | null> = {
      selfie: record.selfieRef,
      card: record.cardPhotoRef,
      ec: record.nidOutcome === 'verified' ? record.ecPhotoRef : null,
    };
    // A lone document photo has nothing to be compared with; a lone selfie still meets the known faces.
    if (!refs.selfie && (!refs.card || !refs.ec)) refs.card = refs.ec = null;
    const images = {} as Record<FaceImageValue, ImageAnalysis>;
    for (const image of ['selfie', 'card', 'ec'] as const) images[image] = await this.analyse(tenantId, refs[image]);
    const { pairs, problems } = compareImages(images, { compare: this.deps.compare, decide: this.deps.decide, thresholds });
    const selfie = images.selfie.kind === 'face' ? images.selfie.descriptor : null;
    const knownFace = selfie
      ? await this.deps.gallery.findDuplicate(this.deps.ds.manager, {
          tenantId,
          applicationId: record.applicationId,
          nidIdx: record.nidIdx,
          descriptor: selfie,
          accept: thresholds.accept,
        })
      : null;
    return {
      kind: 'completed',
      pairs,
      problems,
      knownFace,
      thresholds,
      selfieDescriptorEnc: selfie ? sealDescriptor(this.deps.cipher, tenantId, selfie) : null,
    };
  }

  private async analyse(tenantId: string, ref: string | null): Promise<ImageAnalysis> {
    if (!ref) return { kind: 'absent' };
    const fetched = await this.deps.images(tenantId, ref);
    if (!fetched.ok) {
      // Gone or unusable for good: a problem of this image. Unreachable for now: retry the whole match later.
      if (fetched.code === 'BLOB_NOT_FOUND' || fetched.code === 'BLOB_TOO_LARGE' || fetched.code === 'BLOB_UNREADABLE')
        return { kind: 'problem', code: 'IMAGE_UNAVAILABLE', message: fetched.message };
      throw new ImagesUnavailable(fetched.code, fetched.message);
    }
    const result = await this.deps.engine.analyse(fetched.blob.bytes);
    return result.ok ? { kind: 'face', descriptor: result.face.descriptor } : { kind: 'problem', code: result.code, message: result.message };
  }

  private async save(record: FaceMatchRecord, finish: Finish): Promise<FaceMatchStatusValue> {
    const { ds } = this.deps;
    const now = new Date();
    const common = { attempts: record.attempts + 1, lastAttemptAt: now };
    let update: Partial<FaceMatchRecord>;
    if (finish.kind === 'retry') {
      update = { ...common, lastErrorCode: finish.errorCode, nextAttemptAt: new Date(now.getTime() + finish.delayMs) };
    } else if (finish.kind === 'failed') {
      update = {
        ...common,
        status: 'failed',
        lastErrorCode: finish.errorCode,
        nextAttemptAt: null,
        completedAt: now,
        pairs: [],
        problems: [],
        knownFace: null,
      };
    } else {
      update = {
        ...common,
        status: 'completed',
        lastErrorCode: null,
        nextAttemptAt: null,
        completedAt: now,
        thresholds: finish.thresholds,
        pairs: finish.pairs,
        problems: finish.problems,
        knownFace: finish.knownFace,
        selfieDescriptorEnc: finish.selfieDescriptorEnc,
      };
    }
    const saved = await ds.transaction(async (m) => {
      // Only the lease holder may write: a worker that lost its lease after a stall must not overwrite a newer result.
      // The row lock this write takes also orders it with a concurrent verification.completed, so one of the two adds the known face.
      if (!(await this.queue.settle(m, record, update))) return false;
      const current = await m.findOneByOrFail(FaceMatchRecord, { id: record.id });
      if (finish.kind === 'retry') return true;
      const pairs = finish.kind === 'completed' ? finish.pairs : [];
      const knownFace = finish.kind === 'completed' ? finish.knownFace : null;
      await enqueueEvents(m, ds, [
        createEvent(
          'biometric.match.completed',
          { tenantId: record.tenantId, correlationId: record.applicationId, actor: SYSTEM },
          {
            applicationId: record.applicationId,
            matches: pairs.map((p) => ({ pair: p.pair, similarity: p.similarity ?? 0, decision: p.decision })),
            knownFace,
            selfieRef: current.selfieRef,
          },
        ),
      ]);
      if (finish.kind === 'completed' && finish.selfieDescriptorEnc && current.verificationPassed) {
        await this.deps.gallery.add(m, {
          tenantId: record.tenantId,
          applicationId: record.applicationId,
          nidIdx: current.nidIdx,
          descriptorEnc: finish.selfieDescriptorEnc,
        });
      }
      return true;
    });
    if (!saved) this.deps.log.warn({ applicationId: record.applicationId }, 'face match lease lost; result of this attempt discarded');
    this.deps.relay.nudge();
    return saved ? (update.status ?? record.status) : record.status;
  }

  /** Keyed hash of the applicant's NID, from the applicant identity-document sealed; the NID itself is not kept. */
  private nidIndex(tenantId: string, sealed: string): string | null {
    try {
      const applicant = applicantFieldsSchema.safeParse(JSON.parse(this.deps.cipher.decrypt(sealed, tenantId)));
      if (applicant.success) return this.deps.cipher.blindIndex(applicant.data.nid, tenantId);
    } catch {
      /* logged below */
    }
    this.deps.log.warn({ tenantId }, 'the submitted applicant could not be opened: known-face checks cannot tell this NID from others');
    return null;
  }
}
