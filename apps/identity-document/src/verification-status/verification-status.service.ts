import type { DataSource } from 'typeorm';
import type { PiiCipher } from '@ekyc/crypto';
import type { ApplicantFields } from '@ekyc/event-schemas';
import { scoreField, type MatchField } from '@ekyc/field-matching';
import type { FieldProblem } from '@ekyc/subgraph-kit';
import { ApplicationRecord } from '../application/application.entity';
import type { ApplicationService } from '../application/application.service';
import { normalizeBdMobileNumber } from '../application/mobile-number';
import { ApplicationStatus } from '../application/application.type';
import type { SubmissionService } from '../submission/submission.service';
import type { VerificationDetail, VerificationStatus, VerifiedField } from './verification-status.type';

/** Applicant field → the name the document reader gives it and the name the EC answers for. */
const FIELDS: { key: keyof VerificationDetail; applicant: keyof ApplicantFields; match: MatchField; read: string; ec: string | null }[] = [
  { key: 'nidNumber', applicant: 'nid', match: 'nid', read: 'nidNumber', ec: null },
  { key: 'dateOfBirth', applicant: 'dateOfBirth', match: 'dateOfBirth', read: 'dateOfBirth', ec: 'dateOfBirth' },
  { key: 'applicantNameEng', applicant: 'nameEn', match: 'nameEn', read: 'nameEn', ec: 'nameEn' },
  { key: 'applicantNameBen', applicant: 'name', match: 'name', read: 'nameBn', ec: 'name' },
  { key: 'fatherName', applicant: 'father', match: 'father', read: 'fatherName', ec: 'father' },
  { key: 'motherName', applicant: 'mother', match: 'mother', read: 'motherName', ec: 'mother' },
  { key: 'presAddress', applicant: 'presentAddress', match: 'presentAddress', read: 'address', ec: 'presentAddress' },
  { key: 'permAddress', applicant: 'permanentAddress', match: 'permanentAddress', read: 'address', ec: 'permanentAddress' },
];

const addressText = (a: ApplicantFields['presentAddress']) => (a ? [a.line, a.upozila, a.district, a.division].filter(Boolean).join(', ') : null);

export class VerificationStatusService {
  constructor(private readonly deps: { ds: DataSource; cipher: PiiCipher; applications: ApplicationService; submissions: SubmissionService }) {}

  /** The newest submitted application of this mobile number in the tenant. */
  async byMobileNumber(tenantId: string, mobileNumber: string): Promise<{ ok: true; value: VerificationStatus | null } | { ok: false; error: FieldProblem }> {
    const mobile = normalizeBdMobileNumber(mobileNumber);
    if (!mobile.ok) return { ok: false, error: { code: 'INVALID_MOBILE_NUMBER', field: 'mobileNumber', message: mobile.message } };
    const record = await this.deps.ds.manager
      .createQueryBuilder(ApplicationRecord, 'a')
      .where('a.tenant_id = :tenantId AND a.mobile_number_idx = :idx AND a.status <> :draft', {
        tenantId,
        idx: this.deps.cipher.blindIndex(mobile.value, tenantId),
        draft: 'draft',
      })
      .orderBy('a.submitted_at', 'DESC', 'NULLS LAST')
      .addOrderBy('a.created_at', 'DESC')
      .getOne();
    return { ok: true, value: record && (await this.statusOf(record)) };
  }

  private async statusOf(record: ApplicationRecord): Promise<VerificationStatus> {
    const status = ApplicationStatus[record.status];
    const base = { status, applicationId: record.id, reason: record.decisionReason, submittedAt: record.submittedAt, decidedAt: record.decidedAt };
    if (record.status !== 'passed' && record.status !== 'failed') return { ...base, detail: null };
    return { ...base, detail: await this.detailOf(record) };
  }

  private async detailOf(record: ApplicationRecord): Promise<VerificationDetail | null> {
    const applicant = this.deps.applications.applicantOf(record);
    if (!applicant) return null;
    const submission = record.submissionId ? await this.deps.submissions.findById(record.tenantId, record.submissionId) : null;
    const read = submission ? this.deps.submissions.readOf(submission) : null;
    const ec = new Map((record.nidResult?.fields ?? []).map((f) => [f.field, f.matched]));
    const detail: Partial<VerificationDetail> = {};
    for (const f of FIELDS) {
      const declared = applicant[f.applicant];
      const readValue = read?.fields.find((r) => r.name === f.read)?.value ?? null;
      const score = readValue === null ? null : scoreField(f.match, readValue, declared);
      const field: VerifiedField = {
        value: typeof declared === 'string' ? declared : addressText(declared as ApplicantFields['presentAddress']),
        score: score === null ? null : Math.round(score),
        matched: f.ec === null ? (record.nidResult ? record.nidResult.outcome !== 'not_found' : null) : (ec.get(f.ec) ?? null),
      };
      Object.assign(detail, { [f.key]: field });
    }
    const face = new Map((record.faceResult?.matches ?? []).map((m) => [m.pair, m.decision === 'match']));
    return {
      ...(detail as VerificationDetail),
      textualInfoMatch: record.nidResult?.outcome === 'verified',
      applicantPhotoFromCard: await this.deps.submissions.imageBase64(record.tenantId, record.cardPhotoRef),
      applicantPhotoCardEcMatch: face.get('card_ec') ?? null,
      applicantPhotoFromApp: await this.deps.submissions.imageBase64(record.tenantId, record.selfieRef),
      applicantPhotoAppEcMatch: face.get('selfie_ec') ?? null,
    };
  }
}
