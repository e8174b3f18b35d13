import type { DataSource, EntityManager } from 'typeorm';
import { DecryptionError, type PiiCipher } from '@ekyc/crypto';
import { tableIn } from '@ekyc/db';
import { applicantFieldsSchema, type KycEvent } from '@ekyc/event-schemas';
import type { Logger } from '@ekyc/logger';

const FINAL = ['passed', 'failed', 'invalid'];

interface SealedApplicant {
  nidEnc: string | null;
  nidIdx: string | null;
  nameEnEnc: string | null;
  mobileNumberEnc: string | null;
  mobileNumberIdx: string | null;
}

/**
 * Projects `application.submitted` and `verification.completed` onto one row per application. Each
 * write is an upsert whose outcome does not depend on delivery order or repetition: the earliest
 * submission and the earliest final decision win, so replaying the topics gives the same rows.
 */
export class VerificationLogProjector {
  constructor(private readonly deps: { ds: DataSource; cipher: PiiCipher; log: Pick<Logger, 'warn'> }) {}

  async onSubmitted(manager: EntityManager, event: KycEvent<'application.submitted'>): Promise<void> {
    const { data, tenantId } = event;
    const submittedAt = new Date(event.occurredAt);
    const pii = this.sealPii(event.id, tenantId, data.applicantSealed, data.mobileNumberSealed ?? null);
    await manager.query(
      `INSERT INTO ${tableIn(this.deps.ds, 'verification_log')} AS l
         (tenant_id, application_id, sort_at, submitted_at, agent_kind, agent_id, document_type, mobile_number_enc, mobile_number_idx,
          name_en_enc, nid_enc, nid_idx, status, submitted_event_id)
       VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12)
       ON CONFLICT (tenant_id, application_id) DO UPDATE SET
         sort_at = excluded.sort_at, submitted_at = excluded.submitted_at, agent_kind = excluded.agent_kind, agent_id = excluded.agent_id,
         document_type = excluded.document_type, mobile_number_enc = excluded.mobile_number_enc, mobile_number_idx = excluded.mobile_number_idx,
         name_en_enc = excluded.name_en_enc, nid_enc = excluded.nid_enc, nid_idx = excluded.nid_idx, submitted_event_id = excluded.submitted_event_id
       WHERE l.submitted_at IS NULL OR (excluded.submitted_at, excluded.submitted_event_id) < (l.submitted_at, l.submitted_event_id)`,
      [
        tenantId,
        data.applicationId,
        submittedAt,
        event.actor.kind,
        event.actor.id,
        data.documentType,
        pii.mobileNumberEnc,
        pii.mobileNumberIdx,
        pii.nameEnEnc,
        pii.nidEnc,
        pii.nidIdx,
        event.id,
      ],
    );
  }

  async onCompleted(manager: EntityManager, event: KycEvent<'verification.completed'>): Promise<void> {
    const { data, tenantId } = event;
    if (data.status === 'draft') return;
    const decidedAt = new Date(event.occurredAt);
    const final = FINAL.includes(data.status);
    // A refusal before submission is published comes from the acting user; decisions from the system name no agent.
    const agent = event.actor.kind === 'system' ? { kind: null, id: null } : event.actor;
    await manager.query(
      `INSERT INTO ${tableIn(this.deps.ds, 'verification_log')} AS l
         (tenant_id, application_id, sort_at, agent_kind, agent_id, status, decided_at, reason, decision_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $3, $7, $8)
       ON CONFLICT (tenant_id, application_id) DO UPDATE SET
         status = excluded.status, decided_at = excluded.decided_at, reason = excluded.reason, decision_event_id = excluded.decision_event_id,
         sort_at = CASE WHEN l.submitted_at IS NULL THEN excluded.sort_at ELSE l.sort_at END,
         agent_kind = COALESCE(l.agent_kind, excluded.agent_kind), agent_id = COALESCE(l.agent_id, excluded.agent_id)
       WHERE l.decision_event_id IS NULL
          OR ($9 AND l.status NOT IN ('passed', 'failed', 'invalid'))
          OR ($9 = (l.status IN ('passed', 'failed', 'invalid')) AND (excluded.decided_at, excluded.decision_event_id) < (l.decided_at, l.decision_event_id))`,
      [tenantId, data.applicationId, decidedAt, agent.kind, agent.id, data.status, data.reason, event.id, final],
    );
    // Refused when submitted: no application.submitted came, so the row takes the applicant from the refusal.
    if (data.refused) {
      const pii = this.sealPii(event.id, tenantId, data.refused.applicantSealed, data.refused.mobileNumberSealed);
      await manager.query(
        `UPDATE ${tableIn(this.deps.ds, 'verification_log')} SET document_type = COALESCE(document_type, $3),
           mobile_number_enc = COALESCE(mobile_number_enc, $4), mobile_number_idx = COALESCE(mobile_number_idx, $5),
           name_en_enc = COALESCE(name_en_enc, $6), nid_enc = COALESCE(nid_enc, $7), nid_idx = COALESCE(nid_idx, $8)
         WHERE tenant_id = $1 AND application_id = $2`,
        [tenantId, data.applicationId, data.refused.documentType, pii.mobileNumberEnc, pii.mobileNumberIdx, pii.nameEnEnc, pii.nidEnc, pii.nidIdx],
      );
    }
  }

  /** Only what the log shows is kept, each value sealed on its own; a ciphertext we cannot open leaves the fields empty. */
  private sealPii(eventId: string, tenantId: string, applicantSealed: string, mobileNumberSealed: string | null): SealedApplicant {
    const { cipher } = this.deps;
    const unreadable = (reason: string): SealedApplicant => {
      this.deps.log.warn({ eventId, reason }, 'sealed applicant unreadable; log entry kept without personal data');
      return { nidEnc: null, nidIdx: null, nameEnEnc: null, mobileNumberEnc: null, mobileNumberIdx: null };
    };
    let applicantJson: unknown;
    let mobile: string | null;
    try {
      applicantJson = JSON.parse(cipher.decrypt(applicantSealed, tenantId));
      mobile = mobileNumberSealed ? cipher.decrypt(mobileNumberSealed, tenantId) : null;
    } catch (err) {
      if (err instanceof DecryptionError || err instanceof SyntaxError) return unreadable(err.message);
      throw err;
    }
    const applicant = applicantFieldsSchema.pick({ nid: true, nameEn: true }).safeParse(applicantJson);
    if (!applicant.success) return unreadable('applicant does not match its schema');
    const { nid, nameEn } = applicant.data;
    return {
      nidEnc: cipher.encrypt(nid, tenantId),
      nidIdx: cipher.blindIndex(nid, tenantId),
      nameEnEnc: cipher.encrypt(nameEn, tenantId),
      mobileNumberEnc: mobile === null ? null : cipher.encrypt(mobile, tenantId),
      mobileNumberIdx: mobile === null ? null : cipher.blindIndex(mobile, tenantId),
    };
  }
}
