import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'identity_document';

/**
 * Two-step submissions (ID document read, then applicant details), their images, the per-tenant
 * submission policy, and what the application needs to decide: provider results and the reason.
 */
export class Submissions1763850000000 implements MigrationInterface {
  name = 'Submissions1763850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${S}.document_images (
      tenant_id uuid NOT NULL,
      sha256 text NOT NULL,
      content_type text NOT NULL,
      size_bytes integer NOT NULL CHECK (size_bytes > 0),
      content_enc bytea NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, sha256))`);
    await q.query(`CREATE TABLE ${S}.submissions (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      created_by text NOT NULL,
      issuing_country text NOT NULL,
      id_type text NOT NULL,
      document_type text NULL CHECK (document_type IN ('nid_old', 'nid_smart', 'passport')),
      email_enc text NULL,
      extras_enc text NULL,
      custom_options jsonb NOT NULL DEFAULT '{}',
      kyc_status text NOT NULL CHECK (kyc_status IN ('pending', 'approved', 'rejected', 'incomplete')),
      retry_count integer NOT NULL DEFAULT 0,
      retry_code text NULL,
      retry_message text NULL,
      images_digest text NULL,
      images jsonb NOT NULL DEFAULT '{}',
      ocr_enc text NULL,
      document_fields jsonb NOT NULL DEFAULT '{}',
      missing_fields jsonb NOT NULL DEFAULT '[]',
      ocr_nid_idx text NULL,
      application_id uuid NULL,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX submissions_tenant_created ON ${S}.submissions (tenant_id, created_at DESC, id DESC)`);
    await q.query(`CREATE UNIQUE INDEX submissions_application ON ${S}.submissions (application_id) WHERE application_id IS NOT NULL`);
    await q.query(`CREATE TABLE ${S}.submission_policies (
      tenant_id uuid PRIMARY KEY,
      minimum_age integer NULL CHECK (minimum_age BETWEEN 0 AND 120),
      blacklisted_countries text[] NOT NULL DEFAULT '{}',
      approve_period_days integer NULL CHECK (approve_period_days > 0),
      reject_period_days integer NULL CHECK (reject_period_days > 0),
      reject_duplicate_user boolean NOT NULL DEFAULT false,
      require_face_match boolean NOT NULL DEFAULT true,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL)`);
    await q.query(`ALTER TABLE ${S}.applications
      ADD COLUMN submission_id uuid NULL,
      ADD COLUMN details_enc text NULL,
      ADD COLUMN selfie_ref text NULL,
      ADD COLUMN card_photo_ref text NULL,
      ADD COLUMN face_required boolean NOT NULL DEFAULT false,
      ADD COLUMN nid_result jsonb NULL,
      ADD COLUMN face_result jsonb NULL,
      ADD COLUMN decision_reason text NULL,
      ADD COLUMN decided_at timestamptz NULL`);
    await q.query(`CREATE INDEX applications_mobile ON ${S}.applications (tenant_id, mobile_number_idx, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ${S}.applications_mobile`);
    await q.query(`ALTER TABLE ${S}.applications
      DROP COLUMN submission_id, DROP COLUMN details_enc, DROP COLUMN selfie_ref, DROP COLUMN card_photo_ref, DROP COLUMN face_required,
      DROP COLUMN nid_result, DROP COLUMN face_result, DROP COLUMN decision_reason, DROP COLUMN decided_at`);
    await q.query(`DROP TABLE ${S}.submission_policies`);
    await q.query(`DROP TABLE ${S}.submissions`);
    await q.query(`DROP TABLE ${S}.document_images`);
  }
}
